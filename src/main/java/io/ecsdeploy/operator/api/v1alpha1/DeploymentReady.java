package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** CodeDeploy's deploymentReadyOption: whether to pause before production traffic moves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentReady {
  @Default("CONTINUE_DEPLOYMENT")
  @JsonPropertyDescription(
      "CONTINUE_DEPLOYMENT shifts production traffic at once; STOP_DEPLOYMENT waits (status Ready)"
          + " for a continue operation with readyWait and stops the deployment when the wait runs"
          + " out.")
  public DeploymentReadyAction actionOnTimeout;

  @Default("0s")
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value = Durations.UNLESS_MALFORMED + "duration(self) <= duration('48h')",
      message = "the ready wait may be at most 2880 minutes (48h)")
  @JsonPropertyDescription(
      "With STOP_DEPLOYMENT, how long to wait for the continue operation, as a duration such as"
          + " 30m (CodeDeploy's waitTimeInMinutes).")
  public String wait;
}
