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

  @JsonPropertyDescription("user, or gitOps (created from a group's revision).")
  public String creator;

  @JsonPropertyDescription("The resolved deployment configuration.")
  public String deploymentConfigName;

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
      "When the operator looks again for a wait that ends on time (ready, traffic step,"
          + " termination, hook timeout), RFC 3339.")
  public String nextDeadline;

  @JsonPropertyDescription(
      "The operator's own bookkeeping of the deployment (JSON), from which it resumes after a"
          + " restart. Not an interface: its shape may change between versions.")
  public String engine;
}
