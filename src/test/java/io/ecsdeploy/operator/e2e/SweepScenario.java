package io.ecsdeploy.operator.e2e;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleHooks;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.api.v1alpha1.StopOperation;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedLinear;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.api.v1alpha1.Trigger;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy.MutatingCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The deployments of the fault suite, each in its own namespace, service and load balancer so that
 * all of them run at once under one operator: what the group and revision say, the waits to
 * measure, and what the test does while one runs (request a stop, raise an alarm).
 *
 * <p>Waits are short so that the sweep stays quick, and long enough that a wait started again after
 * a restart (the operator's start-up is about 2.5 s) shows in its length.
 */
enum SweepScenario {
  /** AllAtOnce with a test listener and five hooks, one of them reporting through the endpoint. */
  ALL_AT_ONCE {
    @Override
    void hooks(LifecycleHooks hooks) {
      hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
      hooks.afterInstall = DemoWorld.HOOK_SUCCEEDS;
      hooks.afterAllowTestTraffic = DemoWorld.HOOK_CALLS_BACK;
      hooks.beforeAllowTraffic = DemoWorld.HOOK_SUCCEEDS;
      hooks.afterAllowTraffic = DemoWorld.HOOK_SUCCEEDS;
    }
  },

  /** A canary of 20% for 6 s, a termination wait of 3 s, SNS messages at start and success. */
  CANARY {
    @Override
    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      spec.deploymentConfigName = "canary-20-6s";
      spec.blueGreen.terminateOriginal.wait = "3s";
      spec.triggers =
          triggers(scenario, TriggerEvent.DeploymentStart, TriggerEvent.DeploymentSuccess);
    }

    @Override
    void configs(E2EScenario scenario) {
      canaryConfig(scenario, "canary-20-6s", 20, "6s");
    }

    @Override
    List<DeploymentInvariants.Wait> waits(DemoWorld world) {
      return List.of(
          new DeploymentInvariants.Wait(
              "canary interval",
              c -> productionShare(world, c) == 20,
              c -> productionShare(world, c) == 100,
              Duration.ofSeconds(6),
              "trafficStepWaitUntil"),
          terminationWait(world, Duration.ofSeconds(3)));
    }
  },

  /**
   * A canary of 20% for 20 s, longer than a restart with slow reads: a wait counted from too early
   * after a kill ends early, instead of being hidden by the restart's own length.
   */
  LONG_CANARY {
    @Override
    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      spec.deploymentConfigName = "canary-20-20s";
    }

    @Override
    void configs(E2EScenario scenario) {
      canaryConfig(scenario, "canary-20-20s", 20, "20s");
    }

    @Override
    List<DeploymentInvariants.Wait> waits(DemoWorld world) {
      return List.of(
          new DeploymentInvariants.Wait(
              "canary interval",
              c -> productionShare(world, c) == 20,
              c -> productionShare(world, c) == 100,
              Duration.ofSeconds(20),
              "trafficStepWaitUntil"));
    }
  },

  /** Linear by 50% every 4 s: two production weight changes, one wait between them. */
  LINEAR {
    @Override
    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      spec.deploymentConfigName = "linear-50-4s";
    }

    @Override
    void configs(E2EScenario scenario) {
      TrafficRouting linear = new TrafficRouting();
      linear.type = TrafficRoutingType.TimeBasedLinear;
      linear.timeBasedLinear = new TimeBasedLinear();
      linear.timeBasedLinear.linearPercentage = 50;
      linear.timeBasedLinear.linearInterval = "4s";
      scenario.config("linear-50-4s", linear);
    }

    @Override
    List<DeploymentInvariants.Wait> waits(DemoWorld world) {
      return List.of(
          new DeploymentInvariants.Wait(
              "linear interval",
              c -> productionShare(world, c) == 50,
              c -> productionShare(world, c) == 100,
              Duration.ofSeconds(4),
              "trafficStepWaitUntil"));
    }
  },

  /** A hook that fails after test traffic: the deployment fails and rolls back. */
  FAILING_HOOK {
    @Override
    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_FAILURE);
      spec.triggers =
          triggers(scenario, TriggerEvent.DeploymentFailure, TriggerEvent.DeploymentRollback);
    }

    @Override
    void hooks(LifecycleHooks hooks) {
      hooks.afterInstall = DemoWorld.HOOK_SUCCEEDS;
      hooks.afterAllowTestTraffic = DemoWorld.HOOK_FAILS;
    }
  },

  /** A ready wait the user ends with a stop and rollback, as soon as the deployment is Ready. */
  STOP {
    @Override
    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m");
      spec.triggers = triggers(scenario, TriggerEvent.DeploymentReady, TriggerEvent.DeploymentStop);
    }

    @Override
    void drive(TrackedDeployment tracked, EcsDeployment now) {
      if (now.getStatus().status == DeploymentStatus.Ready
          && (now.getSpec().operations == null || now.getSpec().operations.stop == null)) {
        tracked.scenario.edit(
            tracked.name,
            d -> {
              d.getSpec().operations = new Operations();
              d.getSpec().operations.stop = new StopOperation();
              d.getSpec().operations.stop.autoRollbackEnabled = true;
              return d;
            });
      }
    }
  },

  /**
   * A canary of 10% held for a minute, whose alarm goes off as soon as the canary has traffic: the
   * deployment stops and rolls back during the wait.
   */
  ALARM {
    @Override
    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      spec.deploymentConfigName = "canary-10-1m";
      spec.alarmConfiguration = E2EScenario.alarms(DemoWorld.ALARM);
      spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM);
    }

    @Override
    void configs(E2EScenario scenario) {
      canaryConfig(scenario, "canary-10-1m", 10, "1m");
    }

    @Override
    void onCall(TrackedDeployment tracked, MutatingCall call) {
      if (productionShare(tracked.world(), call) == 10) {
        DemoWorld.setAlarm(StateValue.ALARM);
      }
    }

    @Override
    List<DeploymentInvariants.Wait> killWaits(DemoWorld world) {
      return List.of(
          new DeploymentInvariants.Wait(
              "canary interval (alarm raised)",
              c -> productionShare(world, c) == 10,
              c -> false,
              Duration.ofSeconds(2),
              "trafficStepWaitUntil"));
    }
  },

  /**
   * A hook that never answers, with the shortest hook timeout (1 minute): the deployment fails when
   * it runs out. In the full matrix only ({@code make reliability}).
   */
  HOOK_TIMEOUT {
    @Override
    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      spec.hookTimeout = "1m";
      spec.triggers = triggers(scenario, TriggerEvent.DeploymentFailure);
    }

    @Override
    void hooks(LifecycleHooks hooks) {
      hooks.beforeInstall = DemoWorld.HOOK_SILENT;
    }

    @Override
    List<DeploymentInvariants.Wait> waits(DemoWorld world) {
      return List.of(
          new DeploymentInvariants.Wait(
              "hook timeout",
              c -> "Invoke".equals(c.operation().name()),
              c -> "Publish".equals(c.operation().name()),
              Duration.ofMinutes(1),
              "hookExecution.deadline"));
    }
  };

  /** The scenarios of the bounded sweep in {@code make test}. */
  static final List<SweepScenario> BOUNDED =
      List.of(ALL_AT_ONCE, CANARY, LINEAR, FAILING_HOOK, STOP, ALARM);

  /** The scenarios of the full matrix in {@code make reliability}. */
  static final List<SweepScenario> FULL =
      List.of(ALL_AT_ONCE, CANARY, LINEAR, FAILING_HOOK, STOP, ALARM, HOOK_TIMEOUT);

  /** Names for namespaces and AWS resources: short, lower case. */
  String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The group's settings beyond the scenario's default (AllAtOnce, test listener, no waits). */
  void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {}

  /** The EcsDeploymentConfigs the group names. */
  void configs(E2EScenario scenario) {}

  /** The revision's hooks. */
  void hooks(LifecycleHooks hooks) {}

  /** The waits to measure. */
  List<DeploymentInvariants.Wait> waits(DemoWorld world) {
    return List.of();
  }

  /** The waits to kill the operator in: the measured ones, and any ended by an event. */
  List<DeploymentInvariants.Wait> killWaits(DemoWorld world) {
    return waits(world);
  }

  /** What the test does at each of the deployment's mutating calls (on the proxy's thread). */
  void onCall(TrackedDeployment tracked, MutatingCall call) {}

  /** What the test does while the deployment runs, given its status now. */
  void drive(TrackedDeployment tracked, EcsDeployment now) {}

  /** An EcsDeploymentConfig of a time-based canary. */
  static void canaryConfig(E2EScenario scenario, String name, int percentage, String interval) {
    TrafficRouting canary = new TrafficRouting();
    canary.type = TrafficRoutingType.TimeBasedCanary;
    canary.timeBasedCanary = new TimeBasedCanary();
    canary.timeBasedCanary.canaryPercentage = percentage;
    canary.timeBasedCanary.canaryInterval = interval;
    scenario.config(name, canary);
  }

  static DeploymentInvariants.Wait terminationWait(DemoWorld world, Duration length) {
    return new DeploymentInvariants.Wait(
        "termination wait",
        c -> "UpdateServicePrimaryTaskSet".equals(c.operation().name()),
        c -> "DeleteTaskSet".equals(c.operation().name()),
        length,
        "terminationWaitUntil");
  }

  /**
   * The share of production traffic a listener change sends to the scenario's second target group
   * (the replacement's), or -1 for any other call.
   */
  static int productionShare(DemoWorld world, MutatingCall call) {
    if (!"ModifyListener".equals(call.operation().name())
        || !world.productionListener.equals(call.parameter("ListenerArn"))) {
      return -1;
    }
    Map<String, String> arns = new HashMap<>();
    Map<String, Integer> weights = new HashMap<>();
    String prefix = "DefaultActions.member.1.ForwardConfig.TargetGroups.member.";
    call.parameters()
        .forEach(
            (name, value) -> {
              if (name.startsWith(prefix)) {
                String[] rest = name.substring(prefix.length()).split("\\.", 2);
                if (rest.length == 2 && rest[1].equals("TargetGroupArn")) {
                  arns.put(rest[0], value);
                } else if (rest.length == 2 && rest[1].equals("Weight")) {
                  weights.put(rest[0], Integer.parseInt(value));
                }
              }
            });
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      // A plain forward to one target group.
      String only = call.parameter("DefaultActions.member.1.TargetGroupArn");
      return world.green.equals(only) ? 100 : 0;
    }
    int toGreen = 0;
    for (Map.Entry<String, String> arn : arns.entrySet()) {
      if (world.green.equals(arn.getValue())) {
        toGreen += weights.getOrDefault(arn.getKey(), 0);
      }
    }
    return Math.round(100f * toGreen / total);
  }

  private static List<Trigger> triggers(E2EScenario scenario, TriggerEvent... events) {
    String topic;
    try (SnsClient sns = EmulatorClients.sns()) {
      topic = sns.createTopic(r -> r.name(scenario.namespace + "-events")).topicArn();
    }
    Trigger trigger = new Trigger();
    trigger.name = "events";
    trigger.targetArn = topic;
    trigger.events = new ArrayList<>(List.of(events));
    return List.of(trigger);
  }

  static Consumer<EcsDeploymentGroupSpec> groupOf(SweepScenario kind, E2EScenario scenario) {
    return spec -> kind.group(scenario, spec);
  }
}
