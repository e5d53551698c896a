package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.VpcNetwork;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a deployment depends on, resolved once when it registers, as CodeDeploy fixes them
 * when a deployment is created: where it deploys (region, role, service, routes), the group's
 * settings with the deployment's overrides applied and the configuration's schedule, the
 * replacement task set it creates, and which revision that came from. Later edits of the group, the
 * configuration, the application or the S3 object change only later deployments.
 *
 * @param applicationName the EcsApplication
 * @param groupName the EcsDeploymentGroup
 * @param region the AWS region of the group
 * @param roleArn the role assumed for the group's AWS calls, {@code null} for the operator's own
 * @param service the ECS service
 * @param productionRoute the production listener or listener rule
 * @param testRoute the test listener or rule, {@code null} without one
 * @param deploymentConfigName the configuration the schedule comes from
 * @param trafficRouting the configuration's schedule in words, for the status
 * @param settings the engine's settings
 * @param replacement the replacement task set to create
 * @param revision where the AppSpec came from
 */
public record FrozenInputs(
    String applicationName,
    String groupName,
    String region,
    String roleArn,
    ServiceId service,
    Route productionRoute,
    Route testRoute,
    String deploymentConfigName,
    String trafficRouting,
    DeploymentSettings settings,
    Replacement replacement,
    RevisionSource revision) {

  public FrozenInputs {
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(productionRoute, "productionRoute");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(revision, "revision");
  }

  Optional<String> role() {
    return Optional.ofNullable(roleArn);
  }

  /**
   * The replacement task set: the AppSpec's target service, completed with the service's launch
   * type, capacity provider strategy, platform version and network where the AppSpec names none, as
   * CodeDeploy does.
   *
   * @param taskDefinition task definition ARN (or family:revision)
   * @param containerName the container that receives traffic
   * @param containerPort its port
   * @param launchType FARGATE, EC2 or EXTERNAL; {@code null} with a capacity provider strategy or
   *     when the cluster's default strategy applies
   * @param capacityProviderStrategy empty for none
   * @param platformVersion {@code null} for ECS's default
   * @param network {@code null} when the task definition's network mode needs none
   */
  public record Replacement(
      String taskDefinition,
      String containerName,
      int containerPort,
      String launchType,
      List<CapacityProviderItem> capacityProviderStrategy,
      String platformVersion,
      VpcNetwork network) {
    public Replacement {
      Objects.requireNonNull(taskDefinition, "taskDefinition");
      Objects.requireNonNull(containerName, "containerName");
      capacityProviderStrategy =
          capacityProviderStrategy == null ? List.of() : List.copyOf(capacityProviderStrategy);
    }
  }

  /**
   * Where the AppSpec came from.
   *
   * @param kind inline, s3 or structured
   * @param sha256 SHA-256 of the AppSpec's bytes (of the structured fields' JSON for structured)
   * @param s3Bucket the bucket, for s3
   * @param s3Key the key, for s3
   * @param s3VersionId the object version that was read, for s3 (when the bucket is versioned)
   * @param s3ETag the ETag of the object that was read, for s3
   */
  public record RevisionSource(
      String kind,
      String sha256,
      String s3Bucket,
      String s3Key,
      String s3VersionId,
      String s3ETag) {}
}
