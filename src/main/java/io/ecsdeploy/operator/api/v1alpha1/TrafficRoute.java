package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Where traffic enters: a whole listener (CodeDeploy's way) or one rule of a listener. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.listenerArn) != has(self.listenerRuleArn)",
    message = "set exactly one of listenerArn or listenerRuleArn")
public class TrafficRoute {
  @Pattern(ArnPatterns.LISTENER)
  @JsonPropertyDescription("ARN of a listener whose default action forwards to the target groups.")
  public String listenerArn;

  @Pattern(ArnPatterns.LISTENER_RULE)
  @JsonPropertyDescription(
      "ARN of a listener rule whose forward action is shifted instead of a whole listener.")
  public String listenerRuleArn;
}
