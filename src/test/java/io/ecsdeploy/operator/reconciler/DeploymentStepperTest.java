package io.ecsdeploy.operator.reconciler;

import static io.ecsdeploy.operator.reconciler.Fixtures.BLUE;
import static io.ecsdeploy.operator.reconciler.Fixtures.DEPLOYMENT_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.EXTERNAL_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.GREEN;
import static io.ecsdeploy.operator.reconciler.Fixtures.ORIGINAL_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.REPLACEMENT_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.T0;
import static io.ecsdeploy.operator.reconciler.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.ActionRecord;
import io.ecsdeploy.operator.lifecycle.AlarmObservation;
import io.ecsdeploy.operator.lifecycle.AlarmSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.HookExecution;
import io.ecsdeploy.operator.lifecycle.HookReport;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.Listener;
import io.ecsdeploy.operator.lifecycle.Observation;
import io.ecsdeploy.operator.lifecycle.ObservedTaskSet;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.TaskSetRef;
import io.ecsdeploy.operator.lifecycle.TaskSetStatus;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import io.ecsdeploy.operator.lifecycle.UserOperations;
import io.ecsdeploy.operator.reconciler.DeploymentStepper.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeploymentStepperTest {
  static final ObservedTaskSet ORIGINAL =
      new ObservedTaskSet(ORIGINAL_TASK_SET, "previous-uid", BLUE, TaskSetStatus.PRIMARY, true);
  static final ObservedTaskSet REPLACEMENT =
      new ObservedTaskSet(REPLACEMENT_TASK_SET, EXTERNAL_ID, GREEN, TaskSetStatus.ACTIVE, true);
  static final List<EcsTaskSet> ECS_TASK_SETS =
      List.of(
          Fixtures.taskSet(
              ORIGINAL_TASK_SET,
              EcsTaskSet.Status.PRIMARY,
              "previous-uid",
              BLUE,
              EcsTaskSet.Stability.STEADY_STATE),
          Fixtures.taskSet(
              REPLACEMENT_TASK_SET,
              EcsTaskSet.Status.ACTIVE,
              EXTERNAL_ID,
              GREEN,
              EcsTaskSet.Stability.STEADY_STATE));

  final DeploymentStepper stepper = new DeploymentStepper();

  static DeploymentStepper.Input input(RunRecord record, Observation observation, Instant now) {
    EcsDeploymentStatus previous = new EcsDeploymentStatus();
    previous.creator = "user";
    return new DeploymentStepper.Input(
        previous, 7, record, observation, ECS_TASK_SETS, UserOperations.none(), now, "hook-exec-2");
  }

  /** Production traffic as given, the test route on the replacement, alarms quiet. */
  static Observation.Builder observed(TrafficWeights production, ObservedTaskSet... taskSets) {
    return Observation.builder(production)
        .taskSets(List.of(taskSets))
        .testListener(TrafficWeights.of(GREEN, 100, BLUE, 0))
        .alarms(AlarmObservation.ok());
  }

  static RunRecord canary(DeploymentState state) {
    return RunRecord.started(Fixtures.canaryInputs(), state);
  }

  @Nested
  class Actions {
    @Test
    void aDecisionWithAnActionIsSavedAsTheActionInFlight() {
      RunRecord record = RunRecord.started(Fixtures.allAtOnceInputs(), created());

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  record,
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL).build(),
                  at(0, 5)));

      Action invoke =
          new Action.InvokeHook(
              LifecycleEvent.BeforeInstall, "check-before-install", "hook-exec-2");
      assertThat(result.action()).contains(invoke);
      assertThat(result.record().actionInFlight()).isEqualTo(invoke);
      assertThat(result.record().actionFailure()).isNull();
      assertThat(result.record().inputs()).isSameAs(record.inputs());
      assertThat(result.record().schemaVersion()).isEqualTo(RunRecord.SCHEMA_VERSION);
      assertThat(result.lookAgainIn()).contains(Duration.ZERO);
      assertThat(result.record().state().hookExecution())
          .isEqualTo(
              new HookExecution(
                  LifecycleEvent.BeforeInstall,
                  "hook-exec-2",
                  "check-before-install",
                  at(60, 5),
                  false,
                  null));
    }

    @Test
    void aPreviousActionsFailureIsClearedOnceTheNextDecisionHasSeenIt() {
      Action.CreateTaskSet create = new Action.CreateTaskSet(GREEN, EXTERNAL_ID);
      StateBuilder state = installing();
      state.lastAction = new ActionRecord(create.kind(), create.key(), at(1, 0), 0, null, true);
      ActionFailure throttled =
          new ActionFailure(create.key(), ErrorCode.THROTTLED, "Rate exceeded", true);
      RunRecord record = canary(state.build()).deciding(state.build(), create).performed(throttled);

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  record,
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL)
                      .actionFailure(record.actionFailure())
                      .build(),
                  at(1, 5)));

      assertThat(result.action()).isEmpty();
      assertThat(result.record().actionFailure()).isNull();
      assertThat(result.record().actionInFlight()).isNull();
      assertThat(result.record().state().lastAction().failures()).isEqualTo(1);
      assertThat(result.lookAgainIn()).contains(Duration.ofSeconds(15));
    }

    @Test
    void afterItsBackOffTheFailedActionIsDecidedAgain() {
      Action.CreateTaskSet create = new Action.CreateTaskSet(GREEN, EXTERNAL_ID);
      StateBuilder state = installing();
      state.lastAction =
          new ActionRecord(create.kind(), create.key(), at(1, 0), 1, at(1, 20), false);

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  canary(state.build()),
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL).build(),
                  at(1, 20)));

      assertThat(result.action()).contains(create);
      assertThat(result.record().actionInFlight()).isEqualTo(create);
      assertThat(result.lookAgainIn()).contains(Duration.ZERO);
    }
  }

  @Nested
  class Waits {
    @Test
    void whileAlarmsAreWatchedTheCanaryWaitLooksAgainAtThePoll() {
      RunRecord record = canary(Fixtures.canaryWait());

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  record,
                  observed(TrafficWeights.of(GREEN, 10, BLUE, 90), ORIGINAL, REPLACEMENT).build(),
                  at(4, 0)));

      assertThat(result.action()).isEmpty();
      assertThat(result.record().actionInFlight()).isNull();
      assertThat(result.lookAgainIn()).contains(Duration.ofSeconds(15));
      assertThat(result.record()).isEqualTo(record);
      assertThat(result.transitions()).isEmpty();
    }

    @Test
    void theStatusShowsTheWaitsDeadlineNotTheNextPoll() {
      DeploymentStepper.Result result =
          stepper.step(
              input(
                  canary(Fixtures.canaryWait()),
                  observed(TrafficWeights.of(GREEN, 10, BLUE, 90), ORIGINAL, REPLACEMENT).build(),
                  at(4, 0)));

      assertThat(result.lookAgainIn()).contains(Duration.ofSeconds(15));
      assertThat(result.status().nextDeadline).isEqualTo("2026-03-01T10:08:10Z");
    }

    @Test
    void withoutAlarmsTheCanaryWaitLooksAgainWhenItEnds() {
      RunRecord record =
          RunRecord.started(
              Fixtures.canaryInputs(
                  Fixtures.canarySettingsBuilder().alarms(AlarmSettings.disabled()).build()),
              Fixtures.canaryWait());

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  record,
                  observed(TrafficWeights.of(GREEN, 10, BLUE, 90), ORIGINAL, REPLACEMENT).build(),
                  at(4, 0)));

      assertThat(result.action()).isEmpty();
      assertThat(result.lookAgainIn()).contains(Duration.ofSeconds(250));
    }

    @Test
    void aQueuedDeploymentLooksAgainAtThePoll() {
      DeploymentStepper.Result result =
          stepper.step(
              input(
                  canary(created()),
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL)
                      .groupBusy(true)
                      .build(),
                  at(0, 5)));

      assertThat(result.action()).isEmpty();
      assertThat(result.lookAgainIn()).contains(Duration.ofSeconds(15));
      assertThat(result.record().state().status()).isEqualTo(DeploymentStatus.Queued);
      assertThat(result.transitions())
          .singleElement()
          .satisfies(
              transition -> {
                assertThat(transition.kind()).isEqualTo(Transition.Kind.STATUS);
                assertThat(transition.state().status()).isEqualTo(DeploymentStatus.Queued);
              });
    }

    @Test
    void aFinishedDeploymentIsNotLookedAtAgain() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.status = DeploymentStatus.Succeeded;
      state.phase = Phase.FINISHED;
      state.completeTime = at(30, 0);
      state.trafficStepWaitUntil = null;

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  canary(state.build()),
                  observed(TrafficWeights.of(GREEN, 100, BLUE, 0), REPLACEMENT).build(),
                  at(31, 0)));

      assertThat(result.action()).isEmpty();
      assertThat(result.lookAgainIn()).isEmpty();
      assertThat(result.transitions()).isEmpty();
      assertThat(result.record().state()).isEqualTo(state.build());
    }
  }

  @Nested
  class Inputs {
    @Test
    void refusesARecordWithAnActionInFlight() {
      RunRecord inFlight =
          canary(Fixtures.canaryWait())
              .deciding(Fixtures.canaryWait(), new Action.DeleteTaskSet(ORIGINAL_TASK_SET));
      Observation observation = observed(TrafficWeights.of(GREEN, 10, BLUE, 90)).build();

      assertThatThrownBy(() -> input(inFlight, observation, at(4, 0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("action in flight");
    }

    @Test
    void refusesARecordWithoutInputs() {
      RunRecord withoutInputs =
          new RunRecord(RunRecord.SCHEMA_VERSION, null, created(), null, null);
      Observation observation = observed(TrafficWeights.of(BLUE, 100, GREEN, 0)).build();

      assertThatThrownBy(() -> input(withoutInputs, observation, at(0, 5)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("inputs");
    }
  }

  @Nested
  class Transitions {
    @Test
    void aPauseThatBeginsOrEndsIsATransition() {
      DeploymentState running = Fixtures.canaryWait();
      StateBuilder pausing = StateBuilder.from(running);
      pausing.trafficStepPausedSince = at(4, 0);
      DeploymentState paused = pausing.build();

      assertThat(DeploymentStepper.transitions(running, paused))
          .extracting(Transition::kind)
          .containsExactly(Transition.Kind.PAUSED);
      assertThat(DeploymentStepper.transitions(paused, running))
          .extracting(Transition::kind)
          .containsExactly(Transition.Kind.PAUSE_ENDED);
      assertThat(DeploymentStepper.transitions(paused, paused)).isEmpty();
    }

    @Test
    void startingTellsTheEventThatBeganThenTheNewStatus() {
      DeploymentStepper.Result result =
          stepper.step(
              input(
                  RunRecord.started(Fixtures.allAtOnceInputs(), created()),
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL).build(),
                  at(0, 5)));

      assertThat(result.transitions())
          .extracting(Transition::kind, t -> name(t), Transition::took)
          .containsExactly(
              tuple(Transition.Kind.EVENT, "BeforeInstall InProgress", Optional.empty()),
              tuple(Transition.Kind.STATUS, "InProgress", Optional.empty()));
    }

    @Test
    void eventsThatEndedSayHowLongTheyTook() {
      DeploymentStepper.Result result =
          stepper.step(
              input(
                  canary(installing().build()),
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL, REPLACEMENT)
                      .testListener(TrafficWeights.of(BLUE, 100, GREEN, 0))
                      .build(),
                  at(3, 0)));

      assertThat(result.action())
          .contains(
              new Action.SetListenerWeights(Listener.TEST, TrafficWeights.of(GREEN, 100, BLUE, 0)));
      assertThat(result.transitions())
          .extracting(Transition::kind, t -> name(t), Transition::took)
          .containsExactly(
              tuple(
                  Transition.Kind.EVENT, "Install Succeeded", Optional.of(Duration.ofSeconds(175))),
              tuple(Transition.Kind.EVENT, "AfterInstall Skipped", Optional.of(Duration.ZERO)),
              tuple(Transition.Kind.EVENT, "AllowTestTraffic InProgress", Optional.empty()));
    }

    @Test
    void confirmedProductionTrafficTellsTheReplacementsShare() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      Action.SetListenerWeights canary =
          new Action.SetListenerWeights(
              Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90));
      state.productionTraffic = null;
      state.trafficStepWaitUntil = null;
      state.lastAction = new ActionRecord(canary.kind(), canary.key(), at(3, 0), 0, null, true);

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  canary(state.build()),
                  observed(TrafficWeights.of(GREEN, 10, BLUE, 90), ORIGINAL, REPLACEMENT).build(),
                  at(3, 10)));

      assertThat(result.action()).isEmpty();
      assertThat(result.transitions())
          .singleElement()
          .satisfies(
              transition -> {
                assertThat(transition.kind()).isEqualTo(Transition.Kind.TRAFFIC);
                assertThat(transition.replacementPercent()).isEqualTo(10);
              });
      // The wait counts from when the weights were handed out (3:00), not read back (3:10).
      assertThat(result.record().state().trafficStepWaitUntil()).isEqualTo(at(8, 0));
      assertThat(result.status().trafficSplit).isEqualTo("90/10");
    }

    @Test
    void aWaitCountsFromWhenTheCallThatSetTheWeightsReturned() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      Action.SetListenerWeights canary =
          new Action.SetListenerWeights(
              Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90));
      state.productionTraffic = null;
      state.trafficStepWaitUntil = null;
      state.lastAction = new ActionRecord(canary.kind(), canary.key(), at(3, 0), 0, null, true);
      // Handed out at 3:00, throttled twice by AWS: the SDK's third attempt returned at 3:04.
      RunRecord performed =
          canary(state.build()).deciding(state.build(), canary).performed(null, at(3, 4));

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  performed,
                  observed(TrafficWeights.of(GREEN, 10, BLUE, 90), ORIGINAL, REPLACEMENT).build(),
                  at(3, 10)));

      assertThat(result.record().state().trafficStepWaitUntil()).isEqualTo(at(8, 4));
    }

    @Test
    void aFailedCallLeavesTheHandOutAsItWas() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      Action.SetListenerWeights canary =
          new Action.SetListenerWeights(
              Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90));
      state.lastAction = new ActionRecord(canary.kind(), canary.key(), at(3, 0), 0, null, true);
      ActionFailure throttled =
          new ActionFailure(canary.key(), ErrorCode.THROTTLED, "Rate exceeded", true);

      RunRecord performed =
          canary(state.build()).deciding(state.build(), canary).performed(throttled, at(3, 4));

      assertThat(performed.state().lastAction().issuedAt()).isEqualTo(at(3, 0));
      assertThat(performed.actionFailure()).isEqualTo(throttled);
      assertThat(performed.actionInFlight()).isNull();
    }

    @Test
    void theEndOfTheShiftTellsTheEventsFirstThenTheTraffic() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      Action.SetListenerWeights rest =
          new Action.SetListenerWeights(
              Listener.PRODUCTION, TrafficWeights.of(GREEN, 100, BLUE, 0));
      state.trafficStep = 1;
      state.trafficStepWaitUntil = null;
      state.lastAction = new ActionRecord(rest.kind(), rest.key(), at(8, 10), 0, null, true);

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  canary(state.build()),
                  observed(TrafficWeights.of(GREEN, 100, BLUE, 0), ORIGINAL, REPLACEMENT).build(),
                  at(8, 20)));

      assertThat(result.action())
          .contains(
              new Action.InvokeHook(LifecycleEvent.AfterAllowTraffic, "smoke-test", "hook-exec-2"));
      assertThat(result.transitions())
          .extracting(Transition::kind, t -> name(t), Transition::took)
          .containsExactly(
              tuple(
                  Transition.Kind.EVENT,
                  "AllowTraffic Succeeded",
                  Optional.of(Duration.ofSeconds(320))),
              tuple(Transition.Kind.EVENT, "AfterAllowTraffic InProgress", Optional.empty()),
              tuple(Transition.Kind.TRAFFIC, "100%", Optional.empty()));
    }

    @Test
    void aFailedHookEndsItsEventSkipsTheRestAndThenTellsTheStatus() {
      StateBuilder state = started();
      state.phase = Phase.BEFORE_INSTALL;
      state.event(
          LifecycleEvent.BeforeInstall,
          LifecycleEventStatus.InProgress,
          at(0, 5),
          null,
          "hook-exec-1",
          null);
      state.hookExecution =
          new HookExecution(
              LifecycleEvent.BeforeInstall,
              "hook-exec-1",
              "check-before-install",
              at(60, 5),
              true,
              null);

      DeploymentStepper.Result result =
          stepper.step(
              input(
                  RunRecord.started(Fixtures.allAtOnceInputs(), state.build()),
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL)
                      .hookReport(new HookReport("hook-exec-1", LifecycleEventStatus.Failed))
                      .build(),
                  at(2, 5)));

      assertThat(result.record().state().status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(result.transitions())
          .extracting(Transition::kind, t -> name(t), Transition::took)
          .containsExactly(
              tuple(
                  Transition.Kind.EVENT,
                  "BeforeInstall Failed",
                  Optional.of(Duration.ofMinutes(2))),
              tuple(Transition.Kind.EVENT, "Install Skipped", Optional.of(Duration.ZERO)),
              tuple(Transition.Kind.EVENT, "AfterInstall Skipped", Optional.of(Duration.ZERO)),
              tuple(Transition.Kind.EVENT, "AllowTestTraffic Skipped", Optional.of(Duration.ZERO)),
              tuple(
                  Transition.Kind.EVENT,
                  "AfterAllowTestTraffic Skipped",
                  Optional.of(Duration.ZERO)),
              tuple(
                  Transition.Kind.EVENT, "BeforeAllowTraffic Skipped", Optional.of(Duration.ZERO)),
              tuple(Transition.Kind.EVENT, "AllowTraffic Skipped", Optional.of(Duration.ZERO)),
              tuple(Transition.Kind.EVENT, "AfterAllowTraffic Skipped", Optional.of(Duration.ZERO)),
              tuple(Transition.Kind.STATUS, "Failed", Optional.empty()));
      assertThat(result.action())
          .hasValueSatisfying(
              action ->
                  assertThat(((Action.PublishNotification) action).notification().event())
                      .isEqualTo(TriggerEvent.DeploymentFailure));
      assertThat(DeploymentStepper.isUnsuccessful(result.record().state().status())).isTrue();
    }
  }

  @Nested
  class Status {
    @Test
    void theStatusViewsTheReturnedRecord() {
      DeploymentStepper.Result result =
          stepper.step(
              input(
                  RunRecord.started(Fixtures.allAtOnceInputs(), created()),
                  observed(TrafficWeights.of(BLUE, 100, GREEN, 0), ORIGINAL).build(),
                  at(0, 5)));

      assertThat(RunRecordCodec.decode(result.status().runRecord)).isEqualTo(result.record());
      assertThat(result.status().status).isEqualTo(DeploymentStatus.InProgress);
      assertThat(result.status().phase).isEqualTo("BeforeInstall");
      assertThat(result.status().currentEvent).isEqualTo("BeforeInstall");
      assertThat(result.status().observedGeneration).isEqualTo(7);
      assertThat(result.status().creator).isEqualTo("user");
      assertThat(result.status().taskSets)
          .extracting(t -> t.taskSetLabel, t -> t.status)
          .containsExactly(tuple("Blue", "PRIMARY"));
    }

    @Test
    void aWaitGivesTheSameStatusTwice() throws Exception {
      DeploymentStepper.Input waiting =
          input(
              canary(Fixtures.canaryWait()),
              observed(TrafficWeights.of(GREEN, 10, BLUE, 90), ORIGINAL, REPLACEMENT).build(),
              at(4, 0));

      EcsDeploymentStatus first = stepper.step(waiting).status();
      EcsDeploymentStatus second = stepper.step(waiting).status();

      assertThat(DeploymentStatusWriterTest.json(second))
          .isEqualTo(DeploymentStatusWriterTest.json(first));
    }
  }

  @Test
  void unsuccessfulMeansFailedOrStopped() {
    assertThat(DeploymentStepper.isUnsuccessful(DeploymentStatus.Failed)).isTrue();
    assertThat(DeploymentStepper.isUnsuccessful(DeploymentStatus.Stopped)).isTrue();
    assertThat(DeploymentStepper.isUnsuccessful(DeploymentStatus.Succeeded)).isFalse();
    assertThat(DeploymentStepper.isUnsuccessful(DeploymentStatus.InProgress)).isFalse();
  }

  static String name(Transition transition) {
    return switch (transition.kind()) {
      case EVENT -> transition.event().lifecycleEventName() + " " + transition.event().status();
      case STATUS -> transition.state().status().name();
      case TRAFFIC -> transition.replacementPercent() + "%";
      case PAUSED -> "paused at step " + (transition.state().trafficStep() + 1);
      case PAUSE_ENDED -> "pause ended at step " + (transition.state().trafficStep() + 1);
    };
  }

  static DeploymentState created() {
    return DeploymentState.created(DEPLOYMENT_ID, T0);
  }

  /** Started on the original, which serves production on blue. */
  static StateBuilder started() {
    StateBuilder state = StateBuilder.created(DEPLOYMENT_ID, T0);
    state.status = DeploymentStatus.InProgress;
    state.startTime = at(0, 5);
    state.originalTaskSet = new TaskSetRef(ORIGINAL_TASK_SET, BLUE);
    state.originalTargetGroup = BLUE;
    state.replacementTargetGroup = GREEN;
    state.startingProductionTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);
    state.startingTestTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);
    state.nextNotificationId = 2;
    return state;
  }

  /** The canary creating its replacement since {@code at(0, 5)}. */
  static StateBuilder installing() {
    StateBuilder state = started();
    state.phase = Phase.INSTALL;
    state.skipped(LifecycleEvent.BeforeInstall, at(0, 5));
    state.inProgress(LifecycleEvent.Install, at(0, 5));
    return state;
  }
}
