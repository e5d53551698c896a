package io.ecsdeploy.operator.lifecycle;

import java.util.Locale;

/**
 * Status of a deployment, as CodeDeploy reports it. {@code Baking} exists in CodeDeploy's API but
 * is not used for ECS, so the engine never enters it.
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

  /** The upper-snake spelling SNS trigger messages use, such as {@code IN_PROGRESS}. */
  public String notificationStatus() {
    return name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
