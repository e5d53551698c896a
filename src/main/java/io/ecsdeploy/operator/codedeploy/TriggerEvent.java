package io.ecsdeploy.operator.codedeploy;

/**
 * Deployment events an SNS trigger can subscribe to, each publishing a notification (CodeDeploy's
 * trigger event names).
 */
public enum TriggerEvent {
  DeploymentStart,
  DeploymentSuccess,
  DeploymentFailure,
  DeploymentStop,
  DeploymentRollback,
  DeploymentReady
}
