package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

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

  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "End the pauses of the traffic schedule's steps 1 to this number (steps counted from 1, as"
          + " status.pause.step shows them): set it to status.pause.step to end the current pause."
          + " Set ahead, a pause of those steps ends as soon as it begins.")
  public Integer trafficStep;
}
