package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.Phase;
import java.time.Instant;
import java.util.Objects;

/**
 * A deployment's run record: what it was started with ({@link FrozenInputs}) and how far it got
 * ({@link DeploymentState}), kept as one versioned document in {@code status.runRecord}. The
 * operator resumes every deployment from it after a restart, and never re-reads the group, the
 * configuration or the revision for a deployment that has one.
 *
 * @param schemaVersion the document's version ({@link #SCHEMA_VERSION} when written by this code)
 * @param inputs what the deployment runs on; {@code null} only for a deployment that failed before
 *     its inputs could be resolved
 * @param state the engine's state
 * @param actionFailure the failure of the action the last decision asked for, which the next
 *     decision needs to see; {@code null} when it succeeded or there was none
 * @param actionInFlight an action that was decided and saved but is not known to have been
 *     performed: it is performed (again; every action is idempotent) before anything else is
 *     decided. Saving it before performing it is what makes a crash in between harmless
 */
public record RunRecord(
    int schemaVersion,
    FrozenInputs inputs,
    DeploymentState state,
    ActionFailure actionFailure,
    Action actionInFlight) {

  /** The version this code writes. Version 1 was {@code status.engine}: a state without inputs. */
  public static final int SCHEMA_VERSION = 2;

  public RunRecord {
    Objects.requireNonNull(state, "state");
  }

  static RunRecord started(FrozenInputs inputs, DeploymentState state) {
    return new RunRecord(SCHEMA_VERSION, inputs, state, null, null);
  }

  RunRecord withState(DeploymentState next) {
    return new RunRecord(SCHEMA_VERSION, inputs, next, actionFailure, actionInFlight);
  }

  /** The decision's new state, and the action about to be performed (saved first). */
  RunRecord deciding(DeploymentState next, Action action) {
    return new RunRecord(SCHEMA_VERSION, inputs, next, null, action);
  }

  /** The action in flight was performed; {@code failure} is how it went wrong, if it did. */
  RunRecord performed(ActionFailure failure) {
    return new RunRecord(SCHEMA_VERSION, inputs, state, failure, null);
  }

  /**
   * The action in flight was performed by a call that returned at {@code returnedAt}. When it
   * succeeded, a wait that follows it counts from then: AWS had taken the change by that moment,
   * whereas the SDK may have sent it seconds after it was handed out (a throttled attempt, a retry
   * after a 5xx), and a wait counted from the hand-out would be cut short by that much.
   */
  RunRecord performed(ActionFailure failure, Instant returnedAt) {
    DeploymentState next = failure == null ? state.reissuedAt(returnedAt) : state;
    return new RunRecord(SCHEMA_VERSION, inputs, next, failure, null);
  }

  /** Ended, with nothing left to publish: it is never run again. */
  boolean isDone() {
    return state.phase() == Phase.FINISHED
        && state.pendingNotifications().isEmpty()
        && actionInFlight == null;
  }
}
