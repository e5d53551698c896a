package io.ecsdeploy.operator.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * One deployment state change, with the fields of CodeDeploy's "CodeDeploy Deployment State-change
 * Notification" event. {@link StateChangeEvent} renders it as CodeDeploy does.
 *
 * @param source the event's source: CodeDeploy's is {@code aws.codedeploy}, which EventBridge
 *     accepts only from AWS services, so the operator's is configurable
 * @param partition the AWS partition, such as {@code aws}
 * @param region the region the deployment runs in
 * @param accountId the account of the deployment's resources
 * @param applicationName the application
 * @param deploymentGroupName the deployment group
 * @param deploymentGroupId the deployment group's id (CodeDeploy's {@code instanceGroupId})
 * @param deploymentId the deployment, or for a rollback the rollback's id
 * @param state START, SUCCESS, FAILURE, STOP or READY
 * @param time when the state changed
 */
public record DeploymentStateChange(
    String source,
    String partition,
    String region,
    String accountId,
    String applicationName,
    String deploymentGroupName,
    String deploymentGroupId,
    String deploymentId,
    String state,
    Instant time) {

  public DeploymentStateChange {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(applicationName, "applicationName");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(time, "time");
    partition = partition == null ? "aws" : partition;
  }
}
