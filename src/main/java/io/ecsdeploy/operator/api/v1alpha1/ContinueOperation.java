package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Requests to end a wait early (CodeDeploy's ContinueDeployment). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContinueOperation {
  @JsonPropertyDescription(
      "READY_WAIT: end the ready wait and start shifting production traffic now; set before the"
          + " wait starts, the wait ends as soon as it starts.")
  public Boolean readyWait;

  @JsonPropertyDescription(
      "TERMINATION_WAIT: end the termination wait and remove the original now; set before the"
          + " wait starts, the wait ends as soon as it starts.")
  public Boolean terminationWait;
}
