package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WaitsTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";
  static final TriggerSettings READY_TRIGGER =
      new TriggerSettings(
          "ops", "arn:aws:sns:us-east-1:111122223333:ops", Set.of(TriggerEvent.DeploymentReady));

  static EngineHarness readyWait(DeploymentSettings.Builder settings) {
    return new EngineHarness(
        settings
            .testListener(true)
            .ready(DeploymentReadyAction.STOP_DEPLOYMENT, Duration.ofMinutes(30))
            .trigger(READY_TRIGGER)
            .build(),
        FakeEcsWorld.withOriginalOn(BLUE, true));
  }

  @Nested
  class ReadyOption {
    @Test
    void waitsInReadyWithTestTrafficOnTheReplacementAndProductionUntouched() {
      EngineHarness harness = readyWait(EngineHarness.settings());

      harness.runUntil(s -> s.status() == DeploymentStatus.Ready);
      Instant readyAt = harness.now;
      harness.advance(Duration.ofSeconds(1));
      Decision waiting = harness.step();

      assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Ready);
      assertThat(harness.state.phase()).isEqualTo(Phase.READY_WAIT);
      assertThat(harness.state.readyWaitUntil()).isEqualTo(readyAt.plus(Duration.ofMinutes(30)));
      assertThat(waiting.recheck()).isEqualTo(Recheck.at(readyAt.plus(Duration.ofMinutes(30))));
      assertThat(harness.world.test.percentOf(GREEN)).isEqualTo(100);
      assertThat(harness.world.production.percentOf(BLUE)).isEqualTo(100);
      assertThat(harness.world.published)
          .extracting(PendingNotification::event, PendingNotification::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  TriggerEvent.DeploymentReady, DeploymentStatus.Ready));
    }

    @Test
    void shiftsProductionTrafficOnceTheUserContinues() {
      EngineHarness harness = readyWait(EngineHarness.settings());
      harness.runUntil(s -> s.status() == DeploymentStatus.Ready);
      harness.advance(Duration.ofMinutes(12));

      harness.operations = UserOperations.continueDeployment(DeploymentWaitType.READY_WAIT);
      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(100);
      assertThat(harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS).get(1))
          .isEqualTo(EngineHarness.T0.plus(Duration.ofMinutes(12)).plusSeconds(2));
    }

    @Test
    void stopsTheDeploymentWhenTheReadyWaitRunsOut() {
      EngineHarness harness = readyWait(EngineHarness.settings());
      harness.runUntil(s -> s.status() == DeploymentStatus.Ready);
      Instant readyAt = harness.now;

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.completeTime()).isEqualTo(readyAt.plus(Duration.ofMinutes(30)));
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(end.errorInformation().message()).contains("ready wait of 30 minutes");
      assertThat(end.event(LifecycleEvent.BeforeAllowTraffic).status())
          .isEqualTo(LifecycleEventStatus.Skipped);
      assertThat(end.rollbackInfo()).isNull();
      assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNotNull();
      assertThat(harness.world.test.percentOf(GREEN)).isEqualTo(100);
    }

    @Test
    void rollsBackAnExpiredReadyWaitWhenStopOnRequestRollbackIsOn() {
      EngineHarness harness =
          readyWait(
              EngineHarness.settings()
                  .autoRollback(
                      AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST)));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(end.rollbackInfo()).isNotNull();
      assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNull();
      assertThat(harness.world.test.percentOf(BLUE)).isEqualTo(100);
    }

    @Test
    void aContinueGivenBeforehandSkipsTheReadyStatus() {
      EngineHarness harness = readyWait(EngineHarness.settings());
      harness.operations = UserOperations.continueDeployment(DeploymentWaitType.READY_WAIT);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(end.readyWaitUntil()).isNull();
      assertThat(harness.decisions).noneMatch(d -> d.state().status() == DeploymentStatus.Ready);
      assertThat(harness.world.published).isEmpty();
    }

    @Test
    void continueDeploymentGoesStraightOn() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .ready(DeploymentReadyAction.CONTINUE_DEPLOYMENT, Duration.ofMinutes(30))
                  .trigger(READY_TRIGGER)
                  .build(),
              FakeEcsWorld.withOriginalOn(BLUE, false));
      assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.decisions).noneMatch(d -> d.state().status() == DeploymentStatus.Ready);
    }
  }

  @Nested
  class TerminationWait {
    static EngineHarness terminating(TerminationAction action, Duration wait) {
      return new EngineHarness(
          EngineHarness.settings().termination(action, wait).build(),
          FakeEcsWorld.withOriginalOn(BLUE, false));
    }

    @Test
    void deletesTheOriginalOnlyAfterTheWait() {
      EngineHarness harness = terminating(TerminationAction.TERMINATE, Duration.ofMinutes(60));

      harness.runUntilPhase(Phase.TERMINATION_WAIT);
      Instant promotedAt = harness.timesOf(Action.Kind.MAKE_TASK_SET_PRIMARY).get(0);
      assertThat(harness.state.status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(harness.world.replacementOf(EXTERNAL_ID).status())
          .isEqualTo(TaskSetStatus.PRIMARY);
      assertThat(harness.world.taskSets.get(ORIGINAL).status()).isEqualTo(TaskSetStatus.ACTIVE);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.timesOf(Action.Kind.DELETE_TASK_SET))
          .containsExactly(promotedAt.plus(Duration.ofMinutes(60)));
      assertThat(end.terminationWaitUntil()).isEqualTo(promotedAt.plus(Duration.ofMinutes(60)));
      assertThat(harness.world.taskSets).doesNotContainKey(ORIGINAL);
    }

    @Test
    void aRestartAfterTheReplacementIsMadePrimaryDoesNotBeginTheWaitAgain() {
      EngineHarness harness = terminating(TerminationAction.TERMINATE, Duration.ofMinutes(10));
      harness.runUntil(s -> !harness.world.performed(Action.Kind.MAKE_TASK_SET_PRIMARY).isEmpty());
      Instant handedOut = harness.timesOf(Action.Kind.MAKE_TASK_SET_PRIMARY).get(0);

      // The operator stopped before it read the new primary back, and runs again a minute later.
      harness.advance(Duration.ofMinutes(1));
      harness.step();

      assertThat(harness.state.terminationWaitUntil())
          .isEqualTo(handedOut.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aPrimaryHandedOutAgainAfterARestartBeginsTheWaitThen() {
      EngineHarness harness = terminating(TerminationAction.TERMINATE, Duration.ofMinutes(10));
      harness.runUntil(s -> !harness.world.performed(Action.Kind.MAKE_TASK_SET_PRIMARY).isEmpty());

      // The action had not taken effect before the restart: performed again, it is handed out now.
      harness.advance(Duration.ofMinutes(1));
      Instant performedAgain = harness.now;
      harness.state = harness.state.reissuedAt(performedAgain);
      harness.step();

      assertThat(harness.state.terminationWaitUntil())
          .isEqualTo(performedAgain.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aContinueEndsTheTerminationWaitEarly() {
      EngineHarness harness = terminating(TerminationAction.TERMINATE, Duration.ofHours(48));
      harness.runUntilPhase(Phase.TERMINATION_WAIT);
      harness.advance(Duration.ofMinutes(5));
      Instant continuedAt = harness.now;

      harness.operations = UserOperations.continueDeployment(DeploymentWaitType.TERMINATION_WAIT);
      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.timesOf(Action.Kind.DELETE_TASK_SET)).containsExactly(continuedAt);
    }

    @Test
    void keepAliveNeverDeletesTheOriginal() {
      EngineHarness harness = terminating(TerminationAction.KEEP_ALIVE, Duration.ofMinutes(10));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.world.performed(Action.Kind.DELETE_TASK_SET)).isEmpty();
      assertThat(harness.world.taskSets.get(ORIGINAL).status()).isEqualTo(TaskSetStatus.ACTIVE);
      assertThat(harness.world.production.percentOf(BLUE)).isZero();
    }

    @Test
    void succeedsOnceTheOriginalIsDraining() {
      EngineHarness harness = terminating(TerminationAction.TERMINATE, Duration.ofMinutes(10));
      harness.runUntilPhase(Phase.TERMINATION_WAIT);
      harness.world.taskSets.put(
          ORIGINAL, new ObservedTaskSet(ORIGINAL, "previous", BLUE, TaskSetStatus.DRAINING, true));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.world.performed(Action.Kind.DELETE_TASK_SET)).isEmpty();
    }
  }
}
