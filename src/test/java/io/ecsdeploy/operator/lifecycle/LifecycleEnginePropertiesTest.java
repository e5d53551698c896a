package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random deployments under random weather: observations that lag, AWS calls that fail, hooks that
 * fail or stay silent, alarms, stops and continues, clock jumps, restarts from JSON and crashes
 * between an action and the save of the state. Whatever happens, the engine must keep its promises.
 */
class LifecycleEnginePropertiesTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  /** The deployment's settings, drawn at random. */
  record Config(
      TrafficRouting routing,
      boolean testListener,
      Set<LifecycleEvent> hooks,
      DeploymentReadyAction readyAction,
      int readyWaitMinutes,
      TerminationAction terminationAction,
      int terminationWaitMinutes,
      AlarmSettings alarms,
      AutoRollbackSettings autoRollback,
      boolean firstDeployment) {

    DeploymentSettings settings() {
      DeploymentSettings.Builder builder =
          EngineHarness.settings()
              .testListener(testListener)
              .trafficRouting(routing)
              .ready(readyAction, Duration.ofMinutes(readyWaitMinutes))
              .termination(terminationAction, Duration.ofMinutes(terminationWaitMinutes))
              .alarms(alarms)
              .autoRollback(autoRollback)
              .hookTimeout(Duration.ofMinutes(20))
              .trigger(
                  new TriggerSettings("all", "arn:sns:all", EnumSet.allOf(TriggerEvent.class)));
      hooks.forEach(event -> builder.hook(event, "fn-" + event));
      return builder.build();
    }
  }

  enum Weather {
    TICK,
    CLOCK_JUMP,
    HOOK_SUCCEEDS,
    HOOK_FAILS,
    ALARM,
    ALARM_CLEARS,
    ALARM_POLL_FAILS,
    NEXT_ACTION_THROTTLED,
    NEXT_ACTION_FAILS,
    LISTENERS_LAG,
    REPLACEMENT_UNSTEADY,
    REPLACEMENT_STEADY,
    STOP_WITH_ROLLBACK,
    STOP_WITHOUT_ROLLBACK,
    STOP_AS_CONFIGURED,
    CONTINUE_READY_WAIT,
    CONTINUE_TERMINATION_WAIT,
    RESTART_FROM_JSON,
    CRASH_BEFORE_SAVING
  }

  record Event(Weather weather, int amount) {}

  @Provide
  Arbitrary<Config> configs() {
    Arbitrary<TrafficRouting> routings =
        Arbitraries.oneOf(
            Arbitraries.just(TrafficRouting.allAtOnce()),
            Arbitraries.integers()
                .between(1, 99)
                .flatMap(
                    p ->
                        Arbitraries.integers()
                            .between(0, 20)
                            .map(m -> TrafficRouting.canary(p, Duration.ofMinutes(m)))),
            Arbitraries.integers()
                .between(10, 60)
                .flatMap(
                    p ->
                        Arbitraries.integers()
                            .between(0, 5)
                            .map(m -> TrafficRouting.linear(p, Duration.ofMinutes(m)))),
            Arbitraries.integers()
                .between(1, 100)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(
                    percents ->
                        percents.stream()
                            .sorted()
                            .map(p -> new TrafficStep(p, Duration.ofMinutes(p % 7)))
                            .toList())
                .map(TrafficRouting::steps));
    Arbitrary<Set<LifecycleEvent>> hooks =
        Arbitraries.of(
                LifecycleEvent.BeforeInstall,
                LifecycleEvent.AfterInstall,
                LifecycleEvent.AfterAllowTestTraffic,
                LifecycleEvent.BeforeAllowTraffic,
                LifecycleEvent.AfterAllowTraffic)
            .set();
    Arbitrary<AlarmSettings> alarms =
        Arbitraries.of(
            AlarmSettings.disabled(),
            AlarmSettings.watching("5xx"),
            new AlarmSettings(true, true, List.of("5xx")));
    Arbitrary<AutoRollbackSettings> rollback =
        Arbitraries.of(AutoRollbackEvent.class)
            .set()
            .flatMap(
                events ->
                    Arbitraries.of(true, false).map(on -> new AutoRollbackSettings(on, events)));
    Arbitrary<Tuple.Tuple4<DeploymentReadyAction, Integer, TerminationAction, Integer>> waits =
        Combinators.combine(
                Arbitraries.of(DeploymentReadyAction.class),
                Arbitraries.integers().between(0, 90),
                Arbitraries.of(TerminationAction.class),
                Arbitraries.integers().between(0, 120))
            .as(Tuple::of);
    return Combinators.combine(
            routings,
            Arbitraries.of(true, false),
            hooks,
            waits,
            alarms,
            rollback,
            Arbitraries.frequency(Tuple.of(1, true), Tuple.of(3, false)))
        .as(
            (routing, testListener, hookSet, wait, alarm, autoRollback, first) ->
                new Config(
                    routing,
                    testListener,
                    hookSet,
                    wait.get1(),
                    wait.get2(),
                    wait.get3(),
                    wait.get4(),
                    alarm,
                    autoRollback,
                    first));
  }

  @Provide
  Arbitrary<List<Event>> weather() {
    Arbitrary<Weather> kinds =
        Arbitraries.frequency(
            Tuple.of(30, Weather.TICK),
            Tuple.of(6, Weather.CLOCK_JUMP),
            Tuple.of(6, Weather.HOOK_SUCCEEDS),
            Tuple.of(2, Weather.HOOK_FAILS),
            Tuple.of(1, Weather.ALARM),
            Tuple.of(2, Weather.ALARM_CLEARS),
            Tuple.of(1, Weather.ALARM_POLL_FAILS),
            Tuple.of(3, Weather.NEXT_ACTION_THROTTLED),
            Tuple.of(1, Weather.NEXT_ACTION_FAILS),
            Tuple.of(2, Weather.LISTENERS_LAG),
            Tuple.of(1, Weather.REPLACEMENT_UNSTEADY),
            Tuple.of(3, Weather.REPLACEMENT_STEADY),
            Tuple.of(1, Weather.STOP_WITH_ROLLBACK),
            Tuple.of(1, Weather.STOP_WITHOUT_ROLLBACK),
            Tuple.of(1, Weather.STOP_AS_CONFIGURED),
            Tuple.of(2, Weather.CONTINUE_READY_WAIT),
            Tuple.of(2, Weather.CONTINUE_TERMINATION_WAIT),
            Tuple.of(3, Weather.RESTART_FROM_JSON),
            Tuple.of(3, Weather.CRASH_BEFORE_SAVING));
    return Combinators.combine(kinds, Arbitraries.integers().between(0, 180))
        .as(Event::new)
        .list()
        .ofMaxSize(80);
  }

  @Property(tries = 250)
  void theEngineKeepsItsPromisesWhateverHappens(
      @ForAll("configs") Config config, @ForAll("weather") List<Event> events) throws Exception {
    Run run = new Run(config);
    for (Event event : events) {
      run.apply(event);
    }
    run.settleDown();
    run.assertTerminalStateIsAllowed();
    Statistics.label("outcome")
        .collect(
            run.state.status(),
            run.state.errorInformation() == null ? "-" : run.state.errorInformation().code(),
            run.state.rollbackInfo() == null ? "kept" : "rolled back");
  }

  /** One deployment driven through the weather, checking the invariants after every decision. */
  static final class Run {
    final Config config;
    final DeploymentSettings settings;
    final FakeEcsWorld world;
    final LifecycleEngine engine = new LifecycleEngine();
    final List<TrafficStep> schedule;
    final Map<Integer, Instant> firstShiftTo = new HashMap<>();
    final List<Decision> decisions = new ArrayList<>();
    DeploymentState state;
    Instant now = EngineHarness.T0;
    UserOperations operations = UserOperations.none();
    Decision last;
    int ids;

    Run(Config config) {
      this.config = config;
      this.settings = config.settings();
      this.world =
          config.firstDeployment()
              ? FakeEcsWorld.firstDeployment(config.testListener())
              : FakeEcsWorld.withOriginalOn(BLUE, config.testListener());
      world.alarms =
          config.alarms().enabled() ? AlarmObservation.ok() : AlarmObservation.notPolled();
      this.schedule =
          config.firstDeployment()
              ? List.of(new TrafficStep(100, Duration.ZERO))
              : config.routing().schedule();
      this.state = DeploymentState.created(settings.deploymentId(), now);
    }

    void apply(Event event) throws Exception {
      boolean crash = false;
      switch (event.weather()) {
        case TICK -> {}
        case CLOCK_JUMP -> now = now.plus(Duration.ofMinutes(event.amount()));
        case HOOK_SUCCEEDS, HOOK_FAILS -> {
          if (state.hookExecution() != null) {
            world.hookReports.add(
                new HookReport(
                    state.hookExecution().executionId(),
                    event.weather() == Weather.HOOK_SUCCEEDS
                        ? LifecycleEventStatus.Succeeded
                        : LifecycleEventStatus.Failed));
          }
        }
        case ALARM -> world.alarms = AlarmObservation.inAlarm("5xx");
        case ALARM_CLEARS -> world.alarms = AlarmObservation.ok();
        case ALARM_POLL_FAILS -> world.alarms = AlarmObservation.pollFailed("AccessDenied");
        case NEXT_ACTION_THROTTLED -> world.failing(action -> true, 1, ErrorCode.THROTTLED, true);
        case NEXT_ACTION_FAILS ->
            world.failing(action -> true, 1, ErrorCode.ECS_UPDATE_ERROR, false);
        case LISTENERS_LAG -> world.listenerLag = event.amount() % 4;
        case REPLACEMENT_UNSTEADY -> world.setSteady(EXTERNAL_ID, false);
        case REPLACEMENT_STEADY -> world.setSteady(EXTERNAL_ID, true);
        case STOP_WITH_ROLLBACK -> operations = withStop(true);
        case STOP_WITHOUT_ROLLBACK -> operations = withStop(false);
        case STOP_AS_CONFIGURED -> operations = withStop(null);
        case CONTINUE_READY_WAIT -> operations = withContinue(DeploymentWaitType.READY_WAIT);
        case CONTINUE_TERMINATION_WAIT ->
            operations = withContinue(DeploymentWaitType.TERMINATION_WAIT);
        case RESTART_FROM_JSON -> {
          DeploymentState restored =
              JSON.readValue(JSON.writeValueAsString(state), DeploymentState.class);
          assertThat(restored).isEqualTo(state);
          state = restored;
        }
        case CRASH_BEFORE_SAVING -> crash = true;
      }
      reconcile(crash);
    }

    /** Calm weather until the deployment ends; it must end. */
    void settleDown() throws Exception {
      world.alarms =
          config.alarms().enabled() ? AlarmObservation.ok() : AlarmObservation.notPolled();
      world.listenerLag = 0;
      world.setSteady(EXTERNAL_ID, true);
      config
          .hooks()
          .forEach(event -> world.hookAnswers.put("fn-" + event, LifecycleEventStatus.Succeeded));
      for (int i = 0; i < 3_000; i++) {
        if (state.hookExecution() != null) {
          world.hookReports.add(
              new HookReport(state.hookExecution().executionId(), LifecycleEventStatus.Succeeded));
        }
        reconcile(false);
        if (last.recheck().kind() == Recheck.Kind.NEVER) {
          return;
        }
      }
      throw new AssertionError("the deployment never ended: " + state);
    }

    private void reconcile(boolean crashBeforeSaving) {
      if (last != null) {
        switch (last.recheck().kind()) {
          case AFTER_ACTION -> now = now.plusSeconds(1);
          case AT -> now = last.recheck().at().isAfter(now) ? last.recheck().at() : now;
          case NEVER -> {}
        }
      }
      Observation observation = world.observe();
      Decision decision =
          engine.decide(
              new EngineInput(settings, state, observation, operations, now, "exec-" + ++ids));
      checkDecision(observation, decision);
      decision.action().ifPresent(world::perform);
      if (!crashBeforeSaving) {
        state = decision.state();
      }
      last = decision;
      decisions.add(decision);
      assertThat(world.violations).isEmpty();
    }

    private void checkDecision(Observation observation, Decision decision) {
      DeploymentState next = decision.state();
      if (next.productionTraffic() != null) {
        assertThat(next.productionTraffic().total()).isEqualTo(100);
      }
      if (decision.recheck().kind() == Recheck.Kind.AT) {
        assertThat(decision.recheck().at()).isAfter(now);
      }
      decision.action().ifPresent(action -> checkAction(observation, next, action));
      if (next.status() == DeploymentStatus.Stopped
          && next.errorInformation().code() == ErrorCode.TIMEOUT) {
        assertThat(now).isAfterOrEqualTo(next.readyWaitUntil());
      }
    }

    private void checkAction(Observation observation, DeploymentState next, Action action) {
      // Set, then verify: never ask for what AWS already shows. Except a rollback's first restore
      // of a listener: a read may predate the deployment's own last change of it (one reads do not
      // show yet, or one made by a decision whose state was lost), so the rollback sets the
      // starting weights itself before it deletes the replacement.
      if (action instanceof Action.SetListenerWeights weights) {
        assertThat(weights.weights().total()).isEqualTo(100);
        TrafficWeights current =
            weights.listener() == Listener.PRODUCTION
                ? observation.productionListener()
                : observation.testListener();
        boolean firstRestore =
            next.phase() == Phase.ROLLBACK
                && next.restoredListeners().contains(weights.listener())
                && !state.restoredListeners().contains(weights.listener());
        if (!firstRestore) {
          assertThat(weights.weights().sameSplitAs(current)).as("weights already set").isFalse();
        }
        if (weights.listener() == Listener.PRODUCTION && next.phase() == Phase.ALLOW_TRAFFIC) {
          checkShiftTiming(weights.weights().weightOf(next.replacementTargetGroup()));
        }
      } else if (action instanceof Action.CreateTaskSet create) {
        assertThat(observation.taskSetWithExternalId(create.externalId())).isEmpty();
      } else if (action instanceof Action.MakeTaskSetPrimary primary) {
        assertThat(observation.taskSet(primary.taskSetArn()).orElseThrow().status())
            .isNotEqualTo(TaskSetStatus.PRIMARY);
      } else if (action instanceof Action.DeleteTaskSet delete) {
        assertThat(observation.taskSet(delete.taskSetArn()))
            .get()
            .extracting(ObservedTaskSet::status)
            .isNotEqualTo(TaskSetStatus.DRAINING);
        if (next.originalTaskSet() != null
            && delete.taskSetArn().equals(next.originalTaskSet().arn())
            && !operations.continues(DeploymentWaitType.TERMINATION_WAIT)) {
          assertThat(now).as("termination wait over").isAfterOrEqualTo(next.terminationWaitUntil());
        }
      }
    }

    /** A step's weights go out only after the previous step's full wait. */
    private void checkShiftTiming(int replacementPercent) {
      firstShiftTo.putIfAbsent(replacementPercent, now);
      for (int i = 1; i < schedule.size(); i++) {
        if (schedule.get(i).replacementPercent() == replacementPercent
            && schedule.get(i - 1).replacementPercent() != replacementPercent) {
          Instant previous = firstShiftTo.get(schedule.get(i - 1).replacementPercent());
          assertThat(previous).as("previous step sent").isNotNull();
          assertThat(now).isAfterOrEqualTo(previous.plus(schedule.get(i - 1).waitAfter()));
        }
      }
    }

    void assertTerminalStateIsAllowed() {
      assertThat(state.status())
          .isIn(DeploymentStatus.Succeeded, DeploymentStatus.Failed, DeploymentStatus.Stopped);
      assertThat(state.phase()).isEqualTo(Phase.FINISHED);
      assertThat(state.completeTime()).isNotNull();
      assertThat(state.pendingNotifications()).isEmpty();
      assertThat(state.hookExecution()).isNull();
      assertThat(state.lifecycleEvents())
          .extracting(LifecycleEventRecord::status)
          .doesNotContain(
              LifecycleEventStatus.Pending,
              LifecycleEventStatus.InProgress,
              LifecycleEventStatus.Unknown);
      assertThat(state.stopOperation()).isNotEqualTo(StopOperationStatus.Pending);
      String replacementGroup = state.replacementTargetGroup();
      switch (state.status()) {
        case Succeeded -> {
          // A stop that comes once the deployment has nothing left to undo is turned down.
          if (operations.stop() != null) {
            assertThat(state.stopOperation()).isEqualTo(StopOperationStatus.Rejected);
          }
          assertThat(state.errorInformation()).isNull();
          assertThat(state.rollbackInfo()).isNull();
          assertThat(state.lifecycleEvents())
              .extracting(LifecycleEventRecord::status)
              .isSubsetOf(LifecycleEventStatus.Succeeded, LifecycleEventStatus.Skipped);
          assertThat(world.production.percentOf(replacementGroup)).isEqualTo(100);
          assertThat(world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.PRIMARY);
          boolean originalKept = world.taskSets.containsKey(FakeEcsWorld.ORIGINAL);
          assertThat(originalKept)
              .isEqualTo(
                  !config.firstDeployment()
                      && config.terminationAction() == TerminationAction.KEEP_ALIVE);
        }
        case Stopped ->
            assertThat(state.errorInformation().code())
                .isIn(ErrorCode.MANUAL_STOP, ErrorCode.ALARM_ACTIVE, ErrorCode.TIMEOUT);
        default ->
            assertThat(state.errorInformation().code())
                .isNotIn(ErrorCode.MANUAL_STOP, ErrorCode.ALARM_ACTIVE);
      }
      if (!config.firstDeployment() && !world.taskSets.containsKey(FakeEcsWorld.ORIGINAL)) {
        // Only the last step removes the original; once it is gone, the deployment is done.
        assertThat(state.status()).isEqualTo(DeploymentStatus.Succeeded);
      }
      if (state.rollbackInfo() != null
          && !state.rollbackInfo().rollbackMessage().contains("could not complete")) {
        assertThat(world.replacementOf(EXTERNAL_ID)).isNull();
        if (config.firstDeployment()) {
          assertThat(world.production).isEqualTo(state.startingProductionTraffic());
        } else {
          assertThat(world.production).isEqualTo(TrafficWeights.of(BLUE, 100, GREEN, 0));
          assertThat(world.taskSets.get(FakeEcsWorld.ORIGINAL).status())
              .isEqualTo(TaskSetStatus.PRIMARY);
        }
      }
      if (state.errorInformation() != null
          && state.errorInformation().message().contains("did not report a status")) {
        LifecycleEventRecord failed =
            state.lifecycleEvents().stream()
                .filter(e -> e.status() == LifecycleEventStatus.Failed)
                .findFirst()
                .orElseThrow();
        assertThat(Duration.between(failed.startTime(), failed.endTime()))
            .isGreaterThanOrEqualTo(settings.hookTimeout());
      }
    }

    private UserOperations withStop(Boolean rollback) {
      return operations.stop() != null
          ? operations
          : new UserOperations(
              new UserOperations.StopRequest(rollback), operations.continueRequested());
    }

    private UserOperations withContinue(DeploymentWaitType wait) {
      Set<DeploymentWaitType> waits = EnumSet.noneOf(DeploymentWaitType.class);
      waits.addAll(operations.continueRequested());
      waits.add(wait);
      return new UserOperations(operations.stop(), waits);
    }
  }
}
