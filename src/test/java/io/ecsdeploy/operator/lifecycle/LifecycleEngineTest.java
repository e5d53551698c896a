package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.codedeploy.LifecycleEventStatus.Failed;
import static io.ecsdeploy.operator.codedeploy.LifecycleEventStatus.Skipped;
import static io.ecsdeploy.operator.codedeploy.LifecycleEventStatus.Succeeded;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.ORIGINAL;
import static io.ecsdeploy.operator.lifecycle.LifecycleEvent.AfterAllowTestTraffic;
import static io.ecsdeploy.operator.lifecycle.LifecycleEvent.AfterAllowTraffic;
import static io.ecsdeploy.operator.lifecycle.LifecycleEvent.AfterInstall;
import static io.ecsdeploy.operator.lifecycle.LifecycleEvent.AllowTestTraffic;
import static io.ecsdeploy.operator.lifecycle.LifecycleEvent.AllowTraffic;
import static io.ecsdeploy.operator.lifecycle.LifecycleEvent.BeforeAllowTraffic;
import static io.ecsdeploy.operator.lifecycle.LifecycleEvent.BeforeInstall;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleEngineTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";

  static final Map<LifecycleEvent, String> ALL_HOOKS =
      Map.of(
          BeforeInstall, "before-install",
          AfterInstall, "after-install",
          AfterAllowTestTraffic, "after-test-traffic",
          BeforeAllowTraffic, "before-traffic",
          AfterAllowTraffic, "after-traffic");

  static EngineHarness harness(DeploymentSettings.Builder settings, FakeEcsWorld world) {
    return new EngineHarness(settings.build(), world);
  }

  static FakeEcsWorld blueWorld() {
    return FakeEcsWorld.withOriginalOn(BLUE, true);
  }

  static FakeEcsWorld answering(FakeEcsWorld world, LifecycleEventStatus status) {
    ALL_HOOKS.values().forEach(function -> world.hookAnswers.put(function, status));
    return world;
  }

  static String replacementArn(EngineHarness harness) {
    return harness.world.replacementOf(EXTERNAL_ID).arn();
  }

  @Nested
  class RunsTheEightEventsInOrder {
    @Test
    void succeedsThroughEveryEventWhenAllHooksPass() {
      EngineHarness harness =
          harness(
              EngineHarness.settings().testListener(true).hooks(ALL_HOOKS),
              answering(blueWorld(), Succeeded));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(end.lifecycleEvents())
          .extracting(LifecycleEventRecord::status)
          .containsOnly(Succeeded);
      assertThat(end.lifecycleEvents())
          .extracting(LifecycleEventRecord::lifecycleEventName)
          .containsExactly(LifecycleEvent.values());
      assertThat(harness.actions())
          .extracting(EngineTestSupport::describe)
          .containsExactly(
              "invoke BeforeInstall before-install",
              "create on " + GREEN,
              "invoke AfterInstall after-install",
              "TEST " + GREEN + "=100",
              "invoke AfterAllowTestTraffic after-test-traffic",
              "invoke BeforeAllowTraffic before-traffic",
              "PRODUCTION " + GREEN + "=100",
              "invoke AfterAllowTraffic after-traffic",
              "primary ts-1",
              "delete original");
      assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(100);
      assertThat(harness.world.taskSets).doesNotContainKey(ORIGINAL);
      assertThat(harness.world.replacementOf(EXTERNAL_ID).status())
          .isEqualTo(TaskSetStatus.PRIMARY);
      assertThat(end.completeTime()).isNotNull();
      assertThat(end.errorInformation()).isNull();
      assertThat(harness.world.violations).isEmpty();
    }

    @Test
    void startsEveryEventAfterThePreviousOneEnded() {
      EngineHarness harness =
          harness(
              EngineHarness.settings().testListener(true).hooks(ALL_HOOKS),
              answering(blueWorld(), Succeeded));
      DeploymentState end = harness.runToEnd();
      for (int i = 1; i < end.lifecycleEvents().size(); i++) {
        assertThat(end.lifecycleEvents().get(i).startTime())
            .isAfterOrEqualTo(end.lifecycleEvents().get(i - 1).endTime());
      }
    }

    @Test
    void skipsHookEventsTheAppSpecDoesNotName() {
      EngineHarness harness =
          harness(
              EngineHarness.settings().testListener(true).hook(AfterInstall, "after-install"),
              answering(blueWorld(), Succeeded));
      DeploymentState end = harness.runToEnd();
      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.eventStatus(BeforeInstall)).isEqualTo(Skipped);
      assertThat(harness.eventStatus(AfterInstall)).isEqualTo(Succeeded);
      assertThat(harness.eventStatus(AfterAllowTestTraffic)).isEqualTo(Skipped);
      assertThat(harness.eventStatus(BeforeAllowTraffic)).isEqualTo(Skipped);
      assertThat(harness.eventStatus(AfterAllowTraffic)).isEqualTo(Skipped);
      assertThat(end.event(BeforeInstall).diagnostics()).contains("names no Lambda function");
      assertThat(harness.world.performed(Action.Kind.INVOKE_HOOK)).hasSize(1);
    }

    @Test
    void skipsTestTrafficEventsWithoutATestListener() {
      EngineHarness harness =
          harness(
              EngineHarness.settings().testListener(false).hooks(ALL_HOOKS),
              answering(FakeEcsWorld.withOriginalOn(BLUE, false), Succeeded));
      DeploymentState end = harness.runToEnd();
      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.eventStatus(AllowTestTraffic)).isEqualTo(Skipped);
      assertThat(harness.eventStatus(AfterAllowTestTraffic)).isEqualTo(Skipped);
      assertThat(harness.actions())
          .noneMatch(
              action ->
                  action instanceof Action.InvokeHook invoke
                      && invoke.event() == AfterAllowTestTraffic);
    }

    @Test
    void reportsTheEventInProgress() {
      EngineHarness harness = harness(EngineHarness.settings().hooks(ALL_HOOKS), blueWorld());
      harness.step();
      assertThat(harness.state.currentEvent()).contains(BeforeInstall);
      assertThat(harness.state.status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(harness.state.startTime()).isEqualTo(EngineHarness.T0);
    }
  }

  @Nested
  class Install {
    @Test
    void waitsUntilTheReplacementTaskSetIsSteady() {
      FakeEcsWorld world = blueWorld();
      world.newTaskSetsSteady = false;
      EngineHarness harness =
          harness(EngineHarness.settings().hooks(ALL_HOOKS), answering(world, Succeeded));

      harness.runUntil(s -> s.replacementTaskSetArn() != null);
      harness.advance(Duration.ofMinutes(10));
      Decision waiting = harness.step();

      assertThat(waiting.action()).isEmpty();
      assertThat(waiting.recheck()).isEqualTo(Recheck.at(harness.now.plusSeconds(15)));
      assertThat(harness.eventStatus(LifecycleEvent.Install))
          .isEqualTo(LifecycleEventStatus.InProgress);
      assertThat(harness.eventStatus(AfterInstall)).isEqualTo(LifecycleEventStatus.Pending);

      world.setSteady(EXTERNAL_ID, true);
      harness.step();
      assertThat(harness.eventStatus(LifecycleEvent.Install)).isEqualTo(Succeeded);
      assertThat(harness.world.performed(Action.Kind.CREATE_TASK_SET)).hasSize(1);
    }

    @Test
    void failsWhenTheReplacementIsNotSteadyWithinAnHour() {
      FakeEcsWorld world = blueWorld();
      world.newTaskSetsSteady = false;
      EngineHarness harness = harness(EngineHarness.settings(), world);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.TIMEOUT);
      assertThat(end.errorInformation().message()).contains("within 60 minutes");
      assertThat(end.event(LifecycleEvent.Install).endTime())
          .isEqualTo(end.event(LifecycleEvent.Install).startTime().plus(Duration.ofHours(1)));
      assertThat(harness.eventStatus(LifecycleEvent.Install)).isEqualTo(Failed);
      assertThat(harness.eventStatus(AllowTraffic)).isEqualTo(Skipped);
    }

    @Test
    void adoptsAReplacementCreatedBeforeARestartInsteadOfCreatingAnother() {
      FakeEcsWorld world = blueWorld();
      world.taskSets.put(
          "adopted",
          new ObservedTaskSet("adopted", EXTERNAL_ID, GREEN, TaskSetStatus.ACTIVE, true));
      EngineHarness harness = harness(EngineHarness.settings(), world);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(end.replacementTaskSetArn()).isEqualTo("adopted");
      assertThat(world.performed(Action.Kind.CREATE_TASK_SET)).isEmpty();
    }

    @Test
    void removesLeftOverTaskSetsFromTheReplacementTargetGroupFirst() {
      FakeEcsWorld world = blueWorld();
      world.taskSets.put(
          "stale", new ObservedTaskSet("stale", "older", GREEN, TaskSetStatus.ACTIVE, true));
      world.taskSets.put(
          "draining", new ObservedTaskSet("draining", "old", GREEN, TaskSetStatus.DRAINING, true));
      EngineHarness harness = harness(EngineHarness.settings(), world);

      harness.runToEnd();

      assertThat(harness.actions().get(0)).isEqualTo(new Action.DeleteTaskSet("stale"));
      assertThat(harness.actions().get(1)).isInstanceOf(Action.CreateTaskSet.class);
      assertThat(world.performed(Action.Kind.DELETE_TASK_SET))
          .doesNotContain(new Action.DeleteTaskSet("draining"));
    }

    @ParameterizedTest
    @MethodSource("io.ecsdeploy.operator.lifecycle.LifecycleEngineTest#targetGroupAlternation")
    void placesTheReplacementOnTheTargetGroupNotServingThePrimary(
        String primaryTargetGroup, String expectedReplacementTargetGroup) {
      EngineHarness harness =
          harness(EngineHarness.settings(), FakeEcsWorld.withOriginalOn(primaryTargetGroup, false));
      harness.runToEnd();
      assertThat(harness.state.replacementTargetGroup()).isEqualTo(expectedReplacementTargetGroup);
      assertThat(harness.state.originalTargetGroup()).isEqualTo(primaryTargetGroup);
      assertThat(harness.world.replacementOf(EXTERNAL_ID).targetGroupArn())
          .isEqualTo(expectedReplacementTargetGroup);
    }
  }

  static Stream<Arguments> targetGroupAlternation() {
    return Stream.of(Arguments.of(BLUE, GREEN), Arguments.of(GREEN, BLUE));
  }

  @Test
  void alternatesTargetGroupsAcrossConsecutiveDeployments() {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, true);
    List<String> replacementGroups = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      DeploymentSettings settings =
          DeploymentSettings.builder("d-DEPLOY000" + i, BLUE, GREEN)
              .externalId("uid-" + i)
              .testListener(true)
              .build();
      EngineHarness harness = new EngineHarness(settings, world);
      assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
      replacementGroups.add(harness.state.replacementTargetGroup());
      assertThat(world.taskSets).hasSize(1);
    }
    assertThat(replacementGroups).containsExactly(GREEN, BLUE, GREEN);
    assertThat(world.production.percentOf(GREEN)).isEqualTo(100);
    assertThat(world.test.percentOf(GREEN)).isEqualTo(100);
  }

  @Nested
  class FirstDeploymentToAServiceWithoutTaskSets {
    @Test
    void movesAllTrafficAtOnceAndRemovesNothing() {
      EngineHarness harness =
          harness(
              EngineHarness.settings()
                  .testListener(true)
                  .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(5))),
              FakeEcsWorld.firstDeployment(true));

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(end.originalTaskSet()).isNull();
      assertThat(end.replacementTargetGroup()).isEqualTo(GREEN);
      assertThat(harness.world.performed(Action.Kind.SET_LISTENER_WEIGHTS))
          .containsExactly(
              new Action.SetListenerWeights(Listener.TEST, TrafficWeights.of(GREEN, 100, BLUE, 0)),
              new Action.SetListenerWeights(
                  Listener.PRODUCTION, TrafficWeights.of(GREEN, 100, BLUE, 0)));
      assertThat(harness.world.performed(Action.Kind.DELETE_TASK_SET)).isEmpty();
    }

    @Test
    void takesTheTargetGroupTheListenerUsesLeast() {
      FakeEcsWorld world = FakeEcsWorld.firstDeployment(false);
      world.production = TrafficWeights.of(BLUE, 0, GREEN, 1);
      EngineHarness harness = harness(EngineHarness.settings(), world);
      harness.runToEnd();
      assertThat(harness.state.replacementTargetGroup()).isEqualTo(BLUE);
    }
  }

  @Nested
  class Start {
    @Test
    void failsWhenThePrimaryServesATargetGroupOutsideTheGroup() {
      FakeEcsWorld world = FakeEcsWorld.withOriginalOn("arn:tg/elsewhere", false);
      world.production = new TrafficWeights(Map.of("arn:tg/elsewhere", 100));
      EngineHarness harness = harness(EngineHarness.settings(), world);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID);
      assertThat(end.errorInformation().message()).contains("arn:tg/elsewhere");
      assertThat(world.performed).isEmpty();
      assertThat(end.rollbackInfo()).isNull();
    }

    @Test
    void failsWhenProductionAlreadySendsTrafficToTheReplacementTargetGroup() {
      FakeEcsWorld world = blueWorld();
      world.production = TrafficWeights.of(BLUE, 70, GREEN, 30);
      EngineHarness harness =
          harness(
              EngineHarness.settings()
                  .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE)),
              world);

      DeploymentState end = harness.runToEnd();

      assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
      assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID);
      assertThat(end.errorInformation().message()).contains("weight 30", GREEN);
      assertThat(world.performed).isEmpty();
    }

    @Test
    void queuesWhileAnotherDeploymentOfTheGroupIsActive() {
      FakeEcsWorld world = blueWorld();
      world.groupBusy = true;
      EngineHarness harness = harness(EngineHarness.settings(), world);

      Decision queued = harness.step();

      assertThat(queued.state().status()).isEqualTo(DeploymentStatus.Queued);
      assertThat(queued.action()).isEmpty();
      assertThat(queued.recheck()).isEqualTo(Recheck.at(EngineHarness.T0.plusSeconds(15)));
      assertThat(queued.state().startTime()).isNull();

      world.groupBusy = false;
      harness.advance(Duration.ofMinutes(3));
      assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(harness.state.startTime()).isEqualTo(EngineHarness.T0.plus(Duration.ofMinutes(3)));
    }
  }
}
