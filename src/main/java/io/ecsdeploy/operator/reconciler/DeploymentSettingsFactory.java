package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.AlarmConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AnalysisConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AutoRollbackConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
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
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.TrafficStep;
import io.ecsdeploy.operator.lifecycle.TriggerSettings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves what the engine needs from the resources: the group's settings, the deployment's
 * overrides on top, the traffic routing of the named configuration and the hooks of the revision.
 */
final class DeploymentSettingsFactory {
  static final String DEFAULT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";

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
    AnalysisConfiguration analysis =
        overrides != null && overrides.analysis != null ? overrides.analysis : group.analysis;
    if (analysis != null && analysis.checks != null) {
      analysis.checks.forEach(check -> settings.analysis(analysisCheck(check)));
    }
    return settings.build();
  }

  /**
   * Why the configuration cannot be used, when it shifts traffic gradually and the production route
   * is a Network Load Balancer's listener: as with CodeDeploy, only all-at-once shifting is allowed
   * there.
   */
  static Optional<String> gradualShiftOnNetworkLoadBalancer(
      EcsDeploymentGroupSpec group, TrafficRouting routing, String configName) {
    var route = group.loadBalancer.productionRoute;
    boolean networkLoadBalancer =
        route != null && route.listenerArn != null && route.listenerArn.contains(":listener/net/");
    if (!networkLoadBalancer || routing.type() == TrafficRoutingType.AllAtOnce) {
      return Optional.empty();
    }
    return Optional.of(
        "deployment configuration "
            + configName
            + " shifts traffic gradually ("
            + routing.type()
            + "), but the production listener is on a Network Load Balancer, which takes only"
            + " all-at-once shifting: use CodeDeployDefault.ECSAllAtOnce or an AllAtOnce"
            + " EcsDeploymentConfig");
  }

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
              routing.steps.stream()
                  .map(
                      step ->
                          new TrafficStep(
                              step.weight, KubeDurations.parse(step.wait, Duration.ZERO)))
                  .toList());
    };
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
