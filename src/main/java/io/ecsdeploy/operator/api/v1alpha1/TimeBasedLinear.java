package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Linear: equal increments of production traffic with an interval between them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeBasedLinear {
  @Required
  @Min(1)
  @Max(99)
  @JsonPropertyDescription("Percentage of production traffic added at each increment, 1 to 99.")
  public Integer linearPercentage;

  @Required
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1s') && duration(self) <= duration('48h'))",
      message = "the linear interval must be between 1s and 48h")
  @JsonPropertyDescription(
      "Time between increments, as a duration such as 1m (CodeDeploy's linearInterval in"
          + " minutes).")
  public String linearInterval;
}
