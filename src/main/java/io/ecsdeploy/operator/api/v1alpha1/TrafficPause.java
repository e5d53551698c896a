package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A pause in a step schedule, as Argo Rollouts' {@code pause}: the step's weight is held until the
 * user continues the deployment ({@code spec.operations.continueDeployment.trafficStep}), or until
 * the duration, when one is given, has passed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficPause {
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1s') && duration(self) <= duration('48h'))",
      message = "a pause's duration must be between 1s and 48h")
  @JsonPropertyDescription(
      "The longest the pause lasts, e.g. 30m: after it the shift goes on by itself, as Argo"
          + " Rollouts' pause does. Absent: the pause lasts until the user continues it.")
  public String duration;
}
