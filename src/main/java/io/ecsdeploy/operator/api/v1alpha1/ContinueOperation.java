package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Requests to end a wait early (CodeDeploy's ContinueDeployment). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContinueOperation {
  @JsonPropertyDescription(
      "READY_WAIT: start shifting production traffic now (the deployment must be Ready).")
  public Boolean readyWait;

  @JsonPropertyDescription(
      "TERMINATION_WAIT: end the termination wait and remove the original now.")
  public Boolean terminationWait;
}
