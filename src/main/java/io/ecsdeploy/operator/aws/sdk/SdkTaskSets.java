package io.ecsdeploy.operator.aws.sdk;

import static io.ecsdeploy.operator.aws.sdk.SdkCalls.call;

import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.TaskDefinitionDescription;
import io.ecsdeploy.operator.aws.TaskSets;
import io.ecsdeploy.operator.aws.VpcNetwork;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.CreateTaskSetRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.ScaleUnit;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * {@link TaskSets} on the ECS API: DescribeServices, DescribeTaskSets, DescribeTaskDefinition,
 * CreateTaskSet, UpdateServicePrimaryTaskSet and DeleteTaskSet.
 */
public final class SdkTaskSets implements TaskSets {

  /** DescribeServices takes at most this many services per call. */
  static final int MAX_SERVICES_PER_CALL = 10;

  /** ECS's limit for CreateTaskSet's clientToken: 36 ASCII characters in 33..126. */
  static final int MAX_CLIENT_TOKEN_LENGTH = 36;

  private final EcsClient ecs;

  public SdkTaskSets(EcsClient ecs) {
    this.ecs = ecs;
  }

  /**
   * The clientToken for a deployment key: the key itself when ECS accepts it (a Kubernetes UID
   * does), otherwise a name-based UUID of it, which is stable across restarts and 36 characters.
   */
  public static String clientTokenFor(String deploymentKey) {
    boolean acceptable =
        !deploymentKey.isEmpty()
            && deploymentKey.length() <= MAX_CLIENT_TOKEN_LENGTH
            && deploymentKey.chars().allMatch(c -> c >= 33 && c <= 126);
    return acceptable
        ? deploymentKey
        : UUID.nameUUIDFromBytes(deploymentKey.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The externalId for a deployment key: the key itself, so it reads back as what it is. */
  public static String externalIdFor(String deploymentKey) {
    return deploymentKey;
  }

  @Override
  public EcsService describeService(ServiceId service) {
    return describeServices(List.of(service)).get(service);
  }

  @Override
  public Map<ServiceId, EcsService> describeServices(Collection<ServiceId> services) {
    Map<String, List<ServiceId>> byCluster = new LinkedHashMap<>();
    for (ServiceId id : new LinkedHashSet<>(services)) {
      byCluster.computeIfAbsent(id.cluster(), c -> new ArrayList<>()).add(id);
    }
    Map<ServiceId, EcsService> found = new LinkedHashMap<>();
    byCluster.forEach(
        (cluster, ids) -> {
          for (int from = 0; from < ids.size(); from += MAX_SERVICES_PER_CALL) {
            List<ServiceId> batch =
                ids.subList(from, Math.min(ids.size(), from + MAX_SERVICES_PER_CALL));
            DescribeServicesResponse response =
                call(
                    () ->
                        ecs.describeServices(
                            r ->
                                r.cluster(cluster)
                                    .services(batch.stream().map(ServiceId::service).toList())));
            for (ServiceId id : batch) {
              found.put(id, match(id, response));
            }
          }
        });
    Map<ServiceId, EcsService> ordered = new LinkedHashMap<>();
    for (ServiceId id : services) {
      ordered.put(id, found.get(id));
    }
    return ordered;
  }

  private static EcsService match(ServiceId id, DescribeServicesResponse response) {
    for (Service service : response.services()) {
      if (id.service().equals(service.serviceArn())
          || id.serviceName().equals(service.serviceName())) {
        return toEcsService(id, service);
      }
    }
    for (Failure failure : response.failures()) {
      if (failure.arn() != null
          && (failure.arn().equals(id.service()) || failure.arn().endsWith("/" + id.serviceName()))
          && !"MISSING".equals(failure.reason())) {
        throw new AwsFailure(
            ErrorCode.INTERNAL_ERROR,
            true,
            "ECS",
            failure.reason(),
            "ECS could not describe " + id + ": " + failure.reason() + " " + failure.detail(),
            null);
      }
    }
    return EcsService.missing(id);
  }

  @Override
  public Optional<EcsTaskSet> findByExternalId(ServiceId service, String externalId) {
    List<TaskSet> taskSets =
        call(
            () ->
                ecs.describeTaskSets(r -> r.cluster(service.cluster()).service(service.service()))
                    .taskSets());
    return taskSets.stream()
        .filter(t -> externalId.equals(t.externalId()))
        .map(SdkTaskSets::toEcsTaskSet)
        .findFirst();
  }

  @Override
  public Optional<TaskDefinitionDescription> describeTaskDefinition(String taskDefinition) {
    TaskDefinition described;
    try {
      described =
          ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition)).taskDefinition();
    } catch (SdkException e) {
      if (isTaskDefinitionNotFound(e)) {
        return Optional.empty();
      }
      throw AwsErrors.classify(e);
    }
    return Optional.ofNullable(described).map(SdkTaskSets::toTaskDefinitionDescription);
  }

  /**
   * ECS answers a task definition it does not know (an unknown family, revision or ARN) with
   * ClientException "Unable to describe task definition."; other ClientExceptions (a malformed
   * request) are not "missing".
   */
  private static boolean isTaskDefinitionNotFound(SdkException e) {
    if (!(e instanceof EcsException ecsError)) {
      return false;
    }
    String code = AwsErrors.errorCode(e);
    String message = messageOf(ecsError);
    return "Client".equals(code) && message.contains("unable to describe task definition");
  }

  /** ECS's own message, lower case; the exception's when ECS sent none. */
  private static String messageOf(EcsException e) {
    String message =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage()
            : String.valueOf(e.getMessage());
    return message.toLowerCase(Locale.ROOT);
  }

  static TaskDefinitionDescription toTaskDefinitionDescription(TaskDefinition taskDefinition) {
    return new TaskDefinitionDescription(
        taskDefinition.taskDefinitionArn(),
        taskDefinition.family(),
        orZero(taskDefinition.revision()),
        taskDefinition.statusAsString(),
        taskDefinition.containerDefinitions().stream().map(SdkTaskSets::toContainer).toList());
  }

  private static TaskDefinitionDescription.Container toContainer(ContainerDefinition container) {
    return new TaskDefinitionDescription.Container(
        container.name(),
        container.portMappings().stream()
            .map(PortMapping::containerPort)
            .filter(Objects::nonNull)
            .toList());
  }

  @Override
  public CreatedTaskSet createOrAdopt(NewTaskSet spec) {
    String externalId = externalIdFor(spec.deploymentKey());
    Optional<EcsTaskSet> existing = findByExternalId(spec.service(), externalId);
    if (existing.isPresent()) {
      return new CreatedTaskSet(existing.get(), true);
    }
    CreateTaskSetRequest request = createRequest(spec);
    TaskSet created = call(() -> ecs.createTaskSet(request).taskSet());
    return new CreatedTaskSet(toEcsTaskSet(created), false);
  }

  /** The CreateTaskSet request for a replacement task set. */
  static CreateTaskSetRequest createRequest(NewTaskSet spec) {
    String externalId = externalIdFor(spec.deploymentKey());
    CreateTaskSetRequest.Builder request =
        CreateTaskSetRequest.builder()
            .cluster(spec.service().cluster())
            .service(spec.service().service())
            .taskDefinition(spec.taskDefinition())
            .externalId(externalId)
            .clientToken(clientTokenFor(spec.deploymentKey()))
            .scale(s -> s.unit(ScaleUnit.PERCENT).value(100.0))
            .loadBalancers(
                lb ->
                    lb.targetGroupArn(spec.targetGroupArn())
                        .containerName(spec.containerName())
                        .containerPort(spec.containerPort()));
    if (spec.launchType() != null) {
      request.launchType(spec.launchType());
    }
    if (!spec.capacityProviderStrategy().isEmpty()) {
      request.capacityProviderStrategy(
          spec.capacityProviderStrategy().stream()
              .map(
                  item ->
                      CapacityProviderStrategyItem.builder()
                          .capacityProvider(item.capacityProvider())
                          .weight(item.weight())
                          .base(item.base())
                          .build())
              .toList());
    }
    if (spec.network() != null) {
      VpcNetwork network = spec.network();
      request.networkConfiguration(
          n ->
              n.awsvpcConfiguration(
                  a ->
                      a.subnets(network.subnets())
                          .securityGroups(network.securityGroups())
                          .assignPublicIp(
                              network.assignPublicIp()
                                  ? AssignPublicIp.ENABLED
                                  : AssignPublicIp.DISABLED)));
    }
    if (spec.platformVersion() != null) {
      request.platformVersion(spec.platformVersion());
    }
    return request.build();
  }

  @Override
  public EcsTaskSet makePrimary(ServiceId service, String taskSetArn) {
    return toEcsTaskSet(
        call(
            () ->
                ecs.updateServicePrimaryTaskSet(
                        r ->
                            r.cluster(service.cluster())
                                .service(service.service())
                                .primaryTaskSet(taskSetArn))
                    .taskSet()));
  }

  @Override
  public boolean delete(ServiceId service, String taskSetArn, boolean force) {
    try {
      ecs.deleteTaskSet(
          r ->
              r.cluster(service.cluster())
                  .service(service.service())
                  .taskSet(taskSetArn)
                  .force(force));
      return true;
    } catch (SdkException e) {
      if (isTaskSetNotFound(e)) {
        return false;
      }
      throw AwsErrors.classify(e);
    }
  }

  /**
   * ECS answers TaskSetNotFoundException; some ECS-compatible endpoints answer ClientException with
   * "The specified task set does not exist."
   */
  private static boolean isTaskSetNotFound(SdkException e) {
    if (!(e instanceof EcsException ecsError)) {
      return false;
    }
    String code = AwsErrors.errorCode(e);
    String message = messageOf(ecsError);
    return "TaskSetNotFound".equals(code)
        || ("Client".equals(code) && message.contains("task set does not exist"));
  }

  static EcsService toEcsService(ServiceId id, Service service) {
    return new EcsService(
        id,
        service.serviceArn(),
        serviceStatus(service.status()),
        controller(service),
        orZero(service.desiredCount()),
        orZero(service.runningCount()),
        orZero(service.pendingCount()),
        network(service),
        service.taskSets().stream().map(SdkTaskSets::toEcsTaskSet).toList(),
        launchType(service.launchTypeAsString(), service.capacityProviderStrategy()),
        strategy(service.capacityProviderStrategy()),
        blankToNull(service.platformVersion()));
  }

  static EcsTaskSet toEcsTaskSet(TaskSet taskSet) {
    return new EcsTaskSet(
        taskSet.id(),
        taskSet.taskSetArn(),
        enumOf(EcsTaskSet.Status.class, taskSet.status(), EcsTaskSet.Status.UNKNOWN),
        taskSet.externalId() == null || taskSet.externalId().isEmpty()
            ? null
            : taskSet.externalId(),
        taskSet.taskDefinition(),
        taskSet.loadBalancers().isEmpty() ? null : taskSet.loadBalancers().get(0).targetGroupArn(),
        enumOf(
            EcsTaskSet.Stability.class,
            taskSet.stabilityStatusAsString(),
            EcsTaskSet.Stability.UNKNOWN),
        orZero(taskSet.computedDesiredCount()),
        orZero(taskSet.runningCount()),
        orZero(taskSet.pendingCount()),
        taskSet.scale() == null || taskSet.scale().value() == null ? 0.0 : taskSet.scale().value(),
        taskSet.createdAt(),
        taskSet.stabilityStatusAt(),
        launchType(taskSet.launchTypeAsString(), taskSet.capacityProviderStrategy()),
        strategy(taskSet.capacityProviderStrategy()),
        blankToNull(taskSet.platformVersion()));
  }

  /**
   * The launch type, or {@code null} when a capacity provider strategy is in use: ECS reports one
   * or the other, and a task set created from these settings may carry only one. (moto reports
   * both, with its default EC2 launch type next to the strategy.)
   */
  private static String launchType(String launchType, List<CapacityProviderStrategyItem> strategy) {
    return strategy.isEmpty() ? blankToNull(launchType) : null;
  }

  private static List<CapacityProviderItem> strategy(List<CapacityProviderStrategyItem> strategy) {
    return strategy.stream()
        .map(
            item ->
                new CapacityProviderItem(
                    item.capacityProvider(), orZero(item.weight()), orZero(item.base())))
        .toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static EcsService.Status serviceStatus(String status) {
    return enumOf(EcsService.Status.class, status, EcsService.Status.INACTIVE);
  }

  private static EcsService.DeploymentController controller(Service service) {
    if (service.deploymentController() == null) {
      // ECS omits the controller for services that use the default, ECS.
      return EcsService.DeploymentController.ECS;
    }
    return enumOf(
        EcsService.DeploymentController.class,
        service.deploymentController().typeAsString(),
        EcsService.DeploymentController.UNKNOWN);
  }

  private static VpcNetwork network(Service service) {
    if (service.networkConfiguration() == null
        || service.networkConfiguration().awsvpcConfiguration() == null) {
      return null;
    }
    AwsVpcConfiguration vpc = service.networkConfiguration().awsvpcConfiguration();
    if (vpc.subnets().isEmpty()) {
      return null;
    }
    return new VpcNetwork(
        vpc.subnets(), vpc.securityGroups(), vpc.assignPublicIp() == AssignPublicIp.ENABLED);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String value, E fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return fallback;
    }
  }
}
