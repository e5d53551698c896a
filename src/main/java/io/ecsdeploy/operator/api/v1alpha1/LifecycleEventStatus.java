package io.ecsdeploy.operator.api.v1alpha1;

/** A lifecycle event's status, with CodeDeploy's names. */
public enum LifecycleEventStatus {
  Pending,
  InProgress,
  Succeeded,
  Failed,
  Skipped,
  Unknown
}
