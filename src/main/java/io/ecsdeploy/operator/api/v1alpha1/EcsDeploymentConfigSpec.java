package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A custom deployment configuration: how production traffic moves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsDeploymentConfigSpec {
  @Required
  @JsonPropertyDescription("How production traffic moves to the replacement task set.")
  public TrafficRouting trafficRouting;
}
