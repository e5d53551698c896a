package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything one decision depends on. The engine reads nothing else: not the clock, not AWS, not a
 * random source; that is what makes a decision repeatable and testable.
 *
 * @param settings the deployment's resolved settings
 * @param state the state stored by the previous decision, or {@link DeploymentState#created}
 * @param observation what was read from AWS just now
 * @param operations what the user asks for
 * @param now the current time
 * @param newHookExecutionId an unguessable id the engine gives to a hook execution if it starts one
 *     in this decision. Random per call works; better is a keyed hash (HMAC with an operator
 *     secret) of the deployment's UID and the event, because then a decision repeated after a crash
 *     (action performed, state not saved) reuses the id and the hook's report still counts
 */
public record EngineInput(
    DeploymentSettings settings,
    DeploymentState state,
    Observation observation,
    UserOperations operations,
    Instant now,
    String newHookExecutionId) {
  public EngineInput {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(now, "now");
    if (!settings.deploymentId().equals(state.deploymentId())) {
      throw new IllegalArgumentException(
          "settings are for "
              + settings.deploymentId()
              + " but the state is for "
              + state.deploymentId());
    }
  }
}
