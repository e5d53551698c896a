package io.ecsdeploy.operator.aws;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One trigger notification about a deployment: the fields of CodeDeploy's deployment trigger
 * message. {@link TriggerMessage} renders it as CodeDeploy does.
 *
 * @param region the region the deployment runs in
 * @param accountId the AWS account id
 * @param eventTriggerName the trigger's name, from the deployment group
 * @param applicationName the application's name
 * @param deploymentId the deployment's id
 * @param deploymentGroupName the deployment group's name
 * @param createTime when the deployment was created
 * @param completeTime when it finished, or {@code null} while it runs
 * @param overview lifecycle events per status
 * @param status the deployment's status
 * @param error why it failed, or {@code null}
 * @param rollback how it relates to a rollback, or {@code null}
 */
public record DeploymentNotification(
    String region,
    String accountId,
    String eventTriggerName,
    String applicationName,
    String deploymentId,
    String deploymentGroupName,
    Instant createTime,
    Instant completeTime,
    Overview overview,
    DeploymentStatus status,
    Error error,
    Rollback rollback) {

  public DeploymentNotification {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(applicationName, "applicationName");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(createTime, "createTime");
    Objects.requireNonNull(status, "status");
    overview = overview == null ? new Overview(0, 0, 0, 0, 0, 0) : overview;
  }

  /** How many lifecycle events are in each status. */
  public record Overview(
      int pending, int inProgress, int succeeded, int failed, int skipped, int ready) {}

  /**
   * The deployment's error.
   *
   * @param code a CodeDeploy error code, such as {@code ECS_UPDATE_ERROR}
   * @param message the error message
   */
  public record Error(String code, String message) {}

  /**
   * Rollback links.
   *
   * @param message such as "Deployment d-B is triggered to roll back deployment d-A."
   * @param triggeringDeploymentId the deployment being rolled back, or {@code null}
   * @param rollbackDeploymentId the deployment doing the rollback, or {@code null}
   */
  public record Rollback(
      String message, String triggeringDeploymentId, String rollbackDeploymentId) {}
}
