package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;

/**
 * How the hook callback endpoint answers a {@code PutLifecycleEventHookExecutionStatus} call,
 * judged against the deployment's stored state. Execution ids are single-use: only the hook that is
 * running may report, once, and only {@code Succeeded} or {@code Failed}, as CodeDeploy enforces.
 */
public final class HookCallbacks {
  private HookCallbacks() {}

  /** The answer. */
  public enum Verdict {
    /** Record the status; hand it to the engine as a {@link HookReport}. */
    ACCEPT,
    /** The execution id belongs to a hook that already ended. */
    LIFECYCLE_EVENT_ALREADY_COMPLETED,
    /** The execution id belongs to no hook of the deployment. */
    INVALID_EXECUTION_ID,
    /** The status is neither {@code Succeeded} nor {@code Failed}. */
    INVALID_STATUS
  }

  /** Judges a report of {@code status} for {@code executionId}. */
  public static Verdict check(DeploymentState state, String executionId, String status) {
    if (!LifecycleEventStatus.Succeeded.name().equals(status)
        && !LifecycleEventStatus.Failed.name().equals(status)) {
      return Verdict.INVALID_STATUS;
    }
    HookExecution running = state.hookExecution();
    if (running != null && running.executionId().equals(executionId)) {
      return Verdict.ACCEPT;
    }
    boolean known =
        state.lifecycleEvents().stream()
            .anyMatch(event -> executionId.equals(event.hookExecutionId()));
    return known ? Verdict.LIFECYCLE_EVENT_ALREADY_COMPLETED : Verdict.INVALID_EXECUTION_ID;
  }
}
