package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.ContinueOperation;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.api.v1alpha1.StopOperation;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/** Failures, alarms, stops and waits, end to end: what AWS is left with and what status says. */
class RollbackE2E extends OperatorE2E {

  @BeforeAll
  static void createAlarm() {
    DemoWorld.createAlarm();
  }

  @Test
  void aFailingHookWithAutoRollbackPutsEverythingBack() {
    E2EScenario scenario = E2EScenario.create(client, "hook-rollback");
    scenario.group(
        "web",
        spec -> spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_FAILURE));
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(hooks -> hooks.afterAllowTestTraffic = DemoWorld.HOOK_FAILS),
        spec -> {});

    EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);
    assertThat(failed.getStatus().rollbackInfo).as("rollbackInfo").isNotNull();
    assertRolledBack(scenario.world);
    assertThat(failed.getStatus().errorInformation.code)
        .isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
    assertThat(failed.getStatus().lifecycleEvents)
        .filteredOn(e -> e.lifecycleEventName.equals("AfterAllowTestTraffic"))
        .extracting(e -> e.status.name())
        .containsExactly("Failed");
  }

  @Test
  void aFailingHookWithoutAutoRollbackLeavesComponentsAsTheyAre() {
    E2EScenario scenario = E2EScenario.create(client, "hook-no-rollback");
    scenario.group("web", spec -> {});
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(hooks -> hooks.afterAllowTestTraffic = DemoWorld.HOOK_RAISES),
        spec -> {});

    EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);
    DemoWorld world = scenario.world;
    assertThat(failed.getStatus().rollbackInfo).isNull();
    assertThat(world.taskSets()).hasSize(2);
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
    assertThat(world.percentTo(world.testListener, world.green))
        .as("test traffic stays on the replacement")
        .isEqualTo(100);
  }

  @Test
  void anAlarmDuringTheCanaryWaitStopsAndRollsBack() {
    E2EScenario scenario = E2EScenario.create(client, "alarm");
    DemoWorld.setAlarm(StateValue.OK);
    TrafficRouting canary = new TrafficRouting();
    canary.type = TrafficRoutingType.TimeBasedCanary;
    canary.timeBasedCanary = new TimeBasedCanary();
    canary.timeBasedCanary.canaryPercentage = 10;
    canary.timeBasedCanary.canaryInterval = "10m";
    scenario.config("slow-canary", canary);
    scenario.group(
        "web",
        spec -> {
          spec.deploymentConfigName = "slow-canary";
          spec.alarmConfiguration = E2EScenario.alarms(DemoWorld.ALARM);
          spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM);
        });
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitDeployment(
        "release-2", Duration.ofSeconds(60), d -> "90/10".equals(d.getStatus().trafficSplit));

    DemoWorld.setAlarm(StateValue.ALARM);
    try {
      EcsDeployment stopped = scenario.awaitStatus("release-2", DeploymentStatus.Stopped);
      assertThat(stopped.getStatus().errorInformation.code).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(stopped.getStatus().rollbackInfo).isNotNull();
      assertRolledBack(scenario.world);
    } finally {
      DemoWorld.setAlarm(StateValue.OK);
    }
  }

  @Test
  void stopWithRollbackRestoresTheOriginal() {
    E2EScenario scenario = E2EScenario.create(client, "stop-rollback");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitStatus("release-2", DeploymentStatus.Ready);

    requestStop(scenario, true);
    EcsDeployment stopped = scenario.awaitStatus("release-2", DeploymentStatus.Stopped);
    assertThat(stopped.getStatus().errorInformation.code).isEqualTo(ErrorCode.MANUAL_STOP);
    assertRolledBack(scenario.world);
  }

  @Test
  void stopWithoutRollbackLeavesTheReplacementInPlace() {
    E2EScenario scenario = E2EScenario.create(client, "stop-keep");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitStatus("release-2", DeploymentStatus.Ready);

    requestStop(scenario, false);
    EcsDeployment stopped = scenario.awaitStatus("release-2", DeploymentStatus.Stopped);
    assertThat(stopped.getStatus().rollbackInfo).isNull();
    DemoWorld world = scenario.world;
    assertThat(world.taskSets()).hasSize(2);
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
  }

  @Test
  void aReadyWaitContinuedByTheUserShiftsTraffic() {
    E2EScenario scenario = E2EScenario.create(client, "ready-continue");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    EcsDeployment ready = scenario.awaitStatus("release-2", DeploymentStatus.Ready);
    DemoWorld world = scenario.world;
    assertThat(world.percentTo(world.testListener, world.green)).isEqualTo(100);
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
    assertThat(ready.getStatus().currentEvent).isEqualTo("ReadyWait");

    scenario.edit(
        ready.getMetadata().getName(),
        d -> {
          d.getSpec().operations = new Operations();
          d.getSpec().operations.continueDeployment = new ContinueOperation();
          d.getSpec().operations.continueDeployment.readyWait = true;
          return d;
        });
    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
  }

  @Test
  void aReadyWaitLeftToExpireStopsTheDeployment() {
    E2EScenario scenario = E2EScenario.create(client, "ready-expire");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("5s"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment stopped = scenario.awaitStatus("release-2", DeploymentStatus.Stopped);
    assertThat(stopped.getStatus().errorInformation.code).isEqualTo(ErrorCode.TIMEOUT);
    DemoWorld world = scenario.world;
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
  }

  private static void requestStop(E2EScenario scenario, boolean rollback) {
    scenario.edit(
        scenario.get("release-2").getMetadata().getName(),
        d -> {
          d.getSpec().operations = new Operations();
          d.getSpec().operations.stop = new StopOperation();
          d.getSpec().operations.stop.autoRollbackEnabled = rollback;
          return d;
        });
  }

  /** Both listeners on the original target group, the original primary, the replacement gone. */
  private static void assertRolledBack(DemoWorld world) {
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
    assertThat(world.percentTo(world.testListener, world.blue)).isEqualTo(100);
    assertThat(world.taskSets())
        .extracting(TaskSet::taskSetArn)
        .containsExactly(world.initialTaskSet);
    assertThat(world.taskSets().get(0).status()).isEqualTo("PRIMARY");
  }
}
