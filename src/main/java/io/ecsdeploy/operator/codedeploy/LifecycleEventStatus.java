package io.ecsdeploy.operator.codedeploy;

/** A lifecycle event's status, with CodeDeploy's names. */
public enum LifecycleEventStatus {
  Pending,
  InProgress,
  Succeeded,
  Failed,
  Skipped,
  Unknown
}
