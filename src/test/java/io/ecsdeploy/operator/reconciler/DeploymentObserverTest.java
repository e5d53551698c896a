package io.ecsdeploy.operator.reconciler;

import static io.ecsdeploy.operator.reconciler.Fixtures.BLUE;
import static io.ecsdeploy.operator.reconciler.Fixtures.EXTERNAL_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.GREEN;
import static io.ecsdeploy.operator.reconciler.Fixtures.ORIGINAL_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.PRODUCTION_ROUTE;
import static io.ecsdeploy.operator.reconciler.Fixtures.REPLACEMENT_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.SERVICE;
import static io.ecsdeploy.operator.reconciler.Fixtures.TASK_DEFINITION;
import static io.ecsdeploy.operator.reconciler.Fixtures.TEST_ROUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.ForwardWeights;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.AlarmObservation;
import io.ecsdeploy.operator.lifecycle.AlarmSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.HookReport;
import io.ecsdeploy.operator.lifecycle.Observation;
import io.ecsdeploy.operator.lifecycle.ObservedTaskSet;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.TargetHealth;
import io.ecsdeploy.operator.lifecycle.TargetHealthSettings;
import io.ecsdeploy.operator.lifecycle.TaskSetStatus;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import io.ecsdeploy.operator.reconciler.FakeAwsPorts.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeploymentObserverTest {
  static final String DRAINING_TASK_SET =
      "arn:aws:ecs:eu-west-1:111122223333:task-set/web-cluster/web/ecs-svc/3333333333333333333";
  static final String UNKNOWN_TASK_SET =
      "arn:aws:ecs:eu-west-1:111122223333:task-set/web-cluster/web/ecs-svc/4444444444444444444";

  static final EcsTaskSet.Stability STEADY = EcsTaskSet.Stability.STEADY_STATE;
  static final EcsTaskSet.Stability STABILIZING = EcsTaskSet.Stability.STABILIZING;

  final FakeAwsPorts aws = new FakeAwsPorts();

  @BeforeEach
  void aServiceWithFourTaskSetsAndTwoRoutes() {
    aws.services.put(
        SERVICE,
        Fixtures.service(
            Fixtures.taskSet(
                ORIGINAL_TASK_SET, EcsTaskSet.Status.PRIMARY, "previous-uid", BLUE, STEADY),
            Fixtures.taskSet(
                REPLACEMENT_TASK_SET, EcsTaskSet.Status.ACTIVE, EXTERNAL_ID, GREEN, STABILIZING),
            Fixtures.taskSet(DRAINING_TASK_SET, EcsTaskSet.Status.DRAINING, null, GREEN, STEADY),
            Fixtures.taskSet(
                UNKNOWN_TASK_SET,
                EcsTaskSet.Status.UNKNOWN,
                null,
                null,
                EcsTaskSet.Stability.UNKNOWN)));
    aws.weights.put(PRODUCTION_ROUTE, new ForwardWeights(Map.of(BLUE, 900, GREEN, 100)));
    aws.weights.put(TEST_ROUTE, new ForwardWeights(Map.of(BLUE, 0, GREEN, 1)));
    aws.alarms.put("web-5xx", AlarmState.OK);
    aws.alarms.put("web-latency", AlarmState.OK);
  }

  DeploymentObserver.Observed observe(FrozenInputs inputs) {
    return DeploymentObserver.observe(aws.ports(), inputs, List.of(), null, false, null, List.of());
  }

  static FrozenInputs withAlarms(AlarmSettings alarms) {
    return Fixtures.canaryInputs(Fixtures.canarySettingsBuilder().alarms(alarms).build());
  }

  @Nested
  class TaskSetsAndRoutes {
    @Test
    void mapsEveryTaskSetWithItsStatusAndStability() {
      DeploymentObserver.Observed observed = observe(Fixtures.canaryInputs());

      assertThat(observed.observation().taskSets())
          .containsExactly(
              new ObservedTaskSet(
                  ORIGINAL_TASK_SET, "previous-uid", BLUE, TaskSetStatus.PRIMARY, true, 2),
              new ObservedTaskSet(
                  REPLACEMENT_TASK_SET, EXTERNAL_ID, GREEN, TaskSetStatus.ACTIVE, false, 2),
              new ObservedTaskSet(DRAINING_TASK_SET, null, GREEN, TaskSetStatus.DRAINING, true, 2),
              new ObservedTaskSet(UNKNOWN_TASK_SET, null, null, TaskSetStatus.ACTIVE, false, 2));
      assertThat(observed.taskSets())
          .isEqualTo(aws.services.get(SERVICE).taskSets())
          .extracting(EcsTaskSet::taskDefinition)
          .containsOnly(TASK_DEFINITION);
      assertThat(aws.onlyCall(Operation.DESCRIBE_SERVICE).arguments()).containsExactly(SERVICE);
    }

    @Test
    void readsTheProductionAndTheTestRoutesWeights() {
      Observation observation = observe(Fixtures.canaryInputs()).observation();

      assertThat(observation.productionListener())
          .isEqualTo(new TrafficWeights(Map.of(BLUE, 900, GREEN, 100)));
      assertThat(observation.productionListener().percentOf(GREEN)).isEqualTo(10);
      assertThat(observation.testListener())
          .isEqualTo(new TrafficWeights(Map.of(BLUE, 0, GREEN, 1)));
      assertThat(aws.calls(Operation.READ_WEIGHTS))
          .extracting(call -> call.argument(0))
          .containsExactlyInAnyOrder(PRODUCTION_ROUTE, TEST_ROUTE);
    }

    @Test
    void readsNoTestListenerWhenTheInputsHaveNoTestRoute() {
      Observation observation = observe(Fixtures.allAtOnceInputs()).observation();

      assertThat(observation.testListener()).isNull();
      assertThat(aws.calls(Operation.READ_WEIGHTS))
          .extracting(call -> call.argument(0))
          .containsExactly(PRODUCTION_ROUTE);
    }

    @Test
    void aServiceWithoutTaskSetsIsObservedEmpty() {
      aws.services.put(SERVICE, Fixtures.service());

      DeploymentObserver.Observed observed = observe(Fixtures.canaryInputs());

      assertThat(observed.observation().taskSets()).isEmpty();
      assertThat(observed.taskSets()).isEmpty();
    }
  }

  @Nested
  class TargetHealthOfTheReplacement {
    final FrozenInputs gated =
        Fixtures.canaryInputs(
            Fixtures.canarySettingsBuilder()
                .targetHealth(TargetHealthSettings.allHealthy(Duration.ofMinutes(5)))
                .build());

    DeploymentState in(Phase phase) {
      StateBuilder state = StateBuilder.created("d-TESTDEPL1", Instant.EPOCH);
      state.phase = phase;
      state.replacementTargetGroup = GREEN;
      return state.build();
    }

    @Test
    void isReadBeforeTestTrafficAndWhileProductionTrafficShifts() {
      aws.targetStates.put(GREEN, Map.of("healthy", 1, "initial", 1));
      for (Phase phase : List.of(Phase.ALLOW_TEST_TRAFFIC, Phase.ALLOW_TRAFFIC)) {
        Observation observed =
            DeploymentObserver.observe(
                    aws.ports(), gated, List.of(), null, false, in(phase), List.of())
                .observation();
        assertThat(observed.replacementTargetHealth())
            .isEqualTo(new TargetHealth(GREEN, Map.of("healthy", 1, "initial", 1)));
        assertThat(observed.replacementTargetHealth().healthy()).isEqualTo(1);
      }
      assertThat(aws.calls(Operation.TARGET_STATES)).hasSize(2);
    }

    @Test
    void isNotReadInOtherPhasesNorWithoutTheGate() {
      Observation install =
          DeploymentObserver.observe(
                  aws.ports(), gated, List.of(), null, false, in(Phase.INSTALL), List.of())
              .observation();
      Observation ungated =
          DeploymentObserver.observe(
                  aws.ports(),
                  Fixtures.canaryInputs(),
                  List.of(),
                  null,
                  false,
                  in(Phase.ALLOW_TRAFFIC),
                  List.of())
              .observation();
      assertThat(install.replacementTargetHealth()).isNull();
      assertThat(ungated.replacementTargetHealth()).isNull();
      assertThat(aws.calls(Operation.TARGET_STATES)).isEmpty();
    }

    @Test
    void passesTheReplacementsDesiredCount() {
      Observation observed =
          DeploymentObserver.observe(
                  aws.ports(), gated, List.of(), null, false, in(Phase.ALLOW_TRAFFIC), List.of())
              .observation();
      assertThat(observed.taskSet(REPLACEMENT_TASK_SET).orElseThrow().desiredCount())
          .isEqualTo(aws.services.get(SERVICE).taskSets().get(1).computedDesiredCount());
    }
  }

  @Nested
  class Alarms {
    @Test
    void allAlarmsOkIsOk() {
      Observation observation = observe(Fixtures.canaryInputs()).observation();

      assertThat(observation.alarms()).isEqualTo(AlarmObservation.ok());
      assertThat(aws.onlyCall(Operation.ALARM_STATES).argument(0))
          .isEqualTo(List.of("web-5xx", "web-latency"));
    }

    @Test
    void insufficientDataIsNotAnAlarm() {
      aws.alarms.put("web-latency", AlarmState.INSUFFICIENT_DATA);

      assertThat(observe(Fixtures.canaryInputs()).observation().alarms())
          .isEqualTo(AlarmObservation.ok());
    }

    @Test
    void alarmsInAlarmAreReportedByName() {
      aws.alarms.put("web-5xx", AlarmState.ALARM);
      aws.alarms.put("web-latency", AlarmState.ALARM);
      aws.alarms.put("web-errors", AlarmState.OK);
      FrozenInputs inputs =
          withAlarms(AlarmSettings.watching("web-5xx", "web-errors", "web-latency"));

      assertThat(observe(inputs).observation().alarms())
          .isEqualTo(AlarmObservation.inAlarm("web-5xx", "web-latency"));
    }

    @Test
    void aFiringAlarmCountsEvenWhenAnotherIsMissing() {
      aws.alarms.put("web-5xx", AlarmState.ALARM);
      aws.alarms.remove("web-latency");

      assertThat(observe(Fixtures.canaryInputs()).observation().alarms())
          .isEqualTo(AlarmObservation.inAlarm("web-5xx"));
    }

    @Test
    void aMissingAlarmIsAFailedPollNamingIt() {
      aws.alarms.remove("web-latency");

      AlarmObservation alarms = observe(Fixtures.canaryInputs()).observation().alarms();

      assertThat(alarms.result()).isEqualTo(AlarmObservation.Result.POLL_FAILED);
      assertThat(alarms.pollFailure()).contains("web-latency").doesNotContain("web-5xx");
    }

    @Test
    void aThrowingPollIsAFailedPollWithItsMessage() {
      aws.failing(
          Operation.ALARM_STATES,
          FakeAwsPorts.failure(
              ErrorCode.IAM_ROLE_PERMISSIONS, false, "not authorized to perform DescribeAlarms"));

      AlarmObservation alarms = observe(Fixtures.canaryInputs()).observation().alarms();

      assertThat(alarms)
          .isEqualTo(AlarmObservation.pollFailed("not authorized to perform DescribeAlarms"));
    }

    @Test
    void aThrottledPollIsAFailureThatMayPass() {
      aws.failing(
          Operation.ALARM_STATES,
          FakeAwsPorts.failure(ErrorCode.THROTTLED, true, "CloudWatch Throttling: Rate exceeded"));

      AlarmObservation alarms = observe(Fixtures.canaryInputs()).observation().alarms();

      assertThat(alarms)
          .isEqualTo(AlarmObservation.pollFailedForNow("CloudWatch Throttling: Rate exceeded"));
    }

    @Test
    void disabledAlarmsAreNotPolled() {
      Observation observation = observe(Fixtures.allAtOnceInputs()).observation();

      assertThat(observation.alarms()).isEqualTo(AlarmObservation.notPolled());
      assertThat(aws.calls(Operation.ALARM_STATES)).isEmpty();
    }

    @Test
    void alarmsSwitchedOffAreNotPolledEvenWithNames() {
      FrozenInputs inputs = withAlarms(new AlarmSettings(false, false, List.of("web-5xx")));

      assertThat(observe(inputs).observation().alarms()).isEqualTo(AlarmObservation.notPolled());
      assertThat(aws.calls(Operation.ALARM_STATES)).isEmpty();
    }

    @Test
    void enabledAlarmsWithoutNamesAreNotPolled() {
      FrozenInputs inputs = withAlarms(new AlarmSettings(true, false, List.of()));

      assertThat(observe(inputs).observation().alarms()).isEqualTo(AlarmObservation.notPolled());
      assertThat(aws.calls(Operation.ALARM_STATES)).isEmpty();
    }
  }

  @Nested
  class PassedThrough {
    @Test
    void theActionFailureGroupBusyAndHookReportsReachTheObservation() {
      ActionFailure failure =
          new ActionFailure("make-primary:x", ErrorCode.THROTTLED, "Rate exceeded", true);
      List<HookReport> reports =
          List.of(
              new HookReport("hook-exec-1", LifecycleEventStatus.Succeeded),
              new HookReport("hook-exec-2", LifecycleEventStatus.Failed));

      Observation observation =
          DeploymentObserver.observe(
                  aws.ports(), Fixtures.canaryInputs(), reports, failure, true, null, List.of())
              .observation();

      assertThat(observation.actionFailure()).isEqualTo(failure);
      assertThat(observation.groupBusy()).isTrue();
      assertThat(observation.hookReports()).isEqualTo(reports);
    }

    @Test
    void noFailureAndAFreeGroupStayThatWay() {
      Observation observation = observe(Fixtures.canaryInputs()).observation();

      assertThat(observation.actionFailure()).isNull();
      assertThat(observation.groupBusy()).isFalse();
      assertThat(observation.hookReports()).isEmpty();
    }
  }

  @Nested
  class Failures {
    @Test
    void anEcsFailurePropagates() {
      AwsFailure throttled = FakeAwsPorts.failure(ErrorCode.THROTTLED, true, "Rate exceeded");
      aws.failing(Operation.DESCRIBE_SERVICE, throttled);

      assertThatThrownBy(() -> observe(Fixtures.canaryInputs())).isSameAs(throttled);
    }

    @Test
    void anElbFailurePropagates() {
      AwsFailure denied =
          FakeAwsPorts.failure(ErrorCode.IAM_ROLE_PERMISSIONS, false, "AccessDenied");
      aws.failing(Operation.READ_WEIGHTS, denied);

      assertThatThrownBy(() -> observe(Fixtures.canaryInputs())).isSameAs(denied);
    }

    @Test
    void aTestRouteThatCannotBeReadPropagates() {
      aws.weights.remove(TEST_ROUTE);

      assertThatThrownBy(() -> observe(Fixtures.canaryInputs()))
          .isInstanceOf(AwsFailure.class)
          .satisfies(
              e ->
                  assertThat(((AwsFailure) e).code())
                      .isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID));
    }
  }
}
