package io.ecsdeploy.operator.aws;

/**
 * A deployment's status as CodeDeploy writes it in trigger messages (upper snake case, as observed
 * from ECS deployments).
 */
public enum TriggerStatus {
  CREATED,
  QUEUED,
  IN_PROGRESS,
  BAKING,
  READY,
  SUCCEEDED,
  FAILED,
  STOPPED
}
