package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of an application. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsApplicationStatus extends ConditionedStatus {
  @JsonPropertyDescription("Number of deployment groups that name this application.")
  public Integer deploymentGroups;
}
