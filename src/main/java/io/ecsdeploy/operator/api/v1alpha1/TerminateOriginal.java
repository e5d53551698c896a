package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** CodeDeploy's terminateBlueInstancesOnDeploymentSuccess for ECS. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TerminateOriginal {
  @Default("TERMINATE")
  @JsonPropertyDescription(
      "TERMINATE deletes the original task set after the wait; KEEP_ALIVE leaves it running.")
  public TerminationAction action;

  @Default("0s")
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value = Durations.UNLESS_MALFORMED + "duration(self) <= duration('48h')",
      message = "the termination wait may be at most 2880 minutes (48h)")
  @JsonPropertyDescription(
      "How long the original task set keeps running after production traffic has moved, as a"
          + " duration such as 5m or 1h (CodeDeploy's terminationWaitTimeInMinutes, 0 to 2880"
          + " minutes). A continue operation with terminationWait ends it early.")
  public String wait;
}
