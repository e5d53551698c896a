package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;

/**
 * The hook currently running. The callback endpoint accepts a status only for this execution id.
 *
 * @param event the hook event
 * @param executionId the unguessable, single-use {@code lifecycleEventHookExecutionId}
 * @param functionName the Lambda function invoked
 * @param deadline when the event fails if no status has arrived
 * @param invoked whether the invocation is known to have been made
 */
public record HookExecution(
    LifecycleEvent event,
    String executionId,
    String functionName,
    Instant deadline,
    boolean invoked) {}
