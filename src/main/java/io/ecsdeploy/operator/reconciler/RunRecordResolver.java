package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.appspec.AppSpec;
import io.ecsdeploy.operator.appspec.AssignPublicIp;
import io.ecsdeploy.operator.appspec.EcsTargetService;
import io.ecsdeploy.operator.aws.AwsAccess;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.TaskDefinitionDescription;
import io.ecsdeploy.operator.aws.VpcNetwork;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.TrafficStep;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves, once, everything a deployment will run on (its {@link FrozenInputs}): the group and
 * application it names, the configuration's schedule, the overrides, the revision (an S3 object is
 * read here and nowhere else), and the service's launch settings for the replacement task set. The
 * container the AppSpec names is checked against the task definition here too, so a wrong name
 * fails the deployment before anything in AWS changes.
 */
final class RunRecordResolver {
  private final AwsAccess aws;
  private final String defaultRegion;
  private final Duration pollInterval;

  RunRecordResolver(AwsAccess aws, String defaultRegion, Duration pollInterval) {
    this.aws = aws;
    this.defaultRegion = defaultRegion;
    this.pollInterval = pollInterval;
  }

  /** Why a deployment waits: a condition reason and a message. */
  record Waiting(String reason, String message) {}

  /**
   * What resolving gave: the inputs ({@link Outcome#RESOLVED}), a reason to look again later
   * ({@link Outcome#WAITING}), or why the deployment cannot run as given ({@link Outcome#REJECTED}:
   * it fails before it starts, for good).
   */
  record Resolution(
      Outcome outcome, FrozenInputs inputs, Waiting waiting, ErrorCode code, String message) {
    enum Outcome {
      RESOLVED,
      WAITING,
      REJECTED
    }

    static Resolution resolved(FrozenInputs inputs) {
      return new Resolution(Outcome.RESOLVED, inputs, null, null, null);
    }

    static Resolution waiting(String reason, String message) {
      return new Resolution(Outcome.WAITING, null, new Waiting(reason, message), null, null);
    }

    static Resolution rejected(ErrorCode code, String message) {
      return new Resolution(Outcome.REJECTED, null, null, code, message);
    }
  }

  /**
   * The references the deployment names, as the operator's caches show them now.
   *
   * @param group the EcsDeploymentGroup named by the deployment
   * @param application the group's EcsApplication
   * @param config the EcsDeploymentConfig named, when it is not a built-in configuration
   */
  record References(
      Optional<EcsDeploymentGroup> group,
      Optional<EcsApplication> application,
      Optional<EcsDeploymentConfig> config) {}

  /**
   * Resolves the deployment's inputs.
   *
   * @throws AwsFailure when AWS cannot be read now; nothing is decided then
   */
  Resolution resolve(EcsDeployment deployment, String deploymentId, References references) {
    String namespace = deployment.getMetadata().getNamespace();
    String groupName = deployment.getSpec().deploymentGroupName;
    if (references.group().isEmpty()) {
      return Resolution.waiting(
          Reasons.DEPLOYMENT_GROUP_MISSING,
          "EcsDeploymentGroup " + groupName + " does not exist in " + namespace);
    }
    var group = references.group().get().getSpec();
    if (references.application().isEmpty()) {
      return Resolution.waiting(
          Reasons.APPLICATION_MISSING,
          "EcsApplication " + group.applicationName + " does not exist in " + namespace);
    }
    String configName = DeploymentSettingsFactory.configName(deployment, group);
    Optional<TrafficRouting> routing =
        DeploymentSettingsFactory.routing(configName, references.config());
    if (routing.isEmpty()) {
      return Resolution.waiting(
          Reasons.DEPLOYMENT_CONFIG_MISSING,
          "deployment configuration "
              + configName
              + " is neither built in nor an EcsDeploymentConfig in "
              + namespace);
    }
    GroupIdentity identity =
        GroupIdentity.of(group, references.application().get().getSpec(), defaultRegion);
    String productionListener = group.loadBalancer.productionRoute.listenerArn;
    Optional<String> notForNetworkLoadBalancer =
        DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
            group,
            routing.get(),
            configName,
            // Network Load Balancers have no listener rules; a listener's ARN usually tells, and
            // its protocol (read only then) always does.
            () ->
                productionListener != null
                    && (DeploymentSettingsFactory.isNetworkLoadBalancerListener(
                            productionListener, null)
                        || DeploymentSettingsFactory.isNetworkLoadBalancerListener(
                            productionListener,
                            aws.forTarget(identity.region(), identity.roleArn())
                                .listeners()
                                .describeListener(productionListener)
                                .protocol())));
    if (notForNetworkLoadBalancer.isPresent()) {
      return Resolution.waiting(
          Reasons.DEPLOYMENT_CONFIG_NOT_ALLOWED, notForNetworkLoadBalancer.get());
    }

    AwsPorts ports = aws.forTarget(identity.region(), identity.roleArn());
    RevisionResolver.Resolved revision;
    try {
      revision = RevisionResolver.resolve(deployment.getSpec().revision, ports.revisions());
    } catch (RevisionException e) {
      return Resolution.rejected(e.code(), e.getMessage());
    }
    AppSpec appSpec = revision.appSpec();
    Optional<String> hookConflict = DeploymentSettingsFactory.hookConflict(appSpec, group);
    if (hookConflict.isPresent()) {
      return Resolution.rejected(ErrorCode.INVALID_REVISION, hookConflict.get());
    }
    EcsTargetService target = appSpec.targetService();
    ServiceId service = new ServiceId(group.service.clusterName, group.service.serviceName);

    Optional<TaskDefinitionDescription> taskDefinition =
        ports.taskSets().describeTaskDefinition(target.taskDefinition());
    if (taskDefinition.isEmpty()) {
      return Resolution.rejected(
          ErrorCode.INVALID_REVISION,
          "the AppSpec's task definition " + target.taskDefinition() + " does not exist in ECS");
    }
    Optional<String> containerProblem = containerProblem(target, taskDefinition.get());
    if (containerProblem.isPresent()) {
      return Resolution.rejected(ErrorCode.INVALID_REVISION, containerProblem.get());
    }

    EcsService described = ports.taskSets().describeService(service);
    DeploymentSettings settings =
        DeploymentSettingsFactory.create(
            deploymentId,
            deployment,
            group,
            references.group().get().getMetadata().getUid(),
            routing.get(),
            appSpec,
            pollInterval);
    return Resolution.resolved(
        new FrozenInputs(
            group.applicationName,
            references.group().get().getMetadata().getName(),
            identity.region(),
            identity.roleArn().orElse(null),
            service,
            route(group.loadBalancer.productionRoute),
            group.loadBalancer.testRoute == null ? null : route(group.loadBalancer.testRoute),
            configName,
            describe(routing.get()),
            settings,
            replacement(target, described),
            revision.source()));
  }

  /** A route of the group: a listener's default action, or a listener rule. */
  static Route route(TrafficRoute route) {
    return route.listenerArn != null
        ? Route.listener(route.listenerArn)
        : Route.rule(route.listenerRuleArn);
  }

  /**
   * The replacement task set: what the AppSpec says, and the service's own launch type, capacity
   * provider strategy, platform version and network where it says nothing, as CodeDeploy does.
   */
  static FrozenInputs.Replacement replacement(EcsTargetService target, EcsService service) {
    List<CapacityProviderItem> strategy =
        target.capacityProviderStrategy().stream()
            .map(p -> new CapacityProviderItem(p.capacityProvider(), p.weight(), p.base()))
            .toList();
    String launchType = null;
    if (strategy.isEmpty()) {
      strategy = service.capacityProviderStrategy();
      launchType = strategy.isEmpty() ? service.launchType() : null;
    }
    String platformVersion =
        target.platformVersion() != null ? target.platformVersion() : service.platformVersion();
    VpcNetwork network =
        target.networkConfiguration() == null
            ? service.network()
            : new VpcNetwork(
                target.networkConfiguration().subnets(),
                target.networkConfiguration().securityGroups(),
                target.networkConfiguration().assignPublicIp() == AssignPublicIp.ENABLED);
    return new FrozenInputs.Replacement(
        target.taskDefinition(),
        target.containerName(),
        target.containerPort(),
        launchType,
        strategy,
        platformVersion,
        network);
  }

  /** Why the AppSpec's container does not fit the task definition, if it does not. */
  static Optional<String> containerProblem(
      EcsTargetService target, TaskDefinitionDescription taskDefinition) {
    Optional<TaskDefinitionDescription.Container> container =
        taskDefinition.containers().stream()
            .filter(c -> c.name().equals(target.containerName()))
            .findFirst();
    if (container.isEmpty()) {
      return Optional.of(
          "the AppSpec's container "
              + target.containerName()
              + " is not in task definition "
              + taskDefinition.arn()
              + ", which has "
              + taskDefinition.containers().stream()
                  .map(TaskDefinitionDescription.Container::name)
                  .collect(Collectors.joining(", ")));
    }
    List<Integer> ports = container.get().containerPorts();
    if (!ports.isEmpty() && !ports.contains(target.containerPort())) {
      return Optional.of(
          "the AppSpec's container port "
              + target.containerPort()
              + " is not a port of container "
              + target.containerName()
              + " in task definition "
              + taskDefinition.arn()
              + ", which maps "
              + ports.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }
    return Optional.empty();
  }

  /** The schedule in words, e.g. "10%, the remaining 90% after 5m". */
  static String describe(TrafficRouting routing) {
    return switch (routing.type()) {
      case AllAtOnce -> "100% at once";
      case TimeBasedCanary ->
          routing.percentage()
              + "%, the remaining "
              + (100 - routing.percentage())
              + "% after "
              + KubeDurations.format(routing.interval());
      case TimeBasedLinear ->
          "+" + routing.percentage() + "% every " + KubeDurations.format(routing.interval());
      case Steps ->
          routing.steps().stream()
              .map(RunRecordResolver::describe)
              .collect(Collectors.joining(", "));
    };
  }

  private static String describe(TrafficStep step) {
    if (step.pause()) {
      return step.replacementPercent()
          + "% paused until continued"
          + (step.pauseIsLimited() ? " or " + KubeDurations.format(step.waitAfter()) : "");
    }
    return step.replacementPercent()
        + "%"
        + (step.waitAfter().isZero() ? "" : " for " + KubeDurations.format(step.waitAfter()));
  }
}
