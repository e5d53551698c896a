package io.ecsdeploy.operator.lifecycle;

import java.util.Objects;
import java.util.Optional;

/**
 * The engine's answer to one call: the state to store, at most one action to perform, and when to
 * call again.
 *
 * @param state the new state; store it after performing the action
 * @param action the side effect to perform, if any
 * @param recheck when to call the engine again
 */
public record Decision(DeploymentState state, Optional<Action> action, Recheck recheck) {
  public Decision {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(recheck, "recheck");
  }
}
