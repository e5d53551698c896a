package io.ecsdeploy.operator.lifecycle;

/** Status of one lifecycle event, as CodeDeploy reports it. */
public enum LifecycleEventStatus {
  Pending,
  InProgress,
  Succeeded,
  Failed,
  Skipped,
  Unknown
}
