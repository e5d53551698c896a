package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ActionFailuresAndNotificationsTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";
  static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:deployments";

  @Nested
  class ActionFailures {
    @Test
    void retriesAThrottledCallWithGrowingBackOff() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings().build(), FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.world.failing(
          action -> action.kind() == Action.Kind.CREATE_TASK_SET, 3, ErrorCode.THROTTLED, true);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      List<Instant> creates = harness.timesOf(Action.Kind.CREATE_TASK_SET);
      assertThat(creates).hasSize(4);
      assertThat(Duration.between(creates.get(0), creates.get(1)))
          .isEqualTo(Duration.ofSeconds(16));
      assertThat(Duration.between(creates.get(1), creates.get(2)))
          .isEqualTo(Duration.ofSeconds(31));
      assertThat(Duration.between(creates.get(2), creates.get(3)))
          .isEqualTo(Duration.ofSeconds(61));
    }

    @Test
    void capsTheBackOffAtFiveMinutes() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings().maxActionAttempts(12).build(),
              FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.world.failing(
          action -> action.kind() == Action.Kind.CREATE_TASK_SET, 10, ErrorCode.THROTTLED, true);

      harness.runToEnd();

      List<Instant> creates = harness.timesOf(Action.Kind.CREATE_TASK_SET);
      assertThat(Duration.between(creates.get(9), creates.get(10)))
          .isEqualTo(Duration.ofSeconds(301));
    }

    @Test
    void failsWithTheErrorOnceRetriesAreUsedUp() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .maxActionAttempts(3)
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
                  .build(),
              FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.world.failing(
          action ->
              action.kind() == Action.Kind.SET_LISTENER_WEIGHTS
                  && ((Action.SetListenerWeights) action).weights().weightOf(GREEN) == 100,
          3,
          ErrorCode.THROTTLED,
          true);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation())
          .isEqualTo(new ErrorInformation(ErrorCode.THROTTLED, "injected failure"));
      assertThat(end.event(LifecycleEvent.AllowTraffic).status())
          .isEqualTo(LifecycleEventStatus.Failed);
      assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNull();
    }

    @Test
    void failsAtOnceOnAnErrorThatRetryingCannotFix() {
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings().build(), FakeEcsWorld.withOriginalOn(BLUE, false));
      harness.world.failing(
          action -> action.kind() == Action.Kind.CREATE_TASK_SET,
          1,
          ErrorCode.IAM_ROLE_PERMISSIONS,
          false);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.IAM_ROLE_PERMISSIONS);
      assertThat(harness.world.performed(Action.Kind.CREATE_TASK_SET)).hasSize(1);
    }

    @Test
    void ignoresAFailureReportForAnActionItDidNotAskFor() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
      DeploymentSettings settings = EngineHarness.settings().build();
      EngineHarness harness = new EngineHarness(settings, world);
      harness.step();
      Observation stale =
          Observation.builder(world.production)
              .taskSets(List.copyOf(world.taskSets.values()))
              .actionFailure(
                  new ActionFailure("create-task-set:other", ErrorCode.INTERNAL_ERROR, "?", false))
              .build();

      Decision decision =
          harness.engine.decide(
              new EngineInput(
                  settings, harness.state, stale, UserOperations.none(), harness.now, "x"));

      assertThat(decision.state().status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(decision.state().errorInformation()).isNull();
      assertThat(decision.state().event(LifecycleEvent.Install).status())
          .isEqualTo(LifecycleEventStatus.Succeeded);
    }

    @Test
    void aFailureReportedAfterTheDeploymentEndedChangesNothing() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
      DeploymentSettings settings = EngineHarness.settings().build();
      EngineHarness harness = new EngineHarness(settings, world);
      harness.runUntil(s -> s.phase() == Phase.REMOVE_ORIGINAL);
      world.failing(action -> true, 1, ErrorCode.ECS_UPDATE_ERROR, false);
      harness.world.taskSets.remove(FakeEcsWorld.ORIGINAL);
      harness.runToEnd();

      assertThat(harness.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    }
  }

  @Nested
  class Notifications {
    static EngineHarness notifying(DeploymentSettings.Builder settings, FakeEcsWorld world) {
      return new EngineHarness(
          settings
              .trigger(new TriggerSettings("all", TOPIC, EnumSet.allOf(TriggerEvent.class)))
              .trigger(
                  new TriggerSettings(
                      "failures", TOPIC + "-failures", Set.of(TriggerEvent.DeploymentFailure)))
              .build(),
          world);
    }

    @Test
    void announcesStartAndSuccessToTheTriggersThatWantThem() {
      EngineHarness harness =
          notifying(EngineHarness.settings(), FakeEcsWorld.withOriginalOn(BLUE, false));

      DeploymentState end = harness.runToEnd();

      assertThat(harness.world.published)
          .extracting(
              PendingNotification::triggerName,
              PendingNotification::event,
              PendingNotification::status)
          .containsExactly(
              tuple("all", TriggerEvent.DeploymentStart, DeploymentStatus.Created),
              tuple("all", TriggerEvent.DeploymentSuccess, DeploymentStatus.Succeeded));
      PendingNotification success = harness.world.published.get(1);
      assertThat(success.completeTime()).isEqualTo(end.completeTime());
      assertThat(success.createTime()).isEqualTo(EngineHarness.T0);
      assertThat(success.topicArn()).isEqualTo(TOPIC);
      assertThat(harness.world.published.get(0).completeTime()).isNull();
      assertThat(end.pendingNotifications()).isEmpty();
    }

    @Test
    void announcesTheStartWithStatusCreatedAsCodeDeployDoes() {
      EngineHarness harness =
          notifying(EngineHarness.settings(), FakeEcsWorld.withOriginalOn(BLUE, false));

      harness.runUntil(s -> !s.pendingNotifications().isEmpty());

      assertThat(harness.state.status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(harness.state.pendingNotifications())
          .extracting(PendingNotification::event, PendingNotification::status)
          .containsExactly(tuple(TriggerEvent.DeploymentStart, DeploymentStatus.Created));
    }

    @Test
    void announcesTheStartOfAQueuedDeploymentWithStatusCreatedToo() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
      world.groupBusy = true;
      EngineHarness harness = notifying(EngineHarness.settings(), world);
      assertThat(harness.step().state().status()).isEqualTo(DeploymentStatus.Queued);
      world.groupBusy = false;
      harness.advance(Duration.ofMinutes(1));

      harness.runToEnd();

      assertThat(world.published)
          .filteredOn(notification -> notification.event() == TriggerEvent.DeploymentStart)
          .extracting(PendingNotification::status)
          .containsExactly(DeploymentStatus.Created);
    }

    @Test
    void announcesRollbackThenFailure() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
      world.hookAnswers.put("smoke", LifecycleEventStatus.Failed);
      EngineHarness harness =
          notifying(
              EngineHarness.settings()
                  .hook(LifecycleEvent.AfterAllowTraffic, "smoke")
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE)),
              world);

      harness.runToEnd();

      assertThat(world.published)
          .extracting(PendingNotification::triggerName, PendingNotification::event)
          .containsExactly(
              tuple("all", TriggerEvent.DeploymentStart),
              tuple("all", TriggerEvent.DeploymentRollback),
              tuple("all", TriggerEvent.DeploymentFailure),
              tuple("failures", TriggerEvent.DeploymentFailure));
      PendingNotification rollback = world.published.get(1);
      assertThat(rollback.status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(rollback.errorInformation().code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
      assertThat(rollback.rollbackInfo()).isNotNull();
    }

    @Test
    void restoresTrafficBeforePublishingQueuedNotifications() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
      world.alarms = AlarmObservation.ok();
      EngineHarness harness =
          notifying(
              EngineHarness.settings()
                  .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(10)))
                  .alarms(AlarmSettings.watching("5xx"))
                  .autoRollback(
                      AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)),
              world);
      harness.runUntil(s -> s.trafficStepWaitUntil() != null);
      world.alarms = AlarmObservation.inAlarm("5xx");

      harness.runToEnd();

      List<Action> afterAlarm =
          harness
              .actions()
              .subList(
                  harness
                          .actions()
                          .indexOf(
                              new Action.SetListenerWeights(
                                  Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90)))
                      + 1,
                  harness.actions().size());
      assertThat(afterAlarm)
          .extracting(Action::kind)
          .containsExactly(
              Action.Kind.SET_LISTENER_WEIGHTS,
              Action.Kind.DELETE_TASK_SET,
              Action.Kind.PUBLISH_NOTIFICATION,
              Action.Kind.PUBLISH_NOTIFICATION);
      assertThat(world.published)
          .extracting(PendingNotification::event)
          .containsExactly(
              TriggerEvent.DeploymentStart,
              TriggerEvent.DeploymentRollback,
              TriggerEvent.DeploymentStop);
    }

    @Test
    void retriesAFailedPublishAndThenGivesUpWithoutFailingTheDeployment() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
      world.failing(
          action ->
              action instanceof Action.PublishNotification publish
                  && publish.notification().event() == TriggerEvent.DeploymentStart,
          10,
          ErrorCode.THROTTLED,
          true);
      world.failing(
          action ->
              action instanceof Action.PublishNotification publish
                  && publish.notification().event() == TriggerEvent.DeploymentSuccess,
          1,
          ErrorCode.IAM_ROLE_PERMISSIONS,
          false);
      EngineHarness harness =
          new EngineHarness(
              EngineHarness.settings()
                  .trigger(new TriggerSettings("all", TOPIC, EnumSet.allOf(TriggerEvent.class)))
                  .build(),
              world);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(world.published).isEmpty();
      assertThat(world.performed(Action.Kind.PUBLISH_NOTIFICATION)).hasSize(6);
      assertThat(end.pendingNotifications()).isEmpty();
    }
  }
}
