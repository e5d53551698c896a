package io.ecsdeploy.operator.lifecycle;

/** Deployment events an SNS trigger can subscribe to, spelled as CodeDeploy spells them. */
public enum TriggerEvent {
  DeploymentStart,
  DeploymentSuccess,
  DeploymentFailure,
  DeploymentStop,
  DeploymentRollback,
  DeploymentReady
}
