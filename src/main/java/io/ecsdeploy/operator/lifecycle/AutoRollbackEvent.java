package io.ecsdeploy.operator.lifecycle;

/** What makes a deployment roll back on its own, when automatic rollback is enabled. */
public enum AutoRollbackEvent {
  DEPLOYMENT_FAILURE,
  DEPLOYMENT_STOP_ON_ALARM,
  DEPLOYMENT_STOP_ON_REQUEST
}
