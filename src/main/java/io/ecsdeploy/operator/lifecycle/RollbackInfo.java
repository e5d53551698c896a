package io.ecsdeploy.operator.lifecycle;

/**
 * CodeDeploy's {@code rollbackInfo}, linking a deployment that was rolled back with the rollback.
 *
 * @param rollbackDeploymentId the rollback's id, on the deployment that was rolled back
 * @param rollbackTriggeringDeploymentId the rolled-back deployment's id, on the rollback
 * @param rollbackMessage CodeDeploy's explanation
 */
public record RollbackInfo(
    String rollbackDeploymentId, String rollbackTriggeringDeploymentId, String rollbackMessage) {

  /** The record on a deployment that is being rolled back. */
  public static RollbackInfo forRolledBackDeployment(
      String deploymentId, String rollbackDeploymentId) {
    return new RollbackInfo(
        rollbackDeploymentId,
        null,
        "Deployment "
            + deploymentId
            + " terminated. Automatic rollback is triggered with a DeploymentId "
            + rollbackDeploymentId
            + ".");
  }
}
