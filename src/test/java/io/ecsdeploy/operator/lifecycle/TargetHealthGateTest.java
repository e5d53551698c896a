package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The target-health gate: no traffic moves to a replacement whose target group has too few healthy
 * targets; the deployment waits for them, for a bounded time, and fails with HEALTH_CONSTRAINTS
 * when they never come.
 */
class TargetHealthGateTest {
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  static EngineHarness harness(TargetHealthSettings gate, boolean testListener) {
    return new EngineHarness(
        EngineHarness.settings()
            .testListener(testListener)
            .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(5)))
            .targetHealth(gate)
            .autoRollback(
                new AutoRollbackSettings(true, EnumSet.of(AutoRollbackEvent.DEPLOYMENT_FAILURE)))
            .build(),
        FakeEcsWorld.withOriginalOn(BLUE, testListener));
  }

  static TargetHealth green(int healthy, int initial) {
    return new TargetHealth(GREEN, Map.of("healthy", healthy, "initial", initial));
  }

  @Test
  void unhealthyTargetsNeverGetTrafficAndTheDeploymentFailsWithTheReason() {
    EngineHarness harness = harness(TargetHealthSettings.allHealthy(TIMEOUT), true);
    harness.world.targetHealth = green(0, 1);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.HEALTH_CONSTRAINTS);
    assertThat(end.errorInformation().message())
        .contains("Only 0 of the 1 healthy targets needed")
        .contains(GREEN)
        .contains("(0 healthy, 1 initial)")
        .contains("no test traffic was moved to it");
    // Neither listener ever pointed at the replacement.
    assertThat(harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS))
        .extracting(action -> ((Action.SetListenerWeights) action).weights().percentOf(GREEN))
        .containsOnly(0);
    assertThat(harness.world.production.percentOf(GREEN)).isZero();
    assertThat(harness.world.test.percentOf(GREEN)).isZero();
    assertThat(end.event(LifecycleEvent.AllowTestTraffic).status())
        .isEqualTo(LifecycleEventStatus.Failed);
    assertThat(end.targetHealthWait()).isNull();
  }

  @Test
  void theWaitLastsTheTimeoutCountedFromTheFirstLook() {
    EngineHarness harness = harness(TargetHealthSettings.allHealthy(TIMEOUT), false);
    harness.world.targetHealth = green(0, 1);

    DeploymentState waiting =
        harness.runUntil(
            state -> state.targetHealthWait() != null && state.phase() == Phase.ALLOW_TRAFFIC);
    assertThat(waiting.targetHealthWait().listener()).isEqualTo(Listener.PRODUCTION);
    assertThat(waiting.targetHealthWait().until())
        .isEqualTo(waiting.targetHealthWait().since().plus(TIMEOUT));
    assertThat(waiting.targetHealthWait().describe())
        .contains("0 of 1 needed are healthy (0 healthy, 1 initial)");

    DeploymentState end = harness.runToEnd();
    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.errorInformation().message())
        .contains("no further production traffic was moved to it");
    assertThat(end.event(LifecycleEvent.AllowTraffic).endTime())
        .isEqualTo(waiting.targetHealthWait().until());
  }

  @Test
  void trafficMovesOnceTheTargetsBecomeHealthyWithinTheTimeout() {
    EngineHarness harness = harness(TargetHealthSettings.allHealthy(TIMEOUT), true);
    harness.world.targetHealth = green(0, 1);
    harness.runUntil(state -> state.targetHealthWait() != null);
    harness.advance(Duration.ofMinutes(2));
    harness.world.targetHealth = green(1, 0);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(100);
  }

  @Test
  void everyProductionWeightChangeIsGatedNotJustTheFirst() {
    EngineHarness harness = harness(TargetHealthSettings.allHealthy(TIMEOUT), false);
    harness.world.targetHealth = green(1, 0);
    // At the canary's 10%, a target falls out of health: the remaining 90% must not follow.
    harness.runUntil(
        state ->
            state.productionTraffic() != null && state.productionTraffic().percentOf(GREEN) == 10);
    harness.world.targetHealth = new TargetHealth(GREEN, Map.of());

    DeploymentState end = harness.runToEnd();

    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.HEALTH_CONSTRAINTS);
    assertThat(end.errorInformation().message()).contains("(no targets)");
    List<Integer> toReplacement =
        harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS).stream()
            .map(action -> ((Action.SetListenerWeights) action).weights().percentOf(GREEN))
            .toList();
    // 10% then, rolled back, 0%: never 100%.
    assertThat(toReplacement).containsExactly(10, 0);
  }

  @Test
  void aHealthReadOfAnotherTargetGroupDoesNotCount() {
    EngineHarness harness = harness(TargetHealthSettings.allHealthy(TIMEOUT), false);
    harness.world.targetHealth = new TargetHealth(BLUE, Map.of("healthy", 5));

    DeploymentState end = harness.runToEnd();

    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.HEALTH_CONSTRAINTS);
    assertThat(harness.world.production.percentOf(GREEN)).isZero();
  }

  @Test
  void withoutTheGateTrafficMovesWhateverTheTargetsSay() {
    EngineHarness harness = harness(TargetHealthSettings.disabled(), true);
    harness.world.targetHealth = green(0, 0);

    assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
  }

  @ParameterizedTest(name = "count {0}, {1}% of {2} desired: {3} needed")
  @CsvSource({
    ",100,4,4",
    ",50,3,2",
    ",50,4,2",
    ",1,10,1",
    ",0,10,0",
    ",100,0,0",
    "2,100,4,2",
    "6,100,4,6",
    "1,100,0,1",
    "0,100,4,0"
  })
  void healthyTargetsNeededFromACountOrAShareOfTheDesiredCount(
      Integer count, int percent, int desired, int needed) {
    assertThat(new TargetHealthSettings(true, count, percent, TIMEOUT).needed(desired))
        .isEqualTo(needed);
  }
}
