package io.ecsdeploy.operator.api.v1alpha1;

/** A deployment's status, with CodeDeploy's names. */
public enum DeploymentStatus {
  Created,
  Queued,
  InProgress,
  Baking,
  Ready,
  Succeeded,
  Failed,
  Stopped;

  public boolean isFinished() {
    return this == Succeeded || this == Failed || this == Stopped;
  }
}
