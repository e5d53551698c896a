package io.ecsdeploy.operator.api.v1alpha1;

/** Events that roll a deployment back automatically (CodeDeploy's names). */
public enum AutoRollbackEvent {
  DEPLOYMENT_FAILURE,
  DEPLOYMENT_STOP_ON_ALARM,
  DEPLOYMENT_STOP_ON_REQUEST
}
