package io.ecsdeploy.operator.aws;

import java.util.List;
import java.util.Optional;

/**
 * What ECS says about a service: whether it exists and is usable for blue/green (active, {@code
 * EXTERNAL} controller), its network settings (reused when a revision has none), and its task sets.
 *
 * @param id the service as it was asked for
 * @param arn the service's ARN, or {@code null} when it is missing
 * @param status ACTIVE, DRAINING, INACTIVE, or MISSING when ECS does not know it
 * @param deploymentController which controller manages the service's deployments
 * @param desiredCount the service's desired task count
 * @param runningCount tasks running across all task sets
 * @param pendingCount tasks pending across all task sets
 * @param network the service's awsvpc network configuration, or {@code null} when it has none
 * @param taskSets the service's task sets, in ECS's order
 * @param launchType the service's launch type (FARGATE, EC2, EXTERNAL), or {@code null} when it
 *     uses a capacity provider strategy or ECS reports none
 * @param capacityProviderStrategy the service's capacity provider strategy, empty for none
 * @param platformVersion the service's Fargate platform version, or {@code null} when ECS reports
 *     none
 */
public record EcsService(
    ServiceId id,
    String arn,
    Status status,
    DeploymentController deploymentController,
    int desiredCount,
    int runningCount,
    int pendingCount,
    VpcNetwork network,
    List<EcsTaskSet> taskSets,
    String launchType,
    List<CapacityProviderItem> capacityProviderStrategy,
    String platformVersion) {

  /** The service's lifecycle status; MISSING when DescribeServices reported it as a failure. */
  public enum Status {
    ACTIVE,
    DRAINING,
    INACTIVE,
    MISSING
  }

  /** The service's deployment controller; task sets work only with EXTERNAL. */
  public enum DeploymentController {
    ECS,
    CODE_DEPLOY,
    EXTERNAL,
    UNKNOWN
  }

  public EcsService {
    taskSets = List.copyOf(taskSets);
    capacityProviderStrategy =
        capacityProviderStrategy == null ? List.of() : List.copyOf(capacityProviderStrategy);
  }

  /** A service that DescribeServices reported as missing. */
  public static EcsService missing(ServiceId id) {
    return new EcsService(
        id,
        null,
        Status.MISSING,
        DeploymentController.UNKNOWN,
        0,
        0,
        0,
        null,
        List.of(),
        null,
        List.of(),
        null);
  }

  /** Whether task sets can be managed on this service: it is ACTIVE and EXTERNAL-controlled. */
  public boolean supportsTaskSets() {
    return status == Status.ACTIVE && deploymentController == DeploymentController.EXTERNAL;
  }

  /** The PRIMARY task set, if there is one. */
  public Optional<EcsTaskSet> primaryTaskSet() {
    return taskSets.stream().filter(t -> t.status() == EcsTaskSet.Status.PRIMARY).findFirst();
  }

  /** The task set tagged with this external id, if there is one. */
  public Optional<EcsTaskSet> taskSetWithExternalId(String externalId) {
    return taskSets.stream().filter(t -> externalId.equals(t.externalId())).findFirst();
  }
}
