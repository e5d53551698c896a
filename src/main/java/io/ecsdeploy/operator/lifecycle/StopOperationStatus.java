package io.ecsdeploy.operator.lifecycle;

/** The answer to a stop request, as CodeDeploy's StopDeployment gives it. */
public enum StopOperationStatus {
  /** Accepted; a rollback is still running. */
  Pending,
  /** The deployment stopped. */
  Succeeded,
  /** The deployment had already completed (CodeDeploy: DeploymentAlreadyCompletedException). */
  Rejected
}
