package io.ecsdeploy.operator.appspec;

import java.util.List;

/**
 * The {@code TargetService} of an ECS AppSpec: what the replacement task set runs and where the
 * load balancer sends its traffic.
 *
 * @param taskDefinition task definition ARN (or family:revision) of the replacement task set
 * @param containerName container that receives load balancer traffic
 * @param containerPort port of that container, 1..65535
 * @param platformVersion Fargate platform version, {@code null} when not given
 * @param networkConfiguration {@code null} when the service's current network settings are reused
 * @param capacityProviderStrategy empty when not given
 */
public record EcsTargetService(
    String taskDefinition,
    String containerName,
    int containerPort,
    String platformVersion,
    AwsVpcConfiguration networkConfiguration,
    List<CapacityProviderStrategyItem> capacityProviderStrategy) {
  public EcsTargetService {
    capacityProviderStrategy = List.copyOf(capacityProviderStrategy);
  }
}
