package io.ecsdeploy.operator.aws;

import java.util.List;
import java.util.Objects;

/**
 * The replacement task set a deployment asks for. The {@code deploymentKey} (the deployment's UID)
 * makes creation idempotent: it becomes the task set's {@code externalId}, by which a restarted
 * operator adopts it, and the request's {@code clientToken}, by which ECS deduplicates retries.
 *
 * @param service the service to create it in
 * @param deploymentKey a key unique to the deployment, such as its UID
 * @param taskDefinition the task definition ARN (or family:revision)
 * @param targetGroupArn the target group the task set registers with
 * @param containerName the container that receives traffic
 * @param containerPort its port
 * @param launchType FARGATE, EC2, ...; {@code null} when a capacity provider strategy is given or
 *     when the cluster's default strategy applies
 * @param capacityProviderStrategy the strategy, empty for none; excludes {@code launchType}
 * @param network the awsvpc network configuration, or {@code null} for none
 * @param platformVersion the Fargate platform version, or {@code null} for ECS's default
 */
public record NewTaskSet(
    ServiceId service,
    String deploymentKey,
    String taskDefinition,
    String targetGroupArn,
    String containerName,
    int containerPort,
    String launchType,
    List<CapacityProviderItem> capacityProviderStrategy,
    VpcNetwork network,
    String platformVersion) {

  public NewTaskSet {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(deploymentKey, "deploymentKey");
    Objects.requireNonNull(taskDefinition, "taskDefinition");
    Objects.requireNonNull(targetGroupArn, "targetGroupArn");
    Objects.requireNonNull(containerName, "containerName");
    capacityProviderStrategy =
        capacityProviderStrategy == null ? List.of() : List.copyOf(capacityProviderStrategy);
    if (deploymentKey.isBlank()) {
      throw new IllegalArgumentException("deploymentKey must not be blank");
    }
    if (launchType != null && !capacityProviderStrategy.isEmpty()) {
      throw new IllegalArgumentException(
          "a task set takes a launch type or a capacity provider strategy, not both");
    }
    if (containerPort < 1 || containerPort > 65535) {
      throw new IllegalArgumentException("containerPort out of range: " + containerPort);
    }
  }
}
