package io.ecsdeploy.operator.api.v1alpha1;

/** Deployment events that publish an SNS notification (CodeDeploy's trigger event names). */
public enum TriggerEvent {
  DeploymentStart,
  DeploymentSuccess,
  DeploymentFailure,
  DeploymentStop,
  DeploymentRollback,
  DeploymentReady
}
