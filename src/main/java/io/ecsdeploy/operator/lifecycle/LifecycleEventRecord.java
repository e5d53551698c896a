package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;

/**
 * One lifecycle event of a deployment, as {@code ListDeploymentTargets} reports it.
 *
 * @param lifecycleEventName the event
 * @param status its status
 * @param startTime when it started, {@code null} before
 * @param endTime when it ended, {@code null} before
 * @param hookExecutionId the {@code lifecycleEventHookExecutionId} of its hook, once invoked
 * @param diagnostics why it failed or was skipped, {@code null} otherwise
 */
public record LifecycleEventRecord(
    LifecycleEvent lifecycleEventName,
    LifecycleEventStatus status,
    java.time.Instant startTime,
    java.time.Instant endTime,
    String hookExecutionId,
    String diagnostics) {

  static LifecycleEventRecord pending(LifecycleEvent event) {
    return new LifecycleEventRecord(event, LifecycleEventStatus.Pending, null, null, null, null);
  }
}
