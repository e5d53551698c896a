package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Canary: a first percentage, then the rest after one interval. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeBasedCanary {
  @Required
  @Min(1)
  @Max(99)
  @JsonPropertyDescription("Percentage of production traffic moved first, 1 to 99.")
  public Integer canaryPercentage;

  @Required
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1s') && duration(self) <= duration('48h'))",
      message = "the canary interval must be between 1s and 48h")
  @JsonPropertyDescription(
      "How long the canary share is held before the rest moves, as a duration such as 5m"
          + " (CodeDeploy's canaryInterval in minutes).")
  public String canaryInterval;
}
