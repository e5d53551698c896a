package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** CodeDeploy's blueGreenDeploymentConfiguration for ECS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueGreenOptions {
  @JsonPropertyDescription("Whether to pause before production traffic moves, and for how long.")
  public DeploymentReady deploymentReady;

  @JsonPropertyDescription("What happens to the original task set after a successful deployment.")
  public TerminateOriginal terminateOriginal;
}
