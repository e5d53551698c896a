package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.AlarmsStopsAndRollbacksTest.assertBackToOriginal;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Analysis checks during the traffic steps' waits and the termination wait: when measurements are
 * due, how the limits count, what a failed or inconclusive analysis does to the deployment.
 */
class AnalysisTest {
  static final AnalysisQuery WEB =
      new AnalysisQuery(
          Duration.ofSeconds(5),
          "result < 0.05",
          null,
          null,
          null,
          new AnalysisQuery.Web("http://checks/error-rate", "GET", Map.of(), null, "/rate"));

  static AnalysisCheck untilTheWaitEnds(String name, int failureLimit, int inconclusiveLimit) {
    return new AnalysisCheck(
        name, Duration.ofMinutes(1), null, failureLimit, inconclusiveLimit, WEB);
  }

  static EngineHarness canary(AnalysisCheck check, AutoRollbackSettings rollback) {
    DeploymentSettings settings =
        EngineHarness.settings()
            .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(5)))
            .autoRollback(rollback)
            .analysis(check)
            .build();
    return new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
  }

  /** Every measurement of the harness, as (check, wait, time) in the order taken. */
  static List<String> measured(EngineHarness harness) {
    List<String> taken = new ArrayList<>();
    for (AnalysisRun run : harness.state.analysis()) {
      for (AnalysisMeasurement m : run.recent()) {
        taken.add(
            m.waitName() + " +" + Duration.between(EngineHarness.T0, m.startedAt()).toSeconds());
      }
    }
    return taken;
  }

  @Test
  void measuresAtTheStartOfTheCanaryWaitAndEveryIntervalUntilItEnds() {
    EngineHarness harness =
        canary(untilTheWaitEnds("error-rate", 0, 0), AutoRollbackSettings.disabled());
    List<Instant> measuredAt = new ArrayList<>();
    harness.analysis =
        (check, wait) -> {
          measuredAt.add(harness.now);
          return AnalysisPhase.Successful;
        };

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    Instant canaryFrom = measuredAt.get(0);
    assertThat(measuredAt)
        .as("the 10%% step's five minutes: at once, then each minute, none at its end")
        .containsExactly(
            canaryFrom,
            canaryFrom.plusSeconds(60),
            canaryFrom.plusSeconds(120),
            canaryFrom.plusSeconds(180),
            canaryFrom.plusSeconds(240));
    AnalysisRun run = end.analysis().get(0);
    assertThat(run.recent())
        .extracting(AnalysisMeasurement::waitName)
        .containsOnly("AllowTraffic step 1")
        .hasSize(AnalysisRun.KEPT);
    assertThat(run.waitName())
        .as("the zero termination wait began a run that took nothing")
        .isEqualTo("TerminationWait");
    assertThat(run.taken()).isZero();
    assertThat(run.nextMeasurementAt()).isNull();
    assertThat(harness.decidedAt)
        .as("the deployment is looked at when each measurement is due")
        .contains(canaryFrom.plusSeconds(60), canaryFrom.plusSeconds(240));
  }

  @Test
  void stopsAndRollsBackWhenFailuresPassTheLimitMidCanary() {
    EngineHarness harness =
        canary(
            untilTheWaitEnds("error-rate", 1, 0),
            AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM));
    harness.analysis =
        (check, wait) ->
            harness.state.analysis().isEmpty() || harness.state.analysis().get(0).taken() < 2
                ? AnalysisPhase.Successful
                : AnalysisPhase.Failed;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
    assertThat(end.errorInformation().message())
        .startsWith(
            "Analysis check error-rate failed 2 time(s) in AllowTraffic step 1 (failure limit 1)");
    assertThat(end.rollbackInfo()).isNotNull();
    AnalysisRun run = end.analysis().get(0);
    assertThat(run.taken()).as("two successes, then two failures: one past the limit").isEqualTo(4);
    assertThat(run.failed()).isEqualTo(2);
    assertThat(run.nextMeasurementAt()).as("no measurement after the stop").isNull();
    assertBackToOriginal(harness);
  }

  @Test
  void stopsWithoutRollbackWhenStopOnAlarmIsNotAnAutoRollbackEvent() {
    EngineHarness harness =
        canary(
            untilTheWaitEnds("error-rate", 0, 0),
            AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE));
    harness.analysis = (check, wait) -> AnalysisPhase.Failed;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
    assertThat(end.rollbackInfo()).isNull();
    assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(10);
  }

  @Test
  void failsWhenInconclusiveResultsPassTheLimitAndRollsBackOnDeploymentFailure() {
    EngineHarness harness =
        canary(
            untilTheWaitEnds("error-rate", 0, 2),
            AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE));
    harness.analysis = (check, wait) -> AnalysisPhase.Inconclusive;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
    assertThat(end.errorInformation().message())
        .contains("was inconclusive 3 time(s) in AllowTraffic step 1 (inconclusive limit 2)");
    assertThat(end.analysis().get(0).inconclusive()).isEqualTo(3);
    assertBackToOriginal(harness);
  }

  @Test
  void errorsCountAgainstTheInconclusiveLimit() {
    EngineHarness harness =
        canary(untilTheWaitEnds("error-rate", 5, 1), AutoRollbackSettings.disabled());
    harness.analysis = (check, wait) -> AnalysisPhase.Error;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.analysis().get(0).taken()).isEqualTo(2);
    assertThat(end.errorInformation().message())
        .contains("(last result: none; no answer within 5 s)");
  }

  @Test
  void twoChecksAreCountedApartAndTheDeploymentIsLookedAtForTheSoonerOne() {
    AnalysisCheck smoke = new AnalysisCheck("smoke", Duration.ofSeconds(30), 2, 0, 0, WEB);
    DeploymentSettings settings =
        EngineHarness.settings()
            .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(5)))
            .analysis(untilTheWaitEnds("error-rate", 0, 0))
            .analysis(smoke)
            .build();
    EngineHarness harness = new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
    harness.analysis = (check, wait) -> AnalysisPhase.Successful;
    harness.runUntil(s -> !s.analysis().isEmpty() && s.analysis().get(0).taken() == 1);
    Instant canaryFrom = harness.state.analysis().get(0).recent().get(0).startedAt();

    assertThat(harness.state.analysis())
        .extracting(AnalysisRun::check, AnalysisRun::taken, AnalysisRun::nextMeasurementAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("error-rate", 1, canaryFrom.plusSeconds(60)),
            org.assertj.core.groups.Tuple.tuple("smoke", 1, canaryFrom.plusSeconds(30)));
    assertThat(harness.decisions.get(harness.decisions.size() - 1).recheck().at())
        .as("the smoke check's second measurement comes first")
        .isEqualTo(canaryFrom.plusSeconds(30));

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(end.analysis().get(1).recent())
        .extracting(AnalysisMeasurement::waitName)
        .containsExactly(
            "AllowTraffic step 1",
            "AllowTraffic step 2",
            "AllowTraffic step 2",
            "TerminationWait",
            "TerminationWait");
  }

  @Test
  void measurementsOfAnotherWaitOrNotDueAreNotCounted() {
    EngineHarness harness =
        canary(untilTheWaitEnds("error-rate", 0, 0), AutoRollbackSettings.disabled());
    harness.analysis = (check, wait) -> AnalysisPhase.Successful;
    harness.runUntil(s -> !s.analysis().isEmpty() && s.analysis().get(0).taken() == 1);
    harness.analysis = null;
    Instant now = harness.now;
    harness.world.measurements.add(
        new AnalysisMeasurement(
            "error-rate", "AllowTraffic step 7", AnalysisPhase.Failed, "1.0", null, now, now));
    harness.world.measurements.add(
        new AnalysisMeasurement(
            "error-rate", "AllowTraffic step 1", AnalysisPhase.Failed, "1.0", null, now, now));

    harness.step();

    assertThat(harness.state.status()).isEqualTo(DeploymentStatus.InProgress);
    assertThat(harness.state.analysis().get(0).taken())
        .as("the next measurement is not due yet, and the other was for another wait")
        .isEqualTo(1);
  }

  @Test
  void failuresWithinTheLimitLetTheDeploymentSucceed() {
    EngineHarness harness =
        canary(untilTheWaitEnds("error-rate", 2, 0), AutoRollbackSettings.disabled());
    harness.analysis =
        (check, wait) ->
            harness.state.analysis().isEmpty() || harness.state.analysis().get(0).taken() < 2
                ? AnalysisPhase.Failed
                : AnalysisPhase.Successful;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(end.analysis().get(0).recent())
        .extracting(AnalysisMeasurement::phase)
        .containsExactly(
            AnalysisPhase.Failed,
            AnalysisPhase.Failed,
            AnalysisPhase.Successful,
            AnalysisPhase.Successful,
            AnalysisPhase.Successful);
  }

  @Test
  void aCountedCheckHoldsAStepWithoutWaitUntilItsMeasurementsAreTaken() {
    AnalysisCheck threeTimes = new AnalysisCheck("smoke", Duration.ofSeconds(30), 3, 0, 0, WEB);
    DeploymentSettings settings = EngineHarness.settings().analysis(threeTimes).build();
    EngineHarness harness = new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
    List<Instant> measuredAt = new ArrayList<>();
    harness.analysis =
        (check, wait) -> {
          measuredAt.add(harness.now);
          return AnalysisPhase.Successful;
        };

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(measuredAt)
        .as("three in the all-at-once step, three in the termination wait: both held for them")
        .hasSize(6);
    assertThat(Duration.between(measuredAt.get(0), measuredAt.get(2)))
        .isEqualTo(Duration.ofSeconds(60));
    Instant shiftEnded = end.event(LifecycleEvent.AllowTraffic).endTime();
    assertThat(shiftEnded).isAfterOrEqualTo(measuredAt.get(2)).isBefore(measuredAt.get(3));
    assertThat(end.completeTime()).isAfterOrEqualTo(measuredAt.get(5));
  }

  @Test
  void aStepWithoutWaitTakesNoMeasurementOfACheckThatRunsUntilTheWaitEnds() {
    DeploymentSettings settings =
        EngineHarness.settings().analysis(untilTheWaitEnds("error-rate", 0, 0)).build();
    EngineHarness harness = new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
    harness.analysis = (check, wait) -> AnalysisPhase.Failed;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(end.analysis().get(0).taken()).isZero();
  }

  @Test
  void aFailureInTheTerminationWaitRollsBackToTheOriginal() {
    DeploymentSettings settings =
        EngineHarness.settings()
            .termination(TerminationAction.TERMINATE, Duration.ofMinutes(10))
            .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM))
            .analysis(untilTheWaitEnds("error-rate", 0, 0))
            .build();
    EngineHarness harness = new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
    harness.analysis =
        (check, wait) ->
            wait.equals("TerminationWait") ? AnalysisPhase.Failed : AnalysisPhase.Successful;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
    assertThat(end.errorInformation().message()).contains("in TerminationWait");
    assertThat(measured(harness)).containsExactly("TerminationWait +" + secondsTo(harness, end));
    assertBackToOriginal(harness);
  }

  @Test
  void keepsTheLatestMeasurementsAcrossWaitsAndCountsEachWaitAfresh() {
    DeploymentSettings settings =
        EngineHarness.settings()
            .trafficRouting(TrafficRouting.linear(25, Duration.ofMinutes(3)))
            .analysis(untilTheWaitEnds("error-rate", 2, 0))
            .build();
    EngineHarness harness = new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
    // Two failures in each step: within the limit of each wait, past it over the three.
    harness.analysis =
        (check, wait) ->
            harness.state.analysis().isEmpty()
                    || !harness.state.analysis().get(0).waitName().equals(wait)
                    || harness.state.analysis().get(0).taken() < 2
                ? AnalysisPhase.Failed
                : AnalysisPhase.Successful;

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    AnalysisRun run = end.analysis().get(0);
    assertThat(run.recent())
        .extracting(AnalysisMeasurement::waitName, AnalysisMeasurement::phase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("AllowTraffic step 2", AnalysisPhase.Failed),
            org.assertj.core.groups.Tuple.tuple("AllowTraffic step 2", AnalysisPhase.Successful),
            org.assertj.core.groups.Tuple.tuple("AllowTraffic step 3", AnalysisPhase.Failed),
            org.assertj.core.groups.Tuple.tuple("AllowTraffic step 3", AnalysisPhase.Failed),
            org.assertj.core.groups.Tuple.tuple("AllowTraffic step 3", AnalysisPhase.Successful));
  }

  static EngineHarness pausing(AnalysisCheck check, AutoRollbackSettings rollback) {
    DeploymentSettings settings =
        EngineHarness.settings()
            .trafficRouting(
                TrafficRouting.steps(
                    List.of(
                        TrafficStep.pause(20, Duration.ZERO), new TrafficStep(100, Duration.ZERO))))
            .pollInterval(Duration.ofSeconds(15))
            .autoRollback(rollback)
            .analysis(check)
            .build();
    return new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
  }

  @Test
  void measuresDuringAPauseWithoutLimitAndAFailureStopsIt() {
    EngineHarness harness =
        pausing(
            untilTheWaitEnds("error-rate", 0, 0),
            AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM));
    List<Instant> measuredAt = new ArrayList<>();
    harness.analysis =
        (check, wait) -> {
          measuredAt.add(harness.now);
          return measuredAt.size() < 4 ? AnalysisPhase.Successful : AnalysisPhase.Failed;
        };

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Stopped);
    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ALARM_ACTIVE);
    assertThat(end.errorInformation().message())
        .startsWith("Analysis check error-rate failed 1 time(s) in AllowTraffic step 1");
    Instant pausedFrom = measuredAt.get(0);
    assertThat(measuredAt)
        .as("nobody continued the pause: measured at once, then each minute, until a failure")
        .containsExactly(
            pausedFrom,
            pausedFrom.plusSeconds(60),
            pausedFrom.plusSeconds(120),
            pausedFrom.plusSeconds(180));
    assertThat(end.analysis().get(0).waitName()).isEqualTo("AllowTraffic step 1");
    assertThat(end.rollbackInfo()).isNotNull();
    List<Integer> replacementPercents =
        harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS).stream()
            .map(action -> ((Action.SetListenerWeights) action).weights().weightOf(GREEN))
            .filter(percent -> percent != null && percent > 0)
            .toList();
    assertThat(replacementPercents).as("the pause's weight, never more").containsExactly(20);
  }

  @Test
  void aCheckWithACountHoldsAContinuedPauseUntilItsMeasurementsAreTaken() {
    AnalysisCheck threeTimes = new AnalysisCheck("smoke", Duration.ofMinutes(1), 3, 0, 0, WEB);
    EngineHarness harness = pausing(threeTimes, AutoRollbackSettings.disabled());
    harness.operations = UserOperations.continuePausesThrough(1);
    List<Instant> measuredAt = new ArrayList<>();
    harness.analysis =
        (check, wait) -> {
          if (wait.equals("AllowTraffic step 1")) {
            measuredAt.add(harness.now);
          }
          return AnalysisPhase.Successful;
        };

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(measuredAt).as("the count, in the pause").hasSize(3);
    List<Instant> shifts = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(shifts.get(1))
        .as("continued ahead, yet the 100%% step waits for the third measurement")
        .isAfterOrEqualTo(measuredAt.get(2))
        .isAfterOrEqualTo(shifts.get(0).plusSeconds(120));
  }

  @Test
  void aPauseWithALimitMeasuresUntilTheLimitAndThenGoesOn() {
    DeploymentSettings settings =
        EngineHarness.settings()
            .trafficRouting(
                TrafficRouting.steps(
                    List.of(
                        TrafficStep.pause(20, Duration.ofMinutes(3)),
                        new TrafficStep(100, Duration.ZERO))))
            .analysis(untilTheWaitEnds("error-rate", 0, 0))
            .build();
    EngineHarness harness = new EngineHarness(settings, FakeEcsWorld.withOriginalOn(BLUE, true));
    List<Instant> measuredAt = new ArrayList<>();
    harness.analysis =
        (check, wait) -> {
          measuredAt.add(harness.now);
          return AnalysisPhase.Successful;
        };

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    Instant pausedFrom = measuredAt.get(0);
    assertThat(measuredAt)
        .as("the pause's three minutes: at once, then each minute, none at its limit")
        .containsExactly(pausedFrom, pausedFrom.plusSeconds(60), pausedFrom.plusSeconds(120));
    List<Instant> shifts = harness.timesOf(Action.Kind.SET_LISTENER_WEIGHTS);
    assertThat(Duration.between(shifts.get(0), shifts.get(1)))
        .as("the measurements do not cut the pause short")
        .isGreaterThanOrEqualTo(Duration.ofMinutes(3));
  }

  private static long secondsTo(EngineHarness harness, DeploymentState end) {
    AnalysisMeasurement only = end.analysis().get(0).recent().get(0);
    return Duration.between(EngineHarness.T0, only.startedAt()).toSeconds();
  }
}
