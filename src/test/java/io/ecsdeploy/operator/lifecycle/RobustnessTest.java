package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the engine does when the caller or AWS does not behave as on a good day. */
class RobustnessTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";

  @Test
  void sendsANotificationAgainWhenTheStateWasNotSavedAfterPublishingIt() {
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .trigger(new TriggerSettings("all", "arn:sns:t", EnumSet.allOf(TriggerEvent.class)))
                .build(),
            FakeEcsWorld.withOriginalOn(BLUE, false));
    Decision published = harness.stepAndCrashBeforeSaving();
    Decision replayed = harness.step();

    assertThat(published.action()).get().isInstanceOf(Action.PublishNotification.class);
    assertThat(replayed.action()).isEqualTo(published.action());
    assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
  }

  @Test
  void adoptsATaskSetCreatedJustBeforeACrash() {
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings().build(), FakeEcsWorld.withOriginalOn(BLUE, false));
    harness.stepAndCrashBeforeSaving();
    assertThat(harness.world.performed(Action.Kind.CREATE_TASK_SET)).hasSize(1);

    harness.runToEnd();

    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(harness.world.performed(Action.Kind.CREATE_TASK_SET)).hasSize(1);
  }

  @ParameterizedTest(name = "first deployment: {0}")
  @ValueSource(booleans = {true, false})
  void neverSucceedsWithProductionTrafficMovedBackByARollbackWhoseStateWasLost(
      boolean firstDeployment) {
    // Given: all production traffic is on the replacement, and making it PRIMARY fails for good,
    FakeEcsWorld world =
        firstDeployment
            ? FakeEcsWorld.firstDeployment(true)
            : FakeEcsWorld.withOriginalOn(BLUE, true);
    world.failing(
        action -> action.kind() == Action.Kind.MAKE_TASK_SET_PRIMARY,
        1,
        ErrorCode.ECS_UPDATE_ERROR,
        false);
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .testListener(true)
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                .build(),
            world);
    harness.runUntilPhase(Phase.PROMOTE_REPLACEMENT);
    assertThat(world.production.percentOf(GREEN)).isEqualTo(100);
    harness.advance(Duration.ofSeconds(1));
    // so the rollback's first action moves production traffic back, and then the caller crashes
    // before saving the state that said so.
    Decision lost = harness.stepAndCrashBeforeSaving();
    assertThat(lost.state().phase()).isEqualTo(Phase.ROLLBACK);
    assertThat(lost.action())
        .contains(
            new Action.SetListenerWeights(
                Listener.PRODUCTION, TrafficWeights.of(BLUE, 100, GREEN, 0)));
    assertThat(world.production.percentOf(GREEN)).isZero();

    // When: the engine carries on from the state that was saved, before the rollback,
    DeploymentState end = harness.runToEnd();

    // Then: it does not end Succeeded until production traffic is back on the replacement.
    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(world.production.percentOf(GREEN)).isEqualTo(100);
    assertThat(world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.PRIMARY);
    assertThat(world.taskSets).doesNotContainKey(ORIGINAL);
    assertThat(world.violations).isEmpty();
  }

  @ParameterizedTest(name = "then: {0}")
  @ValueSource(strings = {"a stop with rollback", "an alarm that rolls back"})
  void succeedsOnceTheOriginalIsDeletedEvenIfTheStateSayingSoWasLost(String then) {
    // Given: the termination wait is over, the original task set is deleted, and the caller
    // crashes before saving the state that asked for it, so the saved state still waits,
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, true);
    world.alarms = AlarmObservation.ok();
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .testListener(true)
                .termination(TerminationAction.TERMINATE, Duration.ofMinutes(5))
                .alarms(AlarmSettings.watching("5xx"))
                .autoRollback(
                    AutoRollbackSettings.on(
                        AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM,
                        AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST))
                .build(),
            world);
    harness.runUntilPhase(Phase.TERMINATION_WAIT);
    harness.advance(Duration.ofMinutes(5));
    Decision lost = harness.stepAndCrashBeforeSaving();
    assertThat(lost.action()).contains(new Action.DeleteTaskSet(ORIGINAL));
    assertThat(harness.state.phase()).isEqualTo(Phase.TERMINATION_WAIT);
    assertThat(world.taskSets).doesNotContainKey(ORIGINAL);
    int performedBefore = world.performed.size();

    // When: a stop or an alarm that would roll the deployment back comes next,
    if (then.contains("stop")) {
      harness.operations = UserOperations.stop(true);
    } else {
      world.alarms = AlarmObservation.inAlarm("5xx");
    }
    harness.advance(Duration.ofSeconds(1));
    DeploymentState end = harness.runToEnd();

    // Then: the deployment has done its last step and nothing is left to roll back to, so it
    // succeeds, as it would have had the state been saved, and a stop is turned down.
    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(end.errorInformation()).isNull();
    assertThat(end.rollbackInfo()).isNull();
    assertThat(end.stopOperation())
        .isEqualTo(then.contains("stop") ? StopOperationStatus.Rejected : null);
    assertThat(world.performed.subList(performedBefore, world.performed.size())).isEmpty();
    assertThat(world.production.percentOf(GREEN)).isEqualTo(100);
    assertThat(world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.PRIMARY);
    assertThat(world.violations).isEmpty();
  }

  @Test
  void succeedsWhenALostDecisionDeletedTheOriginalRightAfterThePromotion() {
    // Given: with no termination wait, the decision after the promotion deletes the original, and
    // the caller crashes before saving it, so the saved state still promotes the replacement,
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .termination(TerminationAction.TERMINATE, Duration.ZERO)
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST))
                .build(),
            world);
    harness.runUntilPhase(Phase.PROMOTE_REPLACEMENT);
    harness.advance(Duration.ofSeconds(1));
    Decision lost = harness.stepAndCrashBeforeSaving();
    assertThat(lost.action()).contains(new Action.DeleteTaskSet(ORIGINAL));
    assertThat(harness.state.phase()).isEqualTo(Phase.PROMOTE_REPLACEMENT);

    // When: a stop with rollback comes next,
    harness.operations = UserOperations.stop(true);
    harness.advance(Duration.ofSeconds(1));
    DeploymentState end = harness.runToEnd();

    // Then: the deployment succeeds and the stop is turned down.
    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(end.stopOperation()).isEqualTo(StopOperationStatus.Rejected);
    assertThat(end.rollbackInfo()).isNull();
    assertThat(world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.PRIMARY);
    assertThat(world.violations).isEmpty();
  }

  @Test
  void succeedsWhenLostDecisionsPromotedTheReplacementAndDeletedTheOriginal() {
    // Given: the AfterAllowTraffic hook has been invoked and answered, and the two decisions after
    // it (promote the replacement, delete the original) are performed but their states are lost,
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    world.alarms = AlarmObservation.ok();
    world.hookAnswers.put("smoke", LifecycleEventStatus.Succeeded);
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .hook(LifecycleEvent.AfterAllowTraffic, "smoke")
                .termination(TerminationAction.TERMINATE, Duration.ZERO)
                .alarms(AlarmSettings.watching("5xx"))
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM))
                .build(),
            world);
    harness.runUntil(s -> !world.performed(Action.Kind.INVOKE_HOOK).isEmpty());
    harness.advance(Duration.ofSeconds(1));
    assertThat(harness.stepAndCrashBeforeSaving().action())
        .get()
        .isInstanceOf(Action.MakeTaskSetPrimary.class);
    harness.advance(Duration.ofSeconds(1));
    assertThat(harness.stepAndCrashBeforeSaving().action())
        .contains(new Action.DeleteTaskSet(ORIGINAL));
    assertThat(harness.state.phase()).isEqualTo(Phase.AFTER_ALLOW_TRAFFIC);

    // When: an alarm that would roll the deployment back goes off,
    world.alarms = AlarmObservation.inAlarm("5xx");
    harness.advance(Duration.ofSeconds(1));
    DeploymentState end = harness.runToEnd();

    // Then: the deployment succeeds, and says the event it had open was not seen to its end.
    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(end.rollbackInfo()).isNull();
    assertThat(end.event(LifecycleEvent.AfterAllowTraffic).status())
        .isEqualTo(LifecycleEventStatus.Skipped);
    assertThat(end.event(LifecycleEvent.AfterAllowTraffic).diagnostics())
        .contains("last step had been done");
    assertThat(end.hookExecution()).isNull();
    assertThat(world.production.percentOf(GREEN)).isEqualTo(100);
    assertThat(world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.PRIMARY);
    assertThat(world.violations).isEmpty();
  }

  @Test
  void aRollbackSetsProductionBackItselfWhileTheReadStillShowsTheStartingWeights() {
    // Given: a service's first deployment has just sent all production traffic to the
    // replacement, and reads of the listener do not show it yet,
    FakeEcsWorld world = FakeEcsWorld.firstDeployment(false);
    world.listenerLag = 3;
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST))
                .build(),
            world);
    harness.runUntil(s -> !world.performed(Action.Kind.SET_LISTENER_WEIGHTS).isEmpty());
    assertThat(world.production.percentOf(GREEN)).isEqualTo(100);

    // When: the deployment is stopped with rollback,
    harness.operations = UserOperations.stop(true);
    harness.advance(Duration.ofSeconds(1));
    Decision first = harness.step();

    // Then: the rollback sends production back to where it started although the read already
    // shows that, and deletes the replacement only once nothing is sent to it.
    assertThat(first.action())
        .contains(
            new Action.SetListenerWeights(
                Listener.PRODUCTION, TrafficWeights.of(BLUE, 100, GREEN, 0)));
    DeploymentState end = harness.runToEnd();
    assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
    assertThat(end.rollbackInfo().rollbackMessage()).doesNotContain("could not complete");
    assertThat(world.production).isEqualTo(TrafficWeights.of(BLUE, 100, GREEN, 0));
    assertThat(world.taskSets).isEmpty();
    assertThat(world.violations).isEmpty();
  }

  @Test
  void aRollbackDoesNotTrustAReadThatMissesAChangeWhoseDecisionWasLost() {
    // Given: the decision that sends all production traffic to the replacement is performed, the
    // caller crashes before saving the state that asked for it, and reads do not show it yet,
    FakeEcsWorld world = FakeEcsWorld.firstDeployment(false);
    world.listenerLag = 3;
    world.hookAnswers.put("gate", LifecycleEventStatus.Succeeded);
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .hook(LifecycleEvent.BeforeAllowTraffic, "gate")
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST))
                .build(),
            world);
    harness.runUntil(s -> !world.performed(Action.Kind.INVOKE_HOOK).isEmpty());
    harness.advance(Duration.ofSeconds(1));
    Decision lost = harness.stepAndCrashBeforeSaving();
    assertThat(lost.action())
        .contains(
            new Action.SetListenerWeights(
                Listener.PRODUCTION, TrafficWeights.of(GREEN, 100, BLUE, 0)));
    assertThat(harness.state.phase()).isEqualTo(Phase.BEFORE_ALLOW_TRAFFIC);

    // When: the deployment is stopped with rollback, from the state that knows nothing of it,
    harness.operations = UserOperations.stop(true);
    harness.advance(Duration.ofSeconds(1));
    DeploymentState end = harness.runToEnd();

    // Then: production traffic is never sent to the target group of a deleted task set.
    assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
    assertThat(world.production).isEqualTo(TrafficWeights.of(BLUE, 100, GREEN, 0));
    assertThat(world.taskSets).isEmpty();
    assertThat(world.violations).isEmpty();
  }

  @Test
  void waitsForADrainingReplacementRatherThanDeletingItTwice() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, true);
    world.drainOnDelete = true;
    world.hookAnswers.put("validate", LifecycleEventStatus.Failed);
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .testListener(true)
                .hook(LifecycleEvent.AfterAllowTestTraffic, "validate")
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                .build(),
            world);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.DRAINING);
    assertThat(world.performed(Action.Kind.DELETE_TASK_SET)).hasSize(1);
    assertThat(world.test.percentOf(BLUE)).isEqualTo(100);
  }

  @Test
  void rollsBackAFirstDeploymentWhoseTestListenerWasNotReadAtTheStart() {
    FakeEcsWorld world = FakeEcsWorld.firstDeployment(false);
    world.hookAnswers.put("validate", LifecycleEventStatus.Failed);
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .testListener(true)
                .hook(LifecycleEvent.AfterAllowTestTraffic, "validate")
                .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                .build(),
            world);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(world.taskSets).isEmpty();
    assertThat(world.test).isEqualTo(TrafficWeights.of(GREEN, 100, BLUE, 0));
  }

  @Test
  void refusesToSpinWhenAHandlerNeverSettles() {
    LifecycleEngine engine =
        new LifecycleEngine(
            new PhaseHandlerRegistry().with(Phase.PENDING_START, context -> Step.proceed()));
    DeploymentSettings settings = EngineHarness.settings().build();
    EngineInput input =
        new EngineInput(
            settings,
            DeploymentState.created(settings.deploymentId(), EngineHarness.T0),
            FakeEcsWorld.withOriginalOn(BLUE, false).observe(),
            UserOperations.none(),
            EngineHarness.T0,
            "x");
    assertThatThrownBy(() -> engine.decide(input))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no decision after");
  }

  @Test
  void acceptsEverySettingTheBuilderOffers() {
    DeploymentSettings settings =
        DeploymentSettings.builder("d-1", BLUE, GREEN)
            .hooks(Map.of(LifecycleEvent.AfterInstall, "fn"))
            .steadyStateTimeout(Duration.ofMinutes(30))
            .unsteadyTrafficTimeout(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(5))
            .reissueAfter(Duration.ofSeconds(10))
            .build();
    assertThat(settings.hookFunction(LifecycleEvent.AfterInstall)).contains("fn");
    assertThat(settings.steadyStateTimeout()).hasMinutes(30);
    assertThat(settings.unsteadyTrafficTimeout()).hasMinutes(2);
    assertThat(settings.pollInterval()).hasSeconds(5);
    assertThat(settings.reissueAfter()).hasSeconds(10);
    assertThatThrownBy(
            () ->
                new DeploymentSettings(
                    settings.deploymentId(),
                    settings.externalId(),
                    List.of(BLUE, GREEN, "third"),
                    settings.testListener(),
                    settings.trafficRouting(),
                    settings.hookFunctions(),
                    settings.readyAction(),
                    settings.readyWait(),
                    settings.terminationAction(),
                    settings.terminationWait(),
                    settings.alarms(),
                    settings.autoRollback(),
                    settings.triggers(),
                    settings.eventBridge(),
                    settings.hookTimeout(),
                    settings.steadyStateTimeout(),
                    settings.unsteadyTrafficTimeout(),
                    settings.pollInterval(),
                    settings.reissueAfter(),
                    settings.maxActionAttempts(),
                    settings.targetHealth(),
                    settings.httpHooks(),
                    settings.analysis()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly two");
  }

  @Test
  void namesTheEventOfEachEventPhase() {
    assertThat(Phase.INSTALL.event()).isEqualTo(LifecycleEvent.Install);
    assertThat(Phase.READY_WAIT.event()).isNull();
    Observation observation =
        Observation.builder(new TrafficWeights(Map.of(BLUE, 100)))
            .hookReport(new HookReport("exec", LifecycleEventStatus.Succeeded))
            .build();
    assertThat(observation.hookReports()).hasSize(1);
    assertThat(FakeEcsWorld.withOriginalOn(GREEN, false).taskSets.get(ORIGINAL).targetGroupArn())
        .isEqualTo(GREEN);
  }
}
