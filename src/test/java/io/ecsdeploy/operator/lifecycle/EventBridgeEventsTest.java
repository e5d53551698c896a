package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The deployment states the engine publishes to EventBridge, as CodeDeploy sends them: START,
 * READY, SUCCESS, FAILURE, STOP, and a rollback as a deployment of its own.
 */
class EventBridgeEventsTest {
  private static final EventBridgeSettings BUS =
      new EventBridgeSettings("deployments", "ecsdeploy.codedeploy", "group-uid");
  private static final String ROLLBACK_ID =
      DeploymentIds.rollbackIdFor(EngineHarness.DEPLOYMENT_ID);

  private static EngineHarness harness(DeploymentSettings.Builder settings, FakeEcsWorld world) {
    return new EngineHarness(settings.eventBridge(BUS).build(), world);
  }

  private static List<PendingNotification.StateChange> stateChanges(FakeEcsWorld world) {
    return world.published.stream()
        .map(PendingNotification::stateChange)
        .filter(change -> change != null)
        .toList();
  }

  @Test
  void aSuccessfulDeploymentSendsStartThenSuccess() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    EngineHarness harness = harness(EngineHarness.settings(), world);

    harness.runToEnd();

    assertThat(stateChanges(world))
        .extracting(
            PendingNotification.StateChange::deploymentId, PendingNotification.StateChange::state)
        .containsExactly(
            tuple(EngineHarness.DEPLOYMENT_ID, "START"),
            tuple(EngineHarness.DEPLOYMENT_ID, "SUCCESS"));
    assertThat(stateChanges(world).get(1).time()).isEqualTo(harness.state.completeTime());
  }

  @Test
  void aRolledBackDeploymentFailsAsItsRollbackStartsThenTheRollbackSucceeds() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    world.hookAnswers.put("smoke", LifecycleEventStatus.Failed);
    EngineHarness harness =
        harness(
            EngineHarness.settings()
                .hook(LifecycleEvent.AfterAllowTraffic, "smoke")
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE)),
            world);

    harness.runToEnd();

    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(stateChanges(world))
        .extracting(
            PendingNotification.StateChange::deploymentId, PendingNotification.StateChange::state)
        .containsExactly(
            tuple(EngineHarness.DEPLOYMENT_ID, "START"),
            tuple(EngineHarness.DEPLOYMENT_ID, "FAILURE"),
            tuple(ROLLBACK_ID, "START"),
            tuple(ROLLBACK_ID, "SUCCESS"));
    assertThat(ROLLBACK_ID).isEqualTo(harness.state.rollbackInfo().rollbackDeploymentId());
  }

  @Test
  void aStopWithRollbackStopsTheDeploymentAndRunsTheRollback() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    EngineHarness harness =
        harness(
            EngineHarness.settings()
                .ready(DeploymentReadyAction.STOP_DEPLOYMENT, Duration.ofMinutes(30)),
            world);
    harness.runUntil(s -> s.status() == DeploymentStatus.Ready);

    harness.operations = UserOperations.stop(true);
    harness.runToEnd();

    assertThat(stateChanges(world))
        .extracting(
            PendingNotification.StateChange::deploymentId, PendingNotification.StateChange::state)
        .containsExactly(
            tuple(EngineHarness.DEPLOYMENT_ID, "START"),
            tuple(EngineHarness.DEPLOYMENT_ID, "READY"),
            tuple(EngineHarness.DEPLOYMENT_ID, "STOP"),
            tuple(ROLLBACK_ID, "START"),
            tuple(ROLLBACK_ID, "SUCCESS"));
  }

  @Test
  void aStopWithoutRollbackSendsStopOnly() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    EngineHarness harness =
        harness(
            EngineHarness.settings()
                .ready(DeploymentReadyAction.STOP_DEPLOYMENT, Duration.ofMinutes(30)),
            world);
    harness.runUntil(s -> s.status() == DeploymentStatus.Ready);

    harness.operations = UserOperations.stop(false);
    harness.runToEnd();

    assertThat(stateChanges(world))
        .extracting(PendingNotification.StateChange::state)
        .containsExactly("START", "READY", "STOP");
  }

  @Test
  void eventsAndSnsMessagesGoOutTogetherInTheOrderTheyHappened() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    EngineHarness harness =
        harness(
            EngineHarness.settings()
                .trigger(
                    new TriggerSettings(
                        "all",
                        "arn:aws:sns:us-east-1:111122223333:deployments",
                        Set.of(
                            io.ecsdeploy.operator.codedeploy.TriggerEvent.DeploymentStart,
                            io.ecsdeploy.operator.codedeploy.TriggerEvent.DeploymentSuccess))),
            world);

    harness.runToEnd();

    assertThat(world.published)
        .extracting(
            n -> n.stateChange() == null ? "sns:" + n.event() : "event:" + n.stateChange().state())
        .containsExactly(
            "sns:DeploymentStart", "event:START", "sns:DeploymentSuccess", "event:SUCCESS");
  }

  @Test
  void nothingGoesToEventBridgeWithoutABus() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    EngineHarness harness = new EngineHarness(EngineHarness.settings().build(), world);

    harness.runToEnd();

    assertThat(stateChanges(world)).isEmpty();
  }
}
