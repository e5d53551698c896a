package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;

/**
 * The hook currently running. The callback endpoint accepts a status only for this execution id.
 *
 * @param event the hook event
 * @param executionId the unguessable, single-use {@code lifecycleEventHookExecutionId}
 * @param functionName the Lambda function invoked, or the HTTP endpoint called
 * @param deadline when the event fails if no status has arrived
 * @param invoked whether the invocation is known to have been made
 * @param invokeAgainAt for an invocation whose answer did not come, when the function's run must
 *     have ended (its timeout after it was invoked): without a result by then, its answer was lost
 *     on the way and it is invoked again, with the same execution id; {@code null} otherwise
 */
public record HookExecution(
    LifecycleEvent event,
    String executionId,
    String functionName,
    Instant deadline,
    boolean invoked,
    Instant invokeAgainAt) {

  /** This execution, its last invocation unanswered: invoked again at {@code at} without result. */
  public HookExecution unansweredUntil(Instant at) {
    return new HookExecution(event, executionId, functionName, deadline, invoked, at);
  }
}
