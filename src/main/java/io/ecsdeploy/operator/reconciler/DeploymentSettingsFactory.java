package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.AlarmConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AnalysisConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AutoRollbackConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.HttpHooks;
import io.ecsdeploy.operator.api.v1alpha1.NetworkLoadBalancerTraffic;
import io.ecsdeploy.operator.api.v1alpha1.TargetHealthGate;
import io.ecsdeploy.operator.api.v1alpha1.Trigger;
import io.ecsdeploy.operator.appspec.AppSpec;
import io.ecsdeploy.operator.appspec.AppSpecHook;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.lifecycle.AlarmSettings;
import io.ecsdeploy.operator.lifecycle.AnalysisCheck;
import io.ecsdeploy.operator.lifecycle.AnalysisQuery;
import io.ecsdeploy.operator.lifecycle.AutoRollbackSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.EventBridgeSettings;
import io.ecsdeploy.operator.lifecycle.HttpHookSettings;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.TargetHealthSettings;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.TrafficStep;
import io.ecsdeploy.operator.lifecycle.TriggerSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Resolves what the engine needs from the resources: the group's settings, the deployment's
 * overrides on top, the traffic routing of the named configuration and the hooks of the revision.
 */
final class DeploymentSettingsFactory {
  static final String DEFAULT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";

  /** The source of EventBridge events when the group names none (CodeDeploy's is reserved). */
  static final String DEFAULT_EVENT_SOURCE = "ecsdeploy.codedeploy";

  private DeploymentSettingsFactory() {}

  /** The configuration name a deployment uses: its override, else its group's, else AllAtOnce. */
  static String configName(EcsDeployment deployment, EcsDeploymentGroupSpec group) {
    var overrides = deployment.getSpec().overrides;
    if (overrides != null && overrides.deploymentConfigName != null) {
      return overrides.deploymentConfigName;
    }
    return group.deploymentConfigName != null ? group.deploymentConfigName : DEFAULT_CONFIG;
  }

  static DeploymentSettings create(
      String deploymentId,
      EcsDeployment deployment,
      EcsDeploymentGroupSpec group,
      String groupUid,
      TrafficRouting routing,
      AppSpec appSpec,
      Duration pollInterval) {
    var overrides = deployment.getSpec().overrides;
    var targetGroups = group.loadBalancer.targetGroups;
    DeploymentSettings.Builder settings =
        DeploymentSettings.builder(deploymentId, targetGroups.get(0).arn, targetGroups.get(1).arn)
            .externalId(deployment.getMetadata().getUid())
            .testListener(group.loadBalancer.testRoute != null)
            .trafficRouting(routing)
            .pollInterval(pollInterval)
            .hookTimeout(KubeDurations.parse(group.hookTimeout, Duration.ofHours(1)));
    appSpec.hooks().forEach((hook, function) -> settings.hook(lifecycleEvent(hook), function));
    if (group.httpHooks != null) {
      settings.hooks(httpHookEndpoints(group.httpHooks));
      settings.httpHooks(
          new HttpHookSettings(
              group.httpHooks.signingSecret.name,
              group.httpHooks.signingSecret.key == null
                  ? "key"
                  : group.httpHooks.signingSecret.key));
    }
    settings.targetHealth(targetHealthSettings(group.targetHealth));

    var blueGreen = group.blueGreen;
    if (blueGreen != null && blueGreen.deploymentReady != null) {
      settings.ready(
          blueGreen.deploymentReady.actionOnTimeout == null
              ? DeploymentReadyAction.CONTINUE_DEPLOYMENT
              : blueGreen.deploymentReady.actionOnTimeout,
          KubeDurations.parse(blueGreen.deploymentReady.wait, Duration.ZERO));
    }
    if (blueGreen != null && blueGreen.terminateOriginal != null) {
      settings.termination(
          blueGreen.terminateOriginal.action == null
              ? TerminationAction.TERMINATE
              : blueGreen.terminateOriginal.action,
          KubeDurations.parse(blueGreen.terminateOriginal.wait, Duration.ZERO));
    }

    AlarmConfiguration alarms =
        overrides != null && overrides.alarmConfiguration != null
            ? overrides.alarmConfiguration
            : group.alarmConfiguration;
    settings.alarms(alarmSettings(alarms));
    AutoRollbackConfiguration rollback =
        overrides != null && overrides.autoRollback != null
            ? overrides.autoRollback
            : group.autoRollback;
    settings.autoRollback(autoRollbackSettings(rollback));
    if (group.triggers != null) {
      group.triggers.forEach(trigger -> settings.trigger(triggerSettings(trigger)));
    }
    if (group.eventBridge != null && group.eventBridge.eventBusName != null) {
      settings.eventBridge(
          new EventBridgeSettings(
              group.eventBridge.eventBusName,
              group.eventBridge.source != null ? group.eventBridge.source : DEFAULT_EVENT_SOURCE,
              groupUid));
    }
    AnalysisConfiguration analysis =
        overrides != null && overrides.analysis != null ? overrides.analysis : group.analysis;
    if (analysis != null && analysis.checks != null) {
      analysis.checks.forEach(check -> settings.analysis(analysisCheck(check)));
    }
    return settings.build();
  }

  /**
   * Why the configuration cannot be used: it shifts traffic gradually, the production route is a
   * Network Load Balancer's listener, and the group keeps CodeDeploy's rule that only all-at-once
   * shifting is allowed there ({@code networkLoadBalancerTraffic: AllAtOnceOnly}). By default
   * (Gradual) NLB listeners take weighted forward actions like ALB listeners, as Amazon ECS's own
   * deployments use them. {@code networkLoadBalancer} is asked only when the answer matters, since
   * it may read AWS.
   */
  static Optional<String> gradualShiftOnNetworkLoadBalancer(
      EcsDeploymentGroupSpec group,
      TrafficRouting routing,
      String configName,
      BooleanSupplier networkLoadBalancer) {
    if (group.networkLoadBalancerTraffic != NetworkLoadBalancerTraffic.AllAtOnceOnly
        || routing.type() == TrafficRoutingType.AllAtOnce
        || !networkLoadBalancer.getAsBoolean()) {
      return Optional.empty();
    }
    return Optional.of(
        "deployment configuration "
            + configName
            + " shifts traffic gradually ("
            + routing.type()
            + "), but the production listener is on a Network Load Balancer and the group sets"
            + " networkLoadBalancerTraffic: AllAtOnceOnly: use CodeDeployDefault.ECSAllAtOnce or an"
            + " AllAtOnce EcsDeploymentConfig, or set networkLoadBalancerTraffic: Gradual");
  }

  /**
   * Whether a listener is a Network Load Balancer's: its ARN says so ({@code listener/net/}), or
   * its protocol is one only NLBs serve.
   */
  static boolean isNetworkLoadBalancerListener(String listenerArn, String protocol) {
    return (listenerArn != null && listenerArn.contains(":listener/net/"))
        || (protocol != null && NETWORK_PROTOCOLS.contains(protocol));
  }

  private static final Set<String> NETWORK_PROTOCOLS = Set.of("TCP", "UDP", "TLS", "TCP_UDP");

  /** The routing of a built-in configuration, or of the named EcsDeploymentConfig. */
  static Optional<TrafficRouting> routing(String configName, Optional<EcsDeploymentConfig> custom) {
    Optional<TrafficRouting> builtIn = TrafficRouting.builtIn(configName);
    if (builtIn.isPresent()) {
      return builtIn;
    }
    return custom.map(config -> routing(config.getSpec().trafficRouting));
  }

  static TrafficRouting routing(io.ecsdeploy.operator.api.v1alpha1.TrafficRouting routing) {
    return switch (routing.type) {
      case AllAtOnce -> TrafficRouting.allAtOnce();
      case TimeBasedCanary ->
          TrafficRouting.canary(
              routing.timeBasedCanary.canaryPercentage,
              KubeDurations.parse(routing.timeBasedCanary.canaryInterval, Duration.ZERO));
      case TimeBasedLinear ->
          TrafficRouting.linear(
              routing.timeBasedLinear.linearPercentage,
              KubeDurations.parse(routing.timeBasedLinear.linearInterval, Duration.ZERO));
      case Steps ->
          TrafficRouting.steps(
              routing.steps.stream().map(DeploymentSettingsFactory::step).toList());
    };
  }

  /** The group's HTTP hook endpoints by event. */
  static Map<LifecycleEvent, String> httpHookEndpoints(HttpHooks hooks) {
    Map<LifecycleEvent, String> endpoints = new EnumMap<>(LifecycleEvent.class);
    if (hooks == null) {
      return endpoints;
    }
    BiConsumer<LifecycleEvent, String> put =
        (event, url) -> {
          if (url != null) {
            endpoints.put(event, url);
          }
        };
    put.accept(LifecycleEvent.BeforeInstall, hooks.beforeInstall);
    put.accept(LifecycleEvent.AfterInstall, hooks.afterInstall);
    put.accept(LifecycleEvent.AfterAllowTestTraffic, hooks.afterAllowTestTraffic);
    put.accept(LifecycleEvent.BeforeAllowTraffic, hooks.beforeAllowTraffic);
    put.accept(LifecycleEvent.AfterAllowTraffic, hooks.afterAllowTraffic);
    return endpoints;
  }

  /**
   * Why the revision's hooks and the group's HTTP hooks cannot run together, if they cannot: an
   * event has one hook, and which of two would run is not for the operator to guess.
   */
  static Optional<String> hookConflict(AppSpec appSpec, EcsDeploymentGroupSpec group) {
    Map<LifecycleEvent, String> endpoints = httpHookEndpoints(group.httpHooks);
    return appSpec.hooks().entrySet().stream()
        .filter(hook -> endpoints.containsKey(lifecycleEvent(hook.getKey())))
        .findFirst()
        .map(
            hook ->
                "the AppSpec names Lambda function "
                    + hook.getValue()
                    + " for "
                    + hook.getKey()
                    + ", and the deployment group's httpHooks an endpoint for it; an event has"
                    + " one hook: remove one of them");
  }

  /** The target-health gate: off without the group's {@code targetHealth}. */
  static TargetHealthSettings targetHealthSettings(TargetHealthGate gate) {
    if (gate == null || Boolean.FALSE.equals(gate.enabled)) {
      return TargetHealthSettings.disabled();
    }
    Duration timeout = KubeDurations.parse(gate.timeout, TargetHealthSettings.DEFAULT_TIMEOUT);
    String minHealthy = gate.minHealthy == null ? "100%" : gate.minHealthy;
    if (minHealthy.endsWith("%")) {
      return new TargetHealthSettings(
          true, null, Integer.parseInt(minHealthy.substring(0, minHealthy.length() - 1)), timeout);
    }
    return new TargetHealthSettings(true, Integer.parseInt(minHealthy), 100, timeout);
  }

  /** A step of a Steps configuration: a weight held for its wait, or a pause. */
  static TrafficStep step(io.ecsdeploy.operator.api.v1alpha1.TrafficStep step) {
    if (step.pause != null) {
      return TrafficStep.pause(
          step.weight, KubeDurations.parse(step.pause.duration, Duration.ZERO));
    }
    return new TrafficStep(step.weight, KubeDurations.parse(step.wait, Duration.ZERO));
  }

  /** The engine's event for an AppSpec hook; the compiler keeps the two enums in step. */
  static LifecycleEvent lifecycleEvent(AppSpecHook hook) {
    return switch (hook) {
      case BeforeInstall -> LifecycleEvent.BeforeInstall;
      case AfterInstall -> LifecycleEvent.AfterInstall;
      case AfterAllowTestTraffic -> LifecycleEvent.AfterAllowTestTraffic;
      case BeforeAllowTraffic -> LifecycleEvent.BeforeAllowTraffic;
      case AfterAllowTraffic -> LifecycleEvent.AfterAllowTraffic;
    };
  }

  private static AlarmSettings alarmSettings(AlarmConfiguration alarms) {
    if (alarms == null
        || Boolean.FALSE.equals(alarms.enabled)
        || alarms.alarms == null
        || alarms.alarms.isEmpty()) {
      return AlarmSettings.disabled();
    }
    return new AlarmSettings(
        true, Boolean.TRUE.equals(alarms.ignorePollAlarmFailure), List.copyOf(alarms.alarms));
  }

  /** A check with the schema's defaults filled in, for a resource written before they applied. */
  static AnalysisCheck analysisCheck(io.ecsdeploy.operator.api.v1alpha1.AnalysisCheck check) {
    AnalysisQuery.CloudWatch cloudWatch = null;
    if (check.cloudWatch != null) {
      cloudWatch =
          new AnalysisQuery.CloudWatch(
              KubeDurations.parse(check.cloudWatch.lookback, Duration.ofMinutes(5)),
              check.cloudWatch.queries.stream()
                  .map(
                      q ->
                          new AnalysisQuery.MetricQuery(
                              q.id,
                              q.expression,
                              q.namespace,
                              q.metricName,
                              q.dimensions,
                              q.period == null ? 60 : q.period,
                              q.stat == null ? "Average" : q.stat,
                              !Boolean.FALSE.equals(q.returnData)))
                  .toList());
    }
    AnalysisQuery.Prometheus prometheus =
        check.prometheus == null
            ? null
            : new AnalysisQuery.Prometheus(check.prometheus.address, check.prometheus.query);
    AnalysisQuery.Web web =
        check.web == null
            ? null
            : new AnalysisQuery.Web(
                check.web.url,
                check.web.method == null ? "GET" : check.web.method.name(),
                check.web.headers,
                check.web.body,
                check.web.jsonPath);
    return new AnalysisCheck(
        check.name,
        KubeDurations.parse(check.interval, Duration.ofMinutes(1)),
        check.count,
        check.failureLimit == null ? 0 : check.failureLimit,
        check.inconclusiveLimit == null ? 0 : check.inconclusiveLimit,
        new AnalysisQuery(
            KubeDurations.parse(check.timeout, Duration.ofSeconds(10)),
            check.successCondition,
            check.failureCondition,
            cloudWatch,
            prometheus,
            web));
  }

  private static AutoRollbackSettings autoRollbackSettings(AutoRollbackConfiguration rollback) {
    if (rollback == null || Boolean.FALSE.equals(rollback.enabled) || rollback.events == null) {
      return AutoRollbackSettings.disabled();
    }
    Set<AutoRollbackEvent> events = EnumSet.noneOf(AutoRollbackEvent.class);
    events.addAll(rollback.events);
    return new AutoRollbackSettings(true, events);
  }

  private static TriggerSettings triggerSettings(Trigger trigger) {
    return new TriggerSettings(trigger.name, trigger.targetArn, Set.copyOf(trigger.events));
  }
}
