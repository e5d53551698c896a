package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Drives the engine against a {@link FakeEcsWorld} the way the reconciler will: observe, decide,
 * perform the action, store the state, and come back when the decision says (the clock jumps
 * straight to the next deadline).
 */
final class EngineHarness {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final String DEPLOYMENT_ID = "d-TESTDEPL1";

  final LifecycleEngine engine = new LifecycleEngine();
  final DeploymentSettings settings;
  final FakeEcsWorld world;
  DeploymentState state;
  Instant now = T0;
  UserOperations operations = UserOperations.none();
  final List<Decision> decisions = new ArrayList<>();

  /** The time each decision was taken, parallel to {@link #decisions}. */
  final List<Instant> decidedAt = new ArrayList<>();

  private int executionIds;

  /**
   * What each analysis measurement finds, by check and wait; {@code null} when the test takes none.
   * The harness measures, as the reconciler does, the checks that are due before each decision.
   */
  java.util.function.BiFunction<String, String, AnalysisPhase> analysis;

  EngineHarness(DeploymentSettings settings, FakeEcsWorld world) {
    this.settings = settings;
    this.world = world;
    this.state = DeploymentState.created(settings.deploymentId(), T0);
  }

  static DeploymentSettings.Builder settings() {
    return DeploymentSettings.builder(DEPLOYMENT_ID, FakeEcsWorld.BLUE, FakeEcsWorld.GREEN)
        .externalId("ecsdeploy-uid-1");
  }

  /** One observe-decide-act round. */
  Decision step() {
    if (analysis != null) {
      for (AnalysisCheck check : Analysis.due(settings, state, now)) {
        String wait = Analysis.currentWait(state).orElseThrow();
        AnalysisPhase phase = analysis.apply(check.name(), wait);
        boolean error = phase == AnalysisPhase.Error;
        world.measurements.add(
            new AnalysisMeasurement(
                check.name(),
                wait,
                phase,
                error ? null : "0.0",
                error ? "no answer within 5 s" : null,
                now,
                now));
      }
    }
    Decision decision =
        engine.decide(
            new EngineInput(
                settings, state, world.observe(), operations, now, "hook-exec-" + ++executionIds));
    decision.action().ifPresent(world::perform);
    state = decision.state();
    decisions.add(decision);
    decidedAt.add(now);
    return decision;
  }

  /** A round whose action is performed but whose state is lost, as in a crash before saving. */
  Decision stepAndCrashBeforeSaving() {
    DeploymentState saved = state;
    Decision decision = step();
    state = saved;
    return decision;
  }

  /** Moves the clock as the decision asks: a second after an action, or to its deadline. */
  void followRecheck(Decision decision) {
    switch (decision.recheck().kind()) {
      case AFTER_ACTION -> now = now.plusSeconds(1);
      case AT -> now = decision.recheck().at().isAfter(now) ? decision.recheck().at() : now;
      case NEVER -> {}
    }
  }

  /** Runs until the deployment has ended and nothing is left to publish. */
  DeploymentState runToEnd() {
    return runUntil(s -> false);
  }

  /** Runs until {@code stop} holds for the stored state (checked after every decision). */
  DeploymentState runUntil(Predicate<DeploymentState> stop) {
    for (int i = 0; i < 2_000; i++) {
      Decision decision = step();
      if (stop.test(state) || decision.recheck().kind() == Recheck.Kind.NEVER) {
        return state;
      }
      followRecheck(decision);
    }
    throw new AssertionError("the deployment did not settle: " + state);
  }

  /** Runs until the phase is reached. */
  DeploymentState runUntilPhase(Phase phase) {
    return runUntil(s -> s.phase() == phase);
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** When each action matching {@code kind} was handed out. */
  List<Instant> timesOf(Action.Kind kind) {
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < decisions.size(); i++) {
      if (decisions.get(i).action().filter(action -> action.kind() == kind).isPresent()) {
        times.add(decidedAt.get(i));
      }
    }
    return times;
  }

  List<Action> actions() {
    return decisions.stream().flatMap(d -> d.action().stream()).toList();
  }

  LifecycleEventStatus eventStatus(LifecycleEvent event) {
    return state.event(event).status();
  }
}
