package io.ecsdeploy.operator.codedeploy;

/**
 * What to do once the replacement is installed and test traffic reaches it: CodeDeploy's {@code
 * deploymentReadyOption.actionOnTimeout}.
 */
public enum DeploymentReadyAction {
  /** Shift production traffic as soon as the replacement is installed and tested. */
  CONTINUE_DEPLOYMENT,
  /** Wait in status Ready for a continue operation; stop the deployment when the wait runs out. */
  STOP_DEPLOYMENT
}
