package io.ecsdeploy.operator.lifecycle;

/**
 * How the hook callback endpoint answers a {@code PutLifecycleEventHookExecutionStatus} call,
 * judged against the deployment's stored state. Execution ids are single-use: only the hook that is
 * running may report, once, and only {@code Succeeded} or {@code Failed}, as CodeDeploy enforces.
 */
public final class HookCallbacks {
  private HookCallbacks() {}

  /** The answer, with the CodeDeploy error code a refusal carries. */
  public enum Verdict {
    /** Record the status; hand it to the engine as a {@link HookReport}. */
    ACCEPT(null),
    LIFECYCLE_EVENT_ALREADY_COMPLETED("LifecycleEventAlreadyCompletedException"),
    INVALID_EXECUTION_ID("InvalidLifecycleEventHookExecutionIdException"),
    INVALID_STATUS("InvalidLifecycleEventHookExecutionStatusException");

    private final String errorCode;

    Verdict(String errorCode) {
      this.errorCode = errorCode;
    }

    /** The {@code __type} of CodeDeploy's error response; {@code null} for {@link #ACCEPT}. */
    public String errorCode() {
      return errorCode;
    }
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
