package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.util.ArrayList;
import java.util.List;

/** What GetDeployment and ListDeploymentTargets would show for this deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsDeploymentStatus extends ConditionedStatus {
  @JsonPropertyDescription("CodeDeploy-style deployment id, d- followed by 9 characters.")
  public String deploymentId;

  @JsonPropertyDescription(
      "Created, Queued, InProgress, Baking, Ready, Succeeded, Failed or Stopped.")
  public DeploymentStatus status;

  @JsonPropertyDescription("The lifecycle event in progress, or the wait the deployment is in.")
  public String currentEvent;

  @JsonPropertyDescription(
      "Production traffic split as original/replacement percentages, e.g. 90/10.")
  public String trafficSplit;

  @JsonPropertyDescription(
      "The pause the production shift is in (a pause step of a Steps configuration), until the"
          + " user continues it or its limit passes; absent otherwise.")
  public TrafficPauseStatus pause;

  @JsonPropertyDescription("user, or gitOps (created from a group's revision).")
  public String creator;

  @JsonPropertyDescription(
      "Where the deployment is, finer than its status: PendingStart, BeforeInstall, Install,"
          + " AfterInstall, AllowTestTraffic, AfterAllowTestTraffic, ReadyWait, BeforeAllowTraffic,"
          + " AllowTraffic, AfterAllowTraffic, PromoteReplacement, TerminationWait, RemoveOriginal,"
          + " Rollback or Finished.")
  public String phase;

  @JsonPropertyDescription(
      "The deployment configuration, fixed when the deployment registered: later edits of the"
          + " group or the configuration apply to later deployments only.")
  public String deploymentConfigName;

  @JsonPropertyDescription("The configuration's traffic schedule, in words.")
  public String trafficRouting;

  @JsonPropertyDescription("The revision, as it was read when the deployment registered.")
  public RevisionSummary revision;

  @JsonPropertyDescription("When the deployment was created (RFC 3339).")
  public String createTime;

  @JsonPropertyDescription("When the first lifecycle event started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the deployment finished (RFC 3339).")
  public String completeTime;

  @JsonPropertyDescription("The eight lifecycle events with their status and times.")
  public List<LifecycleEventInfo> lifecycleEvents = new ArrayList<>();

  @JsonPropertyDescription("The original (Blue) and replacement (Green) task sets.")
  public List<TaskSetInfo> taskSets = new ArrayList<>();

  @JsonPropertyDescription("Why the deployment failed or stopped.")
  public ErrorInformation errorInformation;

  @JsonPropertyDescription("Links to the deployment this one rolled back, or that rolled it back.")
  public RollbackInfo rollbackInfo;

  @JsonPropertyDescription(
      "The analysis checks: each one's counts in the current or last wait, and its latest"
          + " measurements.")
  public List<AnalysisCheckStatus> analysis;

  @JsonPropertyDescription(
      "When the wait the deployment is in ends (ready wait, traffic step, termination wait, hook"
          + " timeout), RFC 3339.")
  public String nextDeadline;

  @JsonPropertyDescription(
      "The run record (JSON, with a schemaVersion): what the deployment was started with and how"
          + " far it got, from which the operator resumes it after a restart. Written by the"
          + " operator only; read the typed fields above instead.")
  public String runRecord;

  @JsonPropertyDescription(
      "The bookkeeping operators before the run record wrote; read once, when such a deployment"
          + " is taken over, and then removed.")
  public String engine;
}
