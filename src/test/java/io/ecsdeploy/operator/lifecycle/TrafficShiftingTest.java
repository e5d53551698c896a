package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrafficShiftingTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";

  static TrafficStep step(int percent, int minutes) {
    return new TrafficStep(percent, Duration.ofMinutes(minutes));
  }

  static Stream<Arguments> builtInConfigurations() {
    return Stream.of(
        Arguments.of("CodeDeployDefault.ECSAllAtOnce", List.of(step(100, 0))),
        Arguments.of(
            "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
            List.of(
                step(10, 1),
                step(20, 1),
                step(30, 1),
                step(40, 1),
                step(50, 1),
                step(60, 1),
                step(70, 1),
                step(80, 1),
                step(90, 1),
                step(100, 0))),
        Arguments.of(
            "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
            List.of(
                step(10, 3),
                step(20, 3),
                step(30, 3),
                step(40, 3),
                step(50, 3),
                step(60, 3),
                step(70, 3),
                step(80, 3),
                step(90, 3),
                step(100, 0))),
        Arguments.of(
            "CodeDeployDefault.ECSCanary10Percent5Minutes", List.of(step(10, 5), step(100, 0))),
        Arguments.of(
            "CodeDeployDefault.ECSCanary10Percent15Minutes", List.of(step(10, 15), step(100, 0))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtInConfigurations")
  void builtInConfigurationsShiftAsCodeDeployDefinesThem(String name, List<TrafficStep> expected) {
    assertThat(TrafficRouting.builtIn(name))
        .get()
        .extracting(TrafficRouting::schedule)
        .isEqualTo(expected);
  }

  static Stream<Arguments> customConfigurations() {
    return Stream.of(
        Arguments.of(TrafficRouting.allAtOnce(), List.of(step(100, 0))),
        Arguments.of(
            TrafficRouting.canary(25, Duration.ofMinutes(7)), List.of(step(25, 7), step(100, 0))),
        Arguments.of(
            TrafficRouting.linear(30, Duration.ofMinutes(2)),
            List.of(step(30, 2), step(60, 2), step(90, 2), step(100, 0))),
        Arguments.of(
            TrafficRouting.linear(50, Duration.ofMinutes(1)), List.of(step(50, 1), step(100, 0))),
        Arguments.of(
            TrafficRouting.steps(List.of(step(5, 2), step(50, 1))),
            List.of(step(5, 2), step(50, 1), step(100, 0))),
        Arguments.of(
            TrafficRouting.steps(List.of(step(0, 1), step(100, 10))),
            List.of(step(0, 1), step(100, 10))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("customConfigurations")
  void customConfigurationsBecomeStepsEndingAtOneHundredPercent(
      TrafficRouting routing, List<TrafficStep> expected) {
    assertThat(routing.schedule()).isEqualTo(expected);
  }

  @Test
  void knowsOnlyTheFiveBuiltInEcsConfigurations() {
    assertThat(TrafficRouting.builtIn("CodeDeployDefault.LambdaAllAtOnce")).isEmpty();
    assertThat(TrafficRouting.builtIn("CodeDeployDefault.OneAtATime")).isEmpty();
  }

  static Stream<Arguments> invalidRoutings() {
    return Stream.of(
        Arguments.of(
            (Runnable) () -> TrafficRouting.canary(0, Duration.ofMinutes(1)), "must be in 1..99"),
        Arguments.of(
            (Runnable) () -> TrafficRouting.linear(100, Duration.ofMinutes(1)), "must be in 1..99"),
        Arguments.of(
            (Runnable) () -> TrafficRouting.canary(10, Duration.ofMinutes(-1)),
            "non-negative interval"),
        Arguments.of((Runnable) () -> TrafficRouting.linear(10, null), "non-negative interval"),
        Arguments.of((Runnable) () -> TrafficRouting.steps(List.of()), "at least one step"),
        Arguments.of(
            (Runnable) () -> TrafficRouting.steps(List.of(step(50, 1), step(20, 1))),
            "must not decrease"),
        Arguments.of((Runnable) () -> step(101, 0), "must be in 0..100"),
        Arguments.of((Runnable) () -> step(-1, 0), "must be in 0..100"),
        Arguments.of((Runnable) () -> step(10, -1), "negative time"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidRoutings")
  void rejectsConfigurationsCodeDeployWouldReject(Runnable build, String message) {
    assertThatThrownBy(build::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static EngineHarness shifting(TrafficRouting routing) {
    return new EngineHarness(
        EngineHarness.settings().trafficRouting(routing).build(),
        FakeEcsWorld.withOriginalOn(BLUE, false));
  }

  private static List<Integer> replacementPercents(EngineHarness harness) {
    return harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS).stream()
        .map(action -> ((Action.SetListenerWeights) action).weights().weightOf(GREEN))
        .toList();
  }

  @Test
  void shiftsTheCanaryThenTheRestAfterTheInterval() {
    EngineHarness harness = shifting(TrafficRouting.canary(10, Duration.ofMinutes(5)));

    harness.runToEnd();

    assertThat(replacementPercents(harness)).containsExactly(10, 100);
    List<Instant> times = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS))
        .allSatisfy(
            action ->
                assertThat(((Action.SetListenerWeights) action).weights().total()).isEqualTo(100));
  }

  @Test
  void aRestartAfterAWeightChangeDoesNotBeginItsWaitAgain() {
    EngineHarness harness = shifting(TrafficRouting.canary(10, Duration.ofMinutes(5)));
    harness.runUntil(s -> harness.world.production.percentOf(GREEN) == 10);
    Instant handedOut = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS).get(0);

    // The operator stopped before it read the weights back, and runs again a minute later.
    harness.advance(Duration.ofMinutes(1));
    harness.step();

    assertThat(harness.state.trafficStepWaitUntil())
        .isEqualTo(handedOut.plus(Duration.ofMinutes(5)));
  }

  @Test
  void keepsTheCanaryWeightsDuringTheWaitAndReportsThem() {
    EngineHarness harness = shifting(TrafficRouting.canary(10, Duration.ofMinutes(15)));
    harness.runUntil(s -> s.trafficStepWaitUntil() != null);

    Decision waiting = harness.step();

    assertThat(waiting.action()).isEmpty();
    assertThat(waiting.recheck().at()).isEqualTo(harness.state.trafficStepWaitUntil());
    assertThat(harness.state.productionTraffic()).isEqualTo(TrafficWeights.of(GREEN, 10, BLUE, 90));
    assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(10);
    assertThat(harness.state.currentEvent()).contains(LifecycleEvent.AllowTraffic);
  }

  @Test
  void shiftsLinearlyWaitingTheIntervalBetweenIncrements() {
    EngineHarness harness =
        shifting(
            TrafficRouting.builtIn("CodeDeployDefault.ECSLinear10PercentEvery1Minutes")
                .orElseThrow());

    harness.runToEnd();

    assertThat(replacementPercents(harness))
        .containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
    List<Instant> times = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 1), times.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    }
    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
  }

  @Test
  void followsExplicitStepsAndTheirWaits() {
    EngineHarness harness =
        shifting(TrafficRouting.steps(List.of(step(5, 2), step(50, 10), step(100, 3))));

    harness.runToEnd();

    assertThat(replacementPercents(harness)).containsExactly(5, 50, 100);
    List<Instant> times = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
    assertThat(Duration.between(times.get(1), times.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(10));
    Instant afterAllowTrafficStart =
        harness.state.event(LifecycleEvent.AfterAllowTraffic).startTime();
    assertThat(Duration.between(times.get(2), afterAllowTrafficStart))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void startsAStepsWaitOnceItsWeightsAreReadBackCountingFromTheirHandOut() {
    EngineHarness harness = shifting(TrafficRouting.canary(10, Duration.ofMinutes(5)));
    harness.world.listenerLag = 3;

    harness.runUntil(s -> s.trafficStepWaitUntil() != null);

    Instant confirmedAt = harness.now;
    Instant handedOut = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS).get(0);
    assertThat(handedOut).isBefore(confirmedAt);
    assertThat(harness.state.trafficStepWaitUntil())
        .isEqualTo(handedOut.plus(Duration.ofMinutes(5)));
    assertThat(harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS)).hasSize(1);
  }

  @Test
  void sendsWeightsAgainOnlyAfterTheReissueDelayWhenTheyDoNotShow() {
    EngineHarness harness = shifting(TrafficRouting.allAtOnce());
    harness.world.listenerLag = 8;

    harness.runToEnd();

    List<Instant> times = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(times).hasSizeGreaterThan(1);
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 1), times.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }
    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
  }

  @Test
  void pausesTheShiftWhileTheReplacementIsUnsteadyAndGoesOnWhenItRecovers() {
    EngineHarness harness = shifting(TrafficRouting.canary(10, Duration.ofMinutes(5)));
    harness.runUntil(s -> s.trafficStepWaitUntil() != null);
    harness.world.setSteady(EXTERNAL_ID, false);
    harness.advance(Duration.ofMinutes(6));

    Decision paused = harness.step();

    assertThat(paused.action()).isEmpty();
    assertThat(harness.state.unsteadySince()).isEqualTo(harness.now);
    assertThat(paused.recheck().at()).isEqualTo(harness.now.plusSeconds(15));

    harness.world.setSteady(EXTERNAL_ID, true);
    harness.advance(Duration.ofMinutes(2));
    harness.runToEnd();
    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(harness.state.unsteadySince()).isNull();
  }

  @Test
  void failsWhenTheReplacementStaysUnsteadyForFiveMinutesDuringTheShift() {
    EngineHarness harness = shifting(TrafficRouting.canary(10, Duration.ofMinutes(15)));
    harness.runUntil(s -> s.trafficStepWaitUntil() != null);
    harness.world.setSteady(EXTERNAL_ID, false);
    Instant unsteadyFrom = harness.now;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ECS_UPDATE_ERROR);
    assertThat(end.errorInformation().message()).contains("not steady for 5 minutes");
    assertThat(end.completeTime()).isEqualTo(unsteadyFrom.plus(Duration.ofMinutes(5)));
    assertThat(end.event(LifecycleEvent.AllowTraffic).status())
        .isEqualTo(LifecycleEventStatus.Failed);
  }

  @Test
  void restoresWeightsSomeoneElseChangedDuringAWait() {
    EngineHarness harness = shifting(TrafficRouting.canary(20, Duration.ofMinutes(5)));
    harness.runUntil(s -> s.trafficStepWaitUntil() != null);
    harness.world.production = TrafficWeights.of(BLUE, 100, GREEN, 0);
    harness.advance(Duration.ofMinutes(1));

    Decision repair = harness.step();

    assertThat(repair.action())
        .contains(
            new Action.SetListenerWeights(
                Listener.PRODUCTION, TrafficWeights.of(GREEN, 20, BLUE, 80)));
  }
}
