package io.ecsdeploy.operator.codedeploy;

/**
 * What makes a deployment roll back on its own, when automatic rollback is enabled (CodeDeploy's
 * names).
 */
public enum AutoRollbackEvent {
  DEPLOYMENT_FAILURE,
  DEPLOYMENT_STOP_ON_ALARM,
  DEPLOYMENT_STOP_ON_REQUEST
}
