package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlarmsStopsAndRollbacksTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";

  static DeploymentSettings.Builder canaryWith(
      AlarmSettings alarms, AutoRollbackSettings rollback) {
    return EngineHarness.settings()
        .testListener(true)
        .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(15)))
        .alarms(alarms)
        .autoRollback(rollback);
  }

  static EngineHarness inCanaryWait(DeploymentSettings.Builder settings) {
    EngineHarness harness =
        new EngineHarness(settings.build(), FakeEcsWorld.withOriginalOn(BLUE, true));
    harness.world.alarms = AlarmObservation.ok();
    harness.runUntil(s -> s.trafficStepWaitUntil() != null);
    harness.advance(Duration.ofMinutes(3));
    return harness;
  }

  static void assertBackToOriginal(EngineHarness harness) {
    FakeEcsWorld world = harness.world;
    assertThat(world.production.percentOf(BLUE)).isEqualTo(100);
    if (world.test != null) {
      assertThat(world.test.percentOf(BLUE)).isEqualTo(100);
    }
    assertThat(world.taskSets.get(ORIGINAL).status()).isEqualTo(TaskSetStatus.PRIMARY);
    assertThat(world.replacementOf(EXTERNAL_ID)).isNull();
    assertThat(world.violations).isEmpty();
    assertThat(harness.state.productionTraffic()).isEqualTo(TrafficWeights.of(BLUE, 100, GREEN, 0));
  }

  @Nested
  class Alarms {
    @Test
    void rollsBackWhenAlarmFiresDuringCanaryWait() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.watching("5xx", "latency"),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
      harness.world.alarms = AlarmObservation.inAlarm("5xx");

      Decision first = harness.step();
      assertThat(first.action())
          .contains(
              new Action.SetListenerWeights(
                  Listener.PRODUCTION, TrafficWeights.of(BLUE, 100, GREEN, 0)));
      assertThat(first.state().status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(first.state().phase()).isEqualTo(Phase.ROLLBACK);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(end.errorInformation().message()).endsWith("Activated alarms: 5xx");
      assertThat(end.event(LifecycleEvent.AllowTraffic).status())
          .isEqualTo(LifecycleEventStatus.Failed);
      assertThat(end.event(LifecycleEvent.AfterAllowTraffic).status())
          .isEqualTo(LifecycleEventStatus.Skipped);
      String rollbackId = DeploymentIds.rollbackIdFor(EngineHarness.DEPLOYMENT_ID);
      assertThat(end.rollbackInfo())
          .isEqualTo(
              new RollbackInfo(
                  rollbackId,
                  null,
                  "Deployment d-TESTDEPL1 terminated. Automatic rollback is triggered with a"
                      + " DeploymentId "
                      + rollbackId
                      + "."));
      assertBackToOriginal(harness);
    }

    @Test
    void stopsWithoutRollbackWhenStopOnAlarmRollbackIsOff() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.watching("5xx"),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE)));
      harness.world.alarms = AlarmObservation.inAlarm("5xx");

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(end.rollbackInfo()).isNull();
      assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(10);
      assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNotNull();
    }

    @Test
    void stopsWhenAlarmsCannotBeRead() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.watching("5xx"),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
      harness.world.alarms = AlarmObservation.pollFailed("AccessDenied");

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(end.errorInformation().message()).contains("could not be read (AccessDenied)");
      assertBackToOriginal(harness);
    }

    @Test
    void aPollThrottledNowAndThenIsOnlyAMissedPoll() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.watching("5xx"),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
      harness.world.alarms = AlarmObservation.pollFailedForNow("CloudWatch Throttling");

      Decision missed = harness.step();

      assertThat(missed.state().status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(missed.action()).isEmpty();
      assertThat(missed.state().alarmsUnreadableSince()).isEqualTo(harness.now);
      harness.advance(Duration.ofSeconds(50));
      assertThat(harness.step().state().status()).isEqualTo(DeploymentStatus.InProgress);

      // A poll that reads them starts the count again.
      harness.world.alarms = AlarmObservation.ok();
      harness.advance(Duration.ofSeconds(5));
      assertThat(harness.step().state().alarmsUnreadableSince()).isNull();
      harness.world.alarms = AlarmObservation.pollFailedForNow("CloudWatch InternalFailure");
      harness.advance(Duration.ofSeconds(5));
      harness.step();
      harness.advance(Duration.ofSeconds(50));
      assertThat(harness.step().state().status()).isEqualTo(DeploymentStatus.InProgress);

      harness.world.alarms = AlarmObservation.ok();
      assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
    }

    @Test
    void stopsWhenNoPollHasReadTheAlarmsForAMinute() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.watching("5xx"),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
      harness.world.alarms = AlarmObservation.pollFailedForNow("CloudWatch Throttling: Rate");
      Instant firstFailure = harness.now;

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(end.errorInformation().message())
          .contains("could not be read for 60 seconds (last: CloudWatch Throttling: Rate)");
      Instant stopped =
          harness
              .timesOf(Action.Kind.SET_LISTENER_WEIGHTS)
              .get(harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS).size() - 1);
      assertThat(Duration.between(firstFailure, stopped))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(1))
          .isLessThan(Duration.ofSeconds(90));
      assertBackToOriginal(harness);
    }

    @Test
    void carriesOnWhenAlarmsCannotBeReadAndPollFailuresAreIgnored() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  new AlarmSettings(true, true, List.of("5xx")), AutoRollbackSettings.disabled()));
      harness.world.alarms = AlarmObservation.pollFailed("AccessDenied");

      assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
    }

    @Test
    void ignoresAlarmsWhenMonitoringIsDisabled() {
      EngineHarness harness =
          inCanaryWait(canaryWith(AlarmSettings.disabled(), AutoRollbackSettings.disabled()));
      harness.world.alarms = AlarmObservation.inAlarm("5xx");

      assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
    }

    @Test
    void looksAgainEveryPollIntervalDuringLongWaitsWhileWatchingAlarms() {
      EngineHarness harness =
          inCanaryWait(canaryWith(AlarmSettings.watching("5xx"), AutoRollbackSettings.disabled()));

      Decision waiting = harness.step();

      assertThat(waiting.action()).isEmpty();
      assertThat(waiting.recheck()).isEqualTo(Recheck.at(harness.now.plusSeconds(15)));
    }

    @Test
    void looksAgainAtTheDeadlineWhenNoAlarmIsWatched() {
      EngineHarness harness =
          inCanaryWait(canaryWith(AlarmSettings.disabled(), AutoRollbackSettings.disabled()));

      Decision waiting = harness.step();

      assertThat(waiting.recheck()).isEqualTo(Recheck.at(harness.state.trafficStepWaitUntil()));
    }

    @Test
    void anAlarmDuringTheTerminationWaitRollsBackToThePromotedOriginal() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .alarms(AlarmSettings.watching("5xx"))
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM))
                  .termination(TerminationAction.TERMINATE, Duration.ofHours(1))
                  .build(),
              FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.runUntilPhase(Phase.TERMINATION_WAIT);
      harness.world.alarms = AlarmObservation.inAlarm("5xx");
      harness.advance(Duration.ofMinutes(20));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(harness.world.performed(Action.Kind.MAKE_TASK_SET_PRIMARY))
          .containsExactly(
              new Action.MakeTaskSetPrimary(harness.state.replacementTaskSetArn()),
              new Action.MakeTaskSetPrimary(ORIGINAL));
      assertBackToOriginal(harness);
      assertThat(end.lifecycleEvents())
          .extracting(LifecycleEventRecord::status)
          .doesNotContain(LifecycleEventStatus.Failed);
    }

    @Test
    void anAlarmBeforeInstallStopsWithoutTouchingAws() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .hook(LifecycleEvent.BeforeInstall, "slow-check")
                  .alarms(AlarmSettings.watching("5xx"))
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM))
                  .build(),
              FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.step();
      harness.world.alarms = AlarmObservation.inAlarm("5xx");

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.rollbackInfo()).isNull();
      assertThat(harness.world.performed)
          .extracting(Action::kind)
          .containsOnly(Action.Kind.INVOKE_HOOK);
    }
  }

  @Nested
  class Stops {
    @Test
    void stopWithRollbackReturnsEverythingToTheOriginal() {
      EngineHarness harness =
          inCanaryWait(canaryWith(AlarmSettings.disabled(), AutoRollbackSettings.disabled()));
      harness.operations = UserOperations.stop(true);

      Decision accepted = harness.step();
      assertThat(accepted.state().stopOperation()).isEqualTo(StopOperationStatus.Pending);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.stopOperation()).isEqualTo(StopOperationStatus.Succeeded);
      assertThat(end.errorInformation())
          .isEqualTo(
              new ErrorInformation(
                  ErrorCode.MANUAL_STOP, "The deployment was stopped by a user request."));
      assertBackToOriginal(harness);
    }

    @Test
    void stopWithoutRollbackLeavesComponentsAsTheyAre() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.disabled(),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST)));
      harness.operations = UserOperations.stop(false);

      Decision stopped = harness.step();

      assertThat(stopped.state().status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(stopped.state().stopOperation()).isEqualTo(StopOperationStatus.Succeeded);
      assertThat(stopped.action()).isEmpty();
      assertThat(stopped.recheck()).isEqualTo(Recheck.never());
      assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(10);
      assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNotNull();
    }

    @ParameterizedTest(name = "stop on request rollback {0} -> rolled back {1}")
    @CsvSource({"true, true", "false, false"})
    void aStopThatDoesNotSayFollowsTheStopOnRequestSetting(boolean configured, boolean rolledBack) {
      AutoRollbackSettings rollback =
          configured
              ? AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST)
              : AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE);
      EngineHarness harness = inCanaryWait(canaryWith(AlarmSettings.disabled(), rollback));
      harness.operations = UserOperations.stop(null);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.rollbackInfo() != null).isEqualTo(rolledBack);
      assertThat(harness.world.replacementOf(EXTERNAL_ID) == null).isEqualTo(rolledBack);
    }

    @Test
    void aFinishedDeploymentCannotBeStopped() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings().build(), FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.runToEnd();
      harness.operations = UserOperations.stop(true);

      Decision answer = harness.step();

      assertThat(answer.state().status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(answer.state().stopOperation()).isEqualTo(StopOperationStatus.Rejected);
      assertThat(answer.action()).isEmpty();
      assertThat(harness.step().state().stopOperation()).isEqualTo(StopOperationStatus.Rejected);
    }

    @Test
    void aQueuedDeploymentStopsWithoutTouchingAws() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
      world.groupBusy = true;
      EngineHarness harness = new EngineHarness(EngineHarness.settings().build(), world);
      harness.step();
      harness.operations = UserOperations.stop(true);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.lifecycleEvents())
          .extracting(LifecycleEventRecord::status)
          .containsOnly(LifecycleEventStatus.Skipped);
      assertThat(world.performed).isEmpty();
    }

    @Test
    void aStopDuringARollbackIsAnsweredWhenTheRollbackEnds() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.watching("5xx"),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
      harness.world.alarms = AlarmObservation.inAlarm("5xx");
      harness.step();
      harness.operations = UserOperations.stop(false);

      Decision during = harness.step();
      assertThat(during.state().stopOperation()).isEqualTo(StopOperationStatus.Pending);
      assertThat(during.state().phase()).isEqualTo(Phase.ROLLBACK);

      DeploymentState end = harness.runToEnd();
      assertThat(end.stopOperation()).isEqualTo(StopOperationStatus.Succeeded);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertBackToOriginal(harness);
    }

    @Test
    void aStopWhileTheOriginalIsBeingRemovedIsTooLate() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings().build(), FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.runUntil(s -> s.phase() == Phase.REMOVE_ORIGINAL);
      harness.operations = UserOperations.stop(true);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(end.stopOperation()).isEqualTo(StopOperationStatus.Rejected);
    }
  }

  @Nested
  class Rollbacks {
    @Test
    void rollsBackAFirstDeploymentToTheListenersItStartedWith() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .testListener(true)
                  .hook(LifecycleEvent.AfterAllowTraffic, "smoke")
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                  .build(),
              FakeEcsWorld.firstDeployment(true));
      harness.world.hookAnswers.put("smoke", LifecycleEventStatus.Failed);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(harness.world.production).isEqualTo(TrafficWeights.of(BLUE, 100, GREEN, 0));
      assertThat(harness.world.test).isEqualTo(TrafficWeights.of(BLUE, 100, GREEN, 0));
      assertThat(harness.world.taskSets).isEmpty();
      assertThat(harness.world.performed(Action.Kind.MAKE_TASK_SET_PRIMARY)).isEmpty();
    }

    @Test
    void saysSoWhenTheRollbackCannotComplete() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.watching("5xx"),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
      harness.world.alarms = AlarmObservation.inAlarm("5xx");
      harness.world.failing(
          action -> action.kind() == Action.Kind.DELETE_TASK_SET,
          1,
          ErrorCode.IAM_ROLE_PERMISSIONS,
          false);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(end.rollbackInfo().rollbackMessage())
          .endsWith("The rollback could not complete: injected failure");
      assertThat(harness.world.production.percentOf(BLUE)).isEqualTo(100);
      assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNotNull();
    }

    @Test
    void leavesTrafficOnTheReplacementWhenTheOriginalIsGone() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .hook(LifecycleEvent.AfterAllowTraffic, "smoke")
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                  .build(),
              FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.runUntil(s -> s.hookExecution() != null);
      harness.world.taskSets.remove(ORIGINAL);
      harness.world.hookReports.add(
          new HookReport(harness.state.hookExecution().executionId(), LifecycleEventStatus.Failed));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.rollbackInfo().rollbackMessage())
          .endsWith("no longer exists, so production traffic was left where it was.");
      assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(100);
      assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNotNull();
    }

    @Test
    void handsARestoreThatFailedOutAgainThoughAStaleReadShowsItDone() {
      // Given: production traffic has just moved to the replacement of a first deployment, reads
      // lag far behind, and the rollback's first restore of the listener is throttled,
      FakeEcsWorld world = FakeEcsWorld.firstDeployment(false);
      world.listenerLag = 8;
      Action restore =
          new Action.SetListenerWeights(
              Listener.PRODUCTION, TrafficWeights.of(BLUE, 100, GREEN, 0));
      world.failing(restore::equals, 1, ErrorCode.THROTTLED, true);
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .autoRollback(
                      AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST))
                  .build(),
              world);
      harness.runUntil(s -> !world.performed(Action.Kind.SET_LISTENER_WEIGHTS).isEmpty());

      // When: the deployment is stopped with rollback,
      harness.operations = UserOperations.stop(true);
      harness.advance(Duration.ofSeconds(1));
      DeploymentState end = harness.runToEnd();

      // Then: the failed restore is handed out again before the replacement is deleted.
      List<Action> performed = world.performed;
      int deleted = performed.indexOf(new Action.DeleteTaskSet(end.replacementTaskSetArn()));
      assertThat(performed.subList(0, deleted)).filteredOn(restore::equals).hasSizeGreaterThan(1);
      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(world.production).isEqualTo(TrafficWeights.of(BLUE, 100, GREEN, 0));
      assertThat(world.taskSets).isEmpty();
      assertThat(world.violations).isEmpty();
    }

    @Test
    void failsWhenBothTaskSetsDisappearDuringTheTerminationWait() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .termination(TerminationAction.TERMINATE, Duration.ofHours(1))
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                  .build(),
              FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.runUntilPhase(Phase.TERMINATION_WAIT);
      String replacement = harness.state.replacementTaskSetArn();
      harness.world.taskSets.clear();
      harness.advance(Duration.ofMinutes(1));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation().message())
          .isEqualTo("The replacement task set " + replacement + " no longer exists.");
      assertThat(end.rollbackInfo().rollbackMessage())
          .endsWith("no longer exists, so production traffic was left where it was.");
    }

    @Test
    void failsWhenTheReplacementTaskSetDisappears() {
      EngineHarness harness =
          inCanaryWait(
              canaryWith(
                  AlarmSettings.disabled(),
                  AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE)));
      String replacement = harness.state.replacementTaskSetArn();
      harness.world.taskSets.remove(replacement);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation())
          .isEqualTo(
              new ErrorInformation(
                  ErrorCode.ECS_UPDATE_ERROR,
                  "The replacement task set " + replacement + " no longer exists."));
      assertThat(harness.world.production.percentOf(BLUE)).isEqualTo(100);
    }

    @Test
    void failsWhenTheOriginalDisappearsWhileItServesTraffic() {
      EngineHarness harness =
          inCanaryWait(canaryWith(AlarmSettings.disabled(), AutoRollbackSettings.disabled()));
      harness.world.taskSets.remove(ORIGINAL);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation().message())
          .isEqualTo("The original task set " + ORIGINAL + " no longer exists.");
    }

    @Test
    void nameTheRollbackDeploymentTheSameWayEveryTime() {
      String first = DeploymentIds.rollbackIdFor("d-ABCDEFGHI");
      assertThat(first)
          .matches("d-[A-Z0-9]{9}")
          .isEqualTo(DeploymentIds.rollbackIdFor("d-ABCDEFGHI"));
      assertThat(first).isNotEqualTo(DeploymentIds.rollbackIdFor("d-ABCDEFGHJ"));
    }
  }

  @Test
  void theRollbackStartsNoLaterThanTheAlarmIsSeen() {
    EngineHarness harness =
        inCanaryWait(
            canaryWith(
                AlarmSettings.watching("5xx"),
                AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)));
    harness.world.alarms = AlarmObservation.inAlarm("5xx");
    Instant seenAt = harness.now;
    harness.runToEnd();
    assertThat(harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS)).contains(seenAt);
  }
}
