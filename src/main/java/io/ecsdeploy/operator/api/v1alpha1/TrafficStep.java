package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One step of an explicit traffic schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.pause) || !has(self.wait) || !self.wait.matches('"
            + Durations.PATTERN
            + "') || duration(self.wait) == duration('0s')",
    message = "a pause step gives its limit as pause.duration, not as wait")
public class TrafficStep {
  @Required
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Percentage of production traffic on the replacement at this step.")
  public Integer weight;

  @Default("0s")
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value = Durations.UNLESS_MALFORMED + "duration(self) <= duration('48h')",
      message = "a step's wait may be at most 48h")
  @JsonPropertyDescription("How long this weight is held before the next step, e.g. 2m.")
  public String wait;

  @JsonPropertyDescription(
      "Make this step a pause: its weight is held until the user continues the deployment"
          + " (spec.operations.continueDeployment.trafficStep, or kubectl ecsdeploy continue), or"
          + " until pause.duration has passed. {} pauses without a limit.")
  public TrafficPause pause;
}
