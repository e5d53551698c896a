package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;

/** A short reference to a deployment, as CodeDeploy's lastSuccessfulDeployment shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentRef {
  @JsonPropertyDescription("Name of the EcsDeployment.")
  public String name;

  @JsonPropertyDescription("Its deployment id (d-XXXXXXXXX).")
  public String deploymentId;

  @JsonPropertyDescription("Its status.")
  public DeploymentStatus status;

  @JsonPropertyDescription("When it was created (RFC 3339).")
  public String createTime;

  @JsonPropertyDescription("When it finished (RFC 3339).")
  public String endTime;
}
