package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The load balancer side of a deployment group: two target groups and the traffic routes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadBalancerInfo {
  @Required
  @ValidationRule(
      value = "size(self) == 2",
      message =
          "exactly two target groups are required, one for each of the original and replacement task sets")
  @ValidationRule(
      value = "size(self) != 2 || self[0].arn != self[1].arn",
      message = "the two target groups must be different")
  @JsonPropertyDescription(
      "Exactly two target groups on the load balancer of the routes. The replacement task set of a"
          + " deployment uses the one that the current primary task set does not.")
  public List<TargetGroupRef> targetGroups;

  @Required
  @JsonPropertyDescription("The production traffic route, shifted to the replacement task set.")
  public TrafficRoute productionRoute;

  @JsonPropertyDescription(
      "Optional test traffic route, pointed at the replacement task set before production traffic"
          + " moves, so hooks can validate it.")
  public TrafficRoute testRoute;
}
