package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** A request to stop the deployment (CodeDeploy's StopDeployment). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StopOperation {
  @Default("false")
  @JsonPropertyDescription(
      "Whether to roll back: listeners back to the original target group, the original task set"
          + " primary again, the replacement deleted.")
  public Boolean autoRollbackEnabled;
}
