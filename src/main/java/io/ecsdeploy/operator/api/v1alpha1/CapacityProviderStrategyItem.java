package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One capacity provider of the replacement task set's strategy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CapacityProviderStrategyItem {
  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Capacity provider name, e.g. FARGATE or FARGATE_SPOT.")
  public String capacityProvider;

  @Min(0)
  @Max(100000)
  @JsonPropertyDescription("Minimum number of tasks on this provider.")
  public Integer base;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Relative share of tasks on this provider.")
  public Integer weight;
}
