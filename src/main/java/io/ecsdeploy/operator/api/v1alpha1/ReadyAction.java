package io.ecsdeploy.operator.api.v1alpha1;

/**
 * What to do once the replacement is installed and test traffic reaches it (CodeDeploy's names).
 */
public enum ReadyAction {
  /** Start shifting production traffic at once. */
  CONTINUE_DEPLOYMENT,
  /** Wait for a continue operation; when the wait runs out, the deployment is Stopped. */
  STOP_DEPLOYMENT
}
