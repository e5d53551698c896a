package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pauses in a step schedule, as Argo Rollouts' {@code pause}: a step that holds its weight until
 * the user continues it, or until its limit.
 */
class PausesTest {

  private static EngineHarness shifting(TrafficStep... steps) {
    return new EngineHarness(
        EngineHarness.settings()
            .trafficRouting(TrafficRouting.steps(List.of(steps)))
            .pollInterval(Duration.ofSeconds(5))
            .build(),
        FakeEcsWorld.withOriginalOn(BLUE, false));
  }

  private static List<Integer> replacementPercents(EngineHarness harness) {
    return harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS).stream()
        .map(action -> ((Action.SetListenerWeights) action).weights().weightOf(GREEN))
        .toList();
  }

  private static boolean paused(DeploymentState state) {
    return state.trafficStepPausedSince() != null;
  }

  @Test
  void holdsAPauseUntilTheUserContinuesIt() {
    EngineHarness harness =
        shifting(TrafficStep.pause(20, Duration.ZERO), new TrafficStep(100, Duration.ZERO));
    harness.runUntil(PausesTest::paused);
    Instant pausedAt = harness.state.trafficStepPausedSince();

    harness.advance(Duration.ofDays(3));
    Decision waiting = harness.step();

    assertThat(waiting.action()).isEmpty();
    assertThat(waiting.recheck())
        .as("no deadline: looked at every poll interval")
        .isEqualTo(Recheck.at(harness.now.plusSeconds(5)));
    assertThat(harness.state.trafficStepPausedSince()).isEqualTo(pausedAt);
    assertThat(harness.state.trafficStepWaitUntil()).isNull();
    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.InProgress);
    assertThat(harness.state.currentEvent()).contains(LifecycleEvent.AllowTraffic);
    assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(20);

    harness.operations = UserOperations.continuePausesThrough(1);
    harness.runToEnd();

    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(replacementPercents(harness)).containsExactly(20, 100);
    assertThat(harness.state.trafficStepPausedSince()).isNull();
  }

  @Test
  void aContinueEndsThePausesUpToItsStepOnly() {
    EngineHarness harness =
        shifting(
            TrafficStep.pause(10, Duration.ZERO),
            new TrafficStep(30, Duration.ofMinutes(1)),
            TrafficStep.pause(60, Duration.ZERO),
            new TrafficStep(100, Duration.ZERO));
    harness.runUntil(PausesTest::paused);
    assertThat(harness.state.trafficStep()).isZero();

    harness.operations = UserOperations.continuePausesThrough(1);
    harness.runUntil(PausesTest::paused);

    assertThat(harness.state.trafficStep()).as("the second pause, step 3").isEqualTo(2);
    assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(60);
    harness.advance(Duration.ofHours(1));
    harness.step();
    assertThat(harness.state.trafficStep()).isEqualTo(2);

    harness.operations = UserOperations.continuePausesThrough(3);
    harness.runToEnd();
    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(replacementPercents(harness)).containsExactly(10, 30, 60, 100);
  }

  @Test
  void aContinueSetAheadEndsThePauseAsSoonAsItBegins() {
    EngineHarness harness =
        shifting(TrafficStep.pause(20, Duration.ZERO), new TrafficStep(100, Duration.ZERO));
    harness.operations = UserOperations.continuePausesThrough(1);

    harness.runToEnd();

    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    List<Instant> times = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(Duration.between(times.get(0), times.get(1))).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aPauseWithALimitGoesOnByItselfWhenTheLimitHasPassed() {
    EngineHarness harness =
        shifting(
            TrafficStep.pause(20, Duration.ofMinutes(10)), new TrafficStep(100, Duration.ZERO));
    harness.runUntil(PausesTest::paused);
    Instant pausedAt = harness.state.trafficStepPausedSince();
    assertThat(harness.state.trafficStepWaitUntil())
        .isEqualTo(pausedAt.plus(Duration.ofMinutes(10)));

    harness.runToEnd();

    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    List<Instant> times = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aPauseWithALimitEndsEarlierWhenTheUserContinuesIt() {
    EngineHarness harness =
        shifting(TrafficStep.pause(20, Duration.ofHours(8)), new TrafficStep(100, Duration.ZERO));
    harness.runUntil(PausesTest::paused);
    harness.advance(Duration.ofMinutes(2));

    harness.operations = UserOperations.continuePausesThrough(1);
    harness.runToEnd();

    List<Instant> times = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(Duration.between(times.get(0), times.get(1))).isLessThan(Duration.ofMinutes(5));
  }

  @Test
  void aStopDuringAPauseRollsBackAndEndsThePause() {
    EngineHarness harness =
        shifting(TrafficStep.pause(20, Duration.ZERO), new TrafficStep(100, Duration.ZERO));
    harness.runUntil(PausesTest::paused);

    harness.operations = UserOperations.stop(true);
    harness.runToEnd();

    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Stopped);
    assertThat(harness.state.errorInformation().code()).isEqualTo(ErrorCode.MANUAL_STOP);
    assertThat(harness.state.trafficStepPausedSince()).isNull();
    assertThat(harness.world.production.percentOf(BLUE)).isEqualTo(100);
  }

  @Test
  void theScheduleSaysWhichStepsArePauses() {
    TrafficRouting routing =
        TrafficRouting.steps(
            List.of(TrafficStep.pause(20, Duration.ZERO), new TrafficStep(100, Duration.ZERO)));
    assertThat(routing.schedule().get(0).pause()).isTrue();
    assertThat(routing.schedule().get(0).pauseIsLimited()).isFalse();
    assertThat(TrafficStep.pause(20, Duration.ofMinutes(1)).pauseIsLimited()).isTrue();
    assertThat(new TrafficStep(20, Duration.ofMinutes(1)).pauseIsLimited()).isFalse();
  }
}
