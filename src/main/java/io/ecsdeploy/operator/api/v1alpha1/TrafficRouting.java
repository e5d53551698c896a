package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** CodeDeploy's trafficRoutingConfig, plus explicit steps. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'TimeBasedCanary' || has(self.timeBasedCanary)",
    message = "type TimeBasedCanary needs timeBasedCanary")
@ValidationRule(
    value = "self.type != 'TimeBasedLinear' || has(self.timeBasedLinear)",
    message = "type TimeBasedLinear needs timeBasedLinear")
@ValidationRule(
    value = "self.type != 'Steps' || has(self.steps)",
    message = "type Steps needs steps")
@ValidationRule(
    value =
        "(!has(self.timeBasedCanary) || self.type == 'TimeBasedCanary')"
            + " && (!has(self.timeBasedLinear) || self.type == 'TimeBasedLinear')"
            + " && (!has(self.steps) || self.type == 'Steps')",
    message = "set only the settings of the chosen type")
public class TrafficRouting {
  @Required
  @JsonPropertyDescription("AllAtOnce, TimeBasedCanary, TimeBasedLinear or Steps.")
  public TrafficRoutingType type;

  @JsonPropertyDescription("Settings of TimeBasedCanary.")
  public TimeBasedCanary timeBasedCanary;

  @JsonPropertyDescription("Settings of TimeBasedLinear.")
  public TimeBasedLinear timeBasedLinear;

  @Size(min = 1, max = 100)
  @ValidationRule(
      value =
          "self.map(s, s.weight).isSorted() && self.all(s, self.exists_one(t, t.weight == s.weight))",
      message = "step weights must increase from one step to the next")
  @ValidationRule(
      // An empty list has its own error (minItems); indexing it would add one about CEL.
      value = "size(self) == 0 || self[size(self) - 1].weight == 100",
      message = "the last step must move all traffic (weight 100)")
  @JsonPropertyDescription(
      "For type Steps: increasing weights, the last one 100, each held for its wait.")
  public List<TrafficStep> steps;
}
