package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every resource's status carries: the generation it reflects and its conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ConditionedStatus {
  @JsonPropertyDescription("The metadata.generation this status reflects.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Kubernetes conditions, each with a reason and a message (for example Ready, or a problem"
          + " only AWS can reveal such as a service that does not use the EXTERNAL deployment"
          + " controller).")
  public List<Condition> conditions = new ArrayList<>();
}
