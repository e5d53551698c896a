package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What a user asks of a running deployment; set a field to ask, the status shows the answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Operations {
  @JsonPropertyDescription(
      "Stop the deployment, with or without rollback. A finished deployment cannot be stopped.")
  public StopOperation stop;

  @JsonPropertyDescription(
      "End the ready wait, a pause of the traffic schedule or the termination wait early.")
  public ContinueOperation continueDeployment;
}
