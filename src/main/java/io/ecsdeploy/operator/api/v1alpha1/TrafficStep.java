package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One step of an explicit traffic schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficStep {
  @Required
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Percentage of production traffic on the replacement at this step.")
  public Integer weight;

  @Default("0s")
  @Pattern(Durations.PATTERN)
  @Size(max = 32)
  @ValidationRule(
      value = "duration(self) <= duration('48h')",
      message = "a step's wait may be at most 48h")
  @JsonPropertyDescription("How long this weight is held before the next step, e.g. 2m.")
  public String wait;
}
