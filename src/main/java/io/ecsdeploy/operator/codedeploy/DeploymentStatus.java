package io.ecsdeploy.operator.codedeploy;

/**
 * A deployment's status, with CodeDeploy's names. {@code Baking} exists in CodeDeploy's API but is
 * not used for ECS, so the engine never enters it.
 */
public enum DeploymentStatus {
  Created,
  Queued,
  InProgress,
  Baking,
  Ready,
  Succeeded,
  Failed,
  Stopped;

  /** Whether the deployment has ended and will not change any more. */
  public boolean isTerminal() {
    return this == Succeeded || this == Failed || this == Stopped;
  }

  /** Whether the deployment holds its group: no other deployment of the group may start. */
  public boolean isActive() {
    return this == InProgress || this == Ready || this == Baking;
  }
}
