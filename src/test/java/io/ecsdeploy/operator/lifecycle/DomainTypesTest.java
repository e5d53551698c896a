package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DomainTypesTest {
  static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  @Nested
  class TrafficWeightsComparison {
    static Stream<Arguments> splits() {
      return Stream.of(
          Arguments.of(
              TrafficWeights.of(BLUE, 100, GREEN, 0), new TrafficWeights(Map.of(BLUE, 100)), true),
          Arguments.of(
              TrafficWeights.of(BLUE, 90, GREEN, 10),
              new TrafficWeights(Map.of(BLUE, 9, GREEN, 1)),
              true),
          Arguments.of(
              TrafficWeights.of(BLUE, 90, GREEN, 10),
              TrafficWeights.of(BLUE, 10, GREEN, 90),
              false),
          Arguments.of(
              TrafficWeights.of(BLUE, 50, GREEN, 50), new TrafficWeights(Map.of(BLUE, 100)), false),
          Arguments.of(new TrafficWeights(Map.of()), new TrafficWeights(Map.of(BLUE, 0)), true),
          Arguments.of(new TrafficWeights(Map.of()), new TrafficWeights(Map.of(BLUE, 100)), false),
          Arguments.of(new TrafficWeights(Map.of(BLUE, 100)), new TrafficWeights(Map.of()), false),
          Arguments.of(new TrafficWeights(Map.of(BLUE, 100)), null, false));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void comparesSplitsByProportionNotRawWeights(
        TrafficWeights one, TrafficWeights other, boolean same) {
      assertThat(one.sameSplitAs(other)).isEqualTo(same);
    }

    @Test
    void reportsPercentagesAndAStableDescription() {
      TrafficWeights weights = new TrafficWeights(Map.of(GREEN, 3, BLUE, 1));
      assertThat(weights.percentOf(GREEN)).isEqualTo(75);
      assertThat(weights.percentOf("other")).isZero();
      assertThat(new TrafficWeights(Map.of()).percentOf(BLUE)).isZero();
      assertThat(weights.total()).isEqualTo(4);
      assertThat(TrafficWeights.of("b", 1, "a", 2).describe()).isEqualTo("a=2,b=1");
    }
  }

  @Nested
  class SettingsValidation {
    @Test
    void needsTwoDifferentTargetGroups() {
      assertThatThrownBy(() -> DeploymentSettings.builder("d-1", BLUE, BLUE).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two different target groups");
    }

    @Test
    void acceptsFunctionsOnlyForHookEvents() {
      assertThatThrownBy(
              () ->
                  DeploymentSettings.builder("d-1", BLUE, GREEN)
                      .hook(LifecycleEvent.Install, "fn")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("only hook events");
    }

    @Test
    void needsAtLeastOneAttempt() {
      assertThatThrownBy(
              () -> DeploymentSettings.builder("d-1", BLUE, GREEN).maxActionAttempts(0).build())
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offersTheOtherTargetGroup() {
      DeploymentSettings settings = DeploymentSettings.builder("d-1", BLUE, GREEN).build();
      assertThat(settings.otherTargetGroup(BLUE)).isEqualTo(GREEN);
      assertThat(settings.otherTargetGroup(GREEN)).isEqualTo(BLUE);
      assertThat(settings.externalId()).isEqualTo("d-1");
      assertThat(settings.hookTimeout()).hasHours(1);
      assertThat(settings.steadyStateTimeout()).hasHours(1);
      assertThat(settings.unsteadyTrafficTimeout()).hasMinutes(5);
    }

    @Test
    void refusesAStateOfAnotherDeployment() {
      DeploymentSettings settings = DeploymentSettings.builder("d-1", BLUE, GREEN).build();
      assertThatThrownBy(
              () ->
                  new EngineInput(
                      settings,
                      DeploymentState.created("d-2", T),
                      Observation.builder(new TrafficWeights(Map.of(BLUE, 100))).build(),
                      UserOperations.none(),
                      T,
                      "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("d-1")
          .hasMessageContaining("d-2");
    }

    @Test
    void rollsBackOnlyOnConfiguredEventsWhenEnabled() {
      assertThat(
              AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE)
                  .rollsBackOn(AutoRollbackEvent.DEPLOYMENT_FAILURE))
          .isTrue();
      assertThat(
              AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE)
                  .rollsBackOn(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM))
          .isFalse();
      assertThat(
              new AutoRollbackSettings(
                      false, java.util.Set.of(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                  .rollsBackOn(AutoRollbackEvent.DEPLOYMENT_FAILURE))
          .isFalse();
    }
  }

  @Test
  void findsObservedTaskSetsByArnAndExternalId() {
    ObservedTaskSet withId =
        new ObservedTaskSet("arn-1", "ext-1", BLUE, TaskSetStatus.PRIMARY, true);
    ObservedTaskSet withoutId =
        new ObservedTaskSet("arn-2", null, GREEN, TaskSetStatus.ACTIVE, true);
    Observation observation =
        Observation.builder(new TrafficWeights(Map.of(BLUE, 100)))
            .taskSet(withoutId)
            .taskSet(withId)
            .build();
    assertThat(observation.taskSetWithExternalId("ext-1")).contains(withId);
    assertThat(observation.taskSetWithExternalId("ext-2")).isEmpty();
    assertThat(observation.taskSet("arn-2")).contains(withoutId);
    assertThat(observation.taskSet("arn-3")).isEmpty();
    assertThat(observation.hookReports()).isEmpty();
  }

  @Test
  void describesEveryActionKindAndWhetherItCanBeReadBack() {
    PendingNotification notification =
        new PendingNotification(
            7,
            "t",
            "topic",
            TriggerEvent.DeploymentStart,
            DeploymentStatus.InProgress,
            null,
            null,
            T,
            null,
            null);
    List<Action> actions =
        List.of(
            new Action.CreateTaskSet(GREEN, "ext"),
            new Action.SetListenerWeights(Listener.TEST, new TrafficWeights(Map.of(GREEN, 100))),
            new Action.InvokeHook(LifecycleEvent.AfterInstall, "fn", "exec"),
            new Action.MakeTaskSetPrimary("arn"),
            new Action.DeleteTaskSet("arn"),
            new Action.PublishNotification(notification));
    assertThat(actions)
        .extracting(Action::key)
        .containsExactly(
            "create-task-set:ext@" + GREEN,
            "set-weights:TEST:" + GREEN + "=100",
            "invoke-hook:AfterInstall:exec",
            "make-primary:arn",
            "delete-task-set:arn",
            "notify:7");
    assertThat(actions)
        .extracting(Action::observable)
        .containsExactly(true, true, false, true, true, false);
    assertThat(actions).extracting(Action::kind).containsExactly(Action.Kind.values());
  }

  @Test
  void offersAlarmObservationsForEveryOutcome() {
    assertThat(AlarmObservation.notPolled().result()).isEqualTo(AlarmObservation.Result.NOT_POLLED);
    assertThat(AlarmObservation.ok().result()).isEqualTo(AlarmObservation.Result.OK);
    assertThat(AlarmObservation.inAlarm("a", "b").alarmsInAlarm()).containsExactly("a", "b");
    assertThat(AlarmObservation.pollFailed("denied").pollFailure()).isEqualTo("denied");
    assertThat(AlarmSettings.disabled().enabled()).isFalse();
    assertThat(AlarmSettings.watching("a").alarmNames()).containsExactly("a");
  }

  @Test
  void continuesOnlyTheWaitsAskedFor() {
    UserOperations both =
        UserOperations.continueDeployment(
            DeploymentWaitType.READY_WAIT, DeploymentWaitType.TERMINATION_WAIT);
    assertThat(both.continues(DeploymentWaitType.TERMINATION_WAIT)).isTrue();
    assertThat(UserOperations.none().continues(DeploymentWaitType.READY_WAIT)).isFalse();
    assertThat(UserOperations.stop(null).stop().autoRollbackEnabled()).isNull();
  }

  @Test
  void reportsNoCurrentEventBeforeTheStart() {
    DeploymentState created = DeploymentState.created("d-1", T);
    assertThat(created.currentEvent()).isEmpty();
    assertThat(created.lifecycleEvents()).hasSize(8);
    assertThat(created.event(LifecycleEvent.AllowTraffic).status())
        .isEqualTo(LifecycleEventStatus.Pending);
    assertThat(Recheck.never().kind()).isEqualTo(Recheck.Kind.NEVER);
  }
}
