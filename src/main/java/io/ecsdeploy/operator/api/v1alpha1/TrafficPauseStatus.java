package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A pause of the production shift, while it lasts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficPauseStatus {
  @JsonPropertyDescription(
      "The paused step, counted from 1: continue it with"
          + " spec.operations.continueDeployment.trafficStep set to this number.")
  public Integer step;

  @JsonPropertyDescription("The replacement's share of production traffic during the pause.")
  public Integer weight;

  @JsonPropertyDescription("When the pause began (RFC 3339).")
  public String since;

  @JsonPropertyDescription(
      "When the pause ends by itself (RFC 3339); absent when it waits for the user only.")
  public String until;
}
