package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;

/**
 * A hook's result, from the function's synchronous response or from its {@code
 * PutLifecycleEventHookExecutionStatus} call.
 *
 * @param executionId the {@code lifecycleEventHookExecutionId} it reports on
 * @param status {@code Succeeded} or {@code Failed}; anything else is ignored
 */
public record HookReport(String executionId, LifecycleEventStatus status) {}
