package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A CodeDeploy deployment group for ECS: one ECS service, its load balancer and the rules. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsDeploymentGroupSpec {
  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the EcsApplication (same namespace) this group belongs to.")
  public String applicationName;

  @Required
  @JsonPropertyDescription("The ECS service deployed to; one deployment group per service.")
  public EcsServiceRef service;

  @Required
  @JsonPropertyDescription("The two target groups and the production and optional test routes.")
  public LoadBalancerInfo loadBalancer;

  @Default("CodeDeployDefault.ECSAllAtOnce")
  @Size(min = 1, max = 253)
  @JsonPropertyDescription(
      "How production traffic moves: one of CodeDeployDefault.ECSAllAtOnce,"
          + " CodeDeployDefault.ECSLinear10PercentEvery1Minutes,"
          + " CodeDeployDefault.ECSLinear10PercentEvery3Minutes,"
          + " CodeDeployDefault.ECSCanary10Percent5Minutes,"
          + " CodeDeployDefault.ECSCanary10Percent15Minutes, or the name of an EcsDeploymentConfig"
          + " in the same namespace.")
  public String deploymentConfigName;

  @Default("Gradual")
  @JsonPropertyDescription(
      "When the production listener is on a Network Load Balancer: Gradual (the default) lets"
          + " canary, linear and step configurations shift its weighted forward action, as Amazon"
          + " ECS's own deployments do; AllAtOnceOnly keeps CodeDeploy's rule that only all-at-once"
          + " configurations may be used there (other deployments wait with reason"
          + " DeploymentConfigNotAllowed).")
  public NetworkLoadBalancerTraffic networkLoadBalancerTraffic;

  @JsonPropertyDescription("Ready wait and termination of the original task set.")
  public BlueGreenOptions blueGreen;

  @JsonPropertyDescription("CloudWatch alarms that stop a deployment.")
  public AlarmConfiguration alarmConfiguration;

  @JsonPropertyDescription("Which events roll a deployment back.")
  public AutoRollbackConfiguration autoRollback;

  @JsonPropertyDescription(
      "Analysis checks run during each traffic step's wait and the termination wait (metrics from"
          + " CloudWatch or Prometheus, web checks), judged by CEL conditions.")
  public AnalysisConfiguration analysis;

  @Size(max = 10)
  @JsonPropertyDescription("Up to 10 SNS notifications sent at deployment events.")
  public List<Trigger> triggers;

  @JsonPropertyDescription(
      "Publish each deployment state change (START, READY, SUCCESS, FAILURE, STOP, and a"
          + " rollback's START and SUCCESS or FAILURE) to this EventBridge bus as CodeDeploy's"
          + " \"CodeDeploy Deployment State-change Notification\" events.")
  public EventBridgeNotifications eventBridge;

  @Pattern(ArnPatterns.AWS_REGION)
  @JsonPropertyDescription("AWS region of the service; overrides the application's.")
  public String region;

  @Pattern(ArnPatterns.IAM_ROLE)
  @JsonPropertyDescription(
      "IAM role the operator assumes for this group's AWS calls; overrides the application's.")
  public String roleArn;

  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1m') && duration(self) <= duration('336h'))",
      message = "the hook timeout must be between 1m and 336h")
  @Default("1h")
  @JsonPropertyDescription(
      "How long a lifecycle hook may take to report before its event fails (CodeDeploy: 1 hour).")
  public String hookTimeout;

  @JsonPropertyDescription(
      "Lifecycle hooks served by HTTP(S) endpoints, signed with a key from a Secret (see"
          + " docs/hooks.md).")
  public HttpHooks httpHooks;

  @JsonPropertyDescription(
      "Wait for enough healthy targets in the replacement target group before test traffic and"
          + " before each production weight change (see docs/lifecycle.md).")
  public TargetHealthGate targetHealth;

  @JsonPropertyDescription(
      "GitOps: the desired revision. When it changes, the operator creates an EcsDeployment for"
          + " it, as a Deployment creates ReplicaSets. Leave unset to create EcsDeployments"
          + " yourself.")
  public Revision revision;

  @Default("10")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "How many finished EcsDeployments created from spec.revision are kept (default 10).")
  public Integer revisionHistoryLimit;
}
