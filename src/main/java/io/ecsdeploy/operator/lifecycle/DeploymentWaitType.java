package io.ecsdeploy.operator.lifecycle;

/**
 * The waits a continue operation can end, as CodeDeploy's {@code deploymentWaitType} names them.
 */
public enum DeploymentWaitType {
  READY_WAIT,
  TERMINATION_WAIT
}
