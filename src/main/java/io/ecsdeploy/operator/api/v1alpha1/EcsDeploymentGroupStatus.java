package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of a deployment group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsDeploymentGroupStatus extends ConditionedStatus {
  @JsonPropertyDescription(
      "The target group serving production traffic; the next replacement uses the other one.")
  public String liveTargetGroupArn;

  @JsonPropertyDescription("The service's PRIMARY task set.")
  public String primaryTaskSetArn;

  @JsonPropertyDescription("The deployment in progress, if any.")
  public DeploymentRef currentDeployment;

  @JsonPropertyDescription(
      "The one deployment allowed to change AWS for this group: taken by a deployment when it"
          + " starts and given up when it ends, with a resourceVersion precondition, so that two"
          + " deployments never run at once.")
  public DeploymentRef activeDeployment;

  @JsonPropertyDescription("The last deployment that succeeded.")
  public DeploymentRef lastSuccessfulDeployment;

  @JsonPropertyDescription("The last deployment attempted, whatever its outcome.")
  public DeploymentRef lastAttemptedDeployment;

  @JsonPropertyDescription(
      "SHA-256 of the spec.revision the operator last created a deployment for.")
  public String observedRevisionHash;
}
