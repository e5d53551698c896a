package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HooksTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";

  static EngineHarness hooked(LifecycleEvent event, AutoRollbackSettings rollback) {
    return new EngineHarness(
        EngineHarness.settings()
            .testListener(true)
            .hook(event, "check")
            .autoRollback(rollback)
            .build(),
        FakeEcsWorld.withOriginalOn(BLUE, true));
  }

  static Stream<LifecycleEvent> hookEvents() {
    return Stream.of(LifecycleEvent.values()).filter(LifecycleEvent::isHook);
  }

  @ParameterizedTest
  @MethodSource("hookEvents")
  void invokesTheNamedFunctionWithAFreshExecutionIdAndWaitsForItsStatus(LifecycleEvent event) {
    EngineHarness harness = hooked(event, AutoRollbackSettings.disabled());

    harness.runUntil(s -> s.hookExecution() != null);

    HookExecution execution = harness.state.hookExecution();
    assertThat(execution.event()).isEqualTo(event);
    assertThat(execution.functionName()).isEqualTo("check");
    assertThat(execution.deadline()).isEqualTo(harness.now.plus(Duration.ofHours(1)));
    assertThat(harness.state.event(event).hookExecutionId()).isEqualTo(execution.executionId());
    assertThat(harness.decisions.get(harness.decisions.size() - 1).action())
        .contains(new Action.InvokeHook(event, "check", execution.executionId()));

    harness.advance(Duration.ofSeconds(1));
    Decision waiting = harness.step();
    assertThat(waiting.action()).isEmpty();
    assertThat(waiting.state().hookExecution().invoked()).isTrue();
    assertThat(waiting.recheck()).isEqualTo(Recheck.at(execution.deadline()));

    harness.world.hookReports.add(
        new HookReport(execution.executionId(), LifecycleEventStatus.Succeeded));
    assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(harness.state.event(event).status()).isEqualTo(LifecycleEventStatus.Succeeded);
    assertThat(harness.world.performed(Action.Kind.INVOKE_HOOK)).hasSize(1);
  }

  @Test
  void aHooksTimeCountsFromItsInvocationNotFromItsDecision() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());
    harness.runUntil(s -> s.hookExecution() != null);
    // A restart came between the decision and the invocation, which was made 30 seconds later.
    Instant invokedAt = harness.now.plusSeconds(30);
    harness.state = harness.state.reissuedAt(invokedAt);

    harness.advance(Duration.ofSeconds(31));
    harness.step();

    assertThat(harness.state.hookExecution().invoked()).isTrue();
    assertThat(harness.state.hookExecution().deadline())
        .isEqualTo(invokedAt.plus(Duration.ofHours(1)));
  }

  @Test
  void anInvocationWhoseAnswerWasLostIsMadeAgainOnceItsRunMustHaveEnded() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());
    harness.runUntil(s -> s.hookExecution() != null);
    HookExecution execution = harness.state.hookExecution();
    // The function did not answer within the wait: the caller says when its run must have ended.
    Instant again = harness.now.plusSeconds(40);
    harness.state = harness.state.hookUnansweredUntil(execution.executionId(), again);

    harness.advance(Duration.ofSeconds(11));
    Decision waiting = harness.step();
    assertThat(waiting.action()).isEmpty();
    assertThat(waiting.state().hookExecution().invoked()).isTrue();
    assertThat(waiting.recheck()).isEqualTo(Recheck.at(again));

    harness.now = again;
    Decision invokedAgain = harness.step();
    assertThat(invokedAgain.action())
        .contains(
            new Action.InvokeHook(LifecycleEvent.AfterInstall, "check", execution.executionId()));
    assertThat(invokedAgain.state().hookExecution().invokeAgainAt()).isNull();
    assertThat(invokedAgain.state().hookExecution().deadline()).isEqualTo(execution.deadline());

    // This time it answers.
    harness.world.hookReports.add(
        new HookReport(execution.executionId(), LifecycleEventStatus.Succeeded));
    assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(harness.world.performed(Action.Kind.INVOKE_HOOK)).hasSize(2);
  }

  @Test
  void anUnansweredInvocationThatReportsInTimeIsNotMadeAgain() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());
    harness.runUntil(s -> s.hookExecution() != null);
    HookExecution execution = harness.state.hookExecution();
    harness.state =
        harness.state.hookUnansweredUntil(execution.executionId(), harness.now.plusSeconds(40));

    harness.advance(Duration.ofSeconds(20));
    harness.world.hookReports.add(
        new HookReport(execution.executionId(), LifecycleEventStatus.Succeeded));

    assertThat(harness.runToEnd().status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(harness.world.performed(Action.Kind.INVOKE_HOOK)).hasSize(1);
  }

  @Test
  void anUnansweredInvocationDueAgainAfterTheHookTimeoutFailsAtTheTimeout() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());
    harness.runUntil(s -> s.hookExecution() != null);
    HookExecution execution = harness.state.hookExecution();
    harness.state =
        harness.state.hookUnansweredUntil(
            execution.executionId(), execution.deadline().plusSeconds(1));

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
    assertThat(harness.world.performed(Action.Kind.INVOKE_HOOK)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = LifecycleEvent.class,
      names = {"AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic"})
  void aFailedHookRollsBackWhenDeploymentFailureRollbackIsOn(LifecycleEvent event) {
    EngineHarness harness =
        hooked(event, AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE));
    harness.world.hookAnswers.put("check", LifecycleEventStatus.Failed);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.errorInformation())
        .isEqualTo(
            new ErrorInformation(
                ErrorCode.HOOK_EXECUTION_FAILURE, "The " + event + " hook check reported Failed."));
    assertThat(end.event(event).status()).isEqualTo(LifecycleEventStatus.Failed);
    assertThat(end.rollbackInfo()).isNotNull();
    assertThat(harness.world.production.percentOf(BLUE)).isEqualTo(100);
    assertThat(harness.world.test.percentOf(BLUE)).isEqualTo(100);
    assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNull();
  }

  @Test
  void aFailedHookWithoutRollbackLeavesComponentsAsTheyAre() {
    EngineHarness harness =
        hooked(LifecycleEvent.AfterAllowTraffic, AutoRollbackSettings.disabled());
    harness.world.hookAnswers.put("check", LifecycleEventStatus.Failed);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.rollbackInfo()).isNull();
    assertThat(harness.world.production.percentOf(GREEN)).isEqualTo(100);
    assertThat(harness.world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.ACTIVE);
  }

  @Test
  void aBeforeInstallFailureNeverRollsBackBecauseNothingChanged() {
    EngineHarness harness =
        hooked(
            LifecycleEvent.BeforeInstall,
            AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE));
    harness.world.hookAnswers.put("check", LifecycleEventStatus.Failed);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.rollbackInfo()).isNull();
    assertThat(end.event(LifecycleEvent.Install).status()).isEqualTo(LifecycleEventStatus.Skipped);
    assertThat(harness.world.performed)
        .extracting(Action::kind)
        .containsOnly(Action.Kind.INVOKE_HOOK);
  }

  @Test
  void aHookThatNeverAnswersFailsTheEventAfterOneHour() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());

    DeploymentState end = harness.runToEnd();

    LifecycleEventRecord afterInstall = end.event(LifecycleEvent.AfterInstall);
    assertThat(afterInstall.status()).isEqualTo(LifecycleEventStatus.Failed);
    assertThat(Duration.between(afterInstall.startTime(), afterInstall.endTime()))
        .isEqualTo(Duration.ofHours(1));
    assertThat(end.errorInformation().code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
    assertThat(afterInstall.diagnostics()).contains("did not report a status within 60 minutes");
  }

  @Test
  void honoursAConfiguredHookTimeout() {
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings()
                .hook(LifecycleEvent.BeforeAllowTraffic, "check")
                .hookTimeout(Duration.ofMinutes(1))
                .build(),
            FakeEcsWorld.withOriginalOn(BLUE, false));

    DeploymentState end = harness.runToEnd();

    LifecycleEventRecord event = end.event(LifecycleEvent.BeforeAllowTraffic);
    assertThat(Duration.between(event.startTime(), event.endTime()))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(end.errorInformation().message()).contains("within 1 minute.");
  }

  @Test
  void ignoresReportsForOtherExecutionsAndInterimStatuses() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());
    harness.runUntil(s -> s.hookExecution() != null);
    String executionId = harness.state.hookExecution().executionId();
    harness.world.hookReports.add(new HookReport("someone-else", LifecycleEventStatus.Failed));
    harness.world.hookReports.add(new HookReport(executionId, LifecycleEventStatus.InProgress));
    harness.advance(Duration.ofMinutes(1));

    Decision waiting = harness.step();

    assertThat(waiting.state().event(LifecycleEvent.AfterInstall).status())
        .isEqualTo(LifecycleEventStatus.InProgress);
    assertThat(waiting.action()).isEmpty();
  }

  @Test
  void acceptsAResultThatArrivesWithTheInvocationItself() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());
    harness.world.hookAnswers.put("check", LifecycleEventStatus.Succeeded);
    harness.runUntil(s -> s.hookExecution() != null);

    harness.advance(Duration.ofSeconds(1));
    harness.step();

    assertThat(harness.state.event(LifecycleEvent.AfterInstall).status())
        .isEqualTo(LifecycleEventStatus.Succeeded);
    assertThat(harness.state.hookExecution()).isNull();
  }

  @Test
  void failsWithTheInvocationErrorWhenTheFunctionCannotBeInvoked() {
    EngineHarness harness =
        hooked(
            LifecycleEvent.AfterInstall,
            AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE));
    harness.world.failing(
        action -> action.kind() == Action.Kind.INVOKE_HOOK,
        1,
        ErrorCode.INVALID_LAMBDA_FUNCTION,
        false);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(end.errorInformation())
        .isEqualTo(
            new ErrorInformation(
                ErrorCode.INVALID_LAMBDA_FUNCTION,
                "The AfterInstall hook check could not be invoked: injected failure"));
    assertThat(harness.world.replacementOf(EXTERNAL_ID)).isNull();
  }

  @Test
  void retriesAThrottledInvocationWithTheSameExecutionId() {
    EngineHarness harness = hooked(LifecycleEvent.AfterInstall, AutoRollbackSettings.disabled());
    harness.world.hookAnswers.put("check", LifecycleEventStatus.Succeeded);
    harness.world.failing(
        action -> action.kind() == Action.Kind.INVOKE_HOOK, 2, ErrorCode.THROTTLED, true);

    DeploymentState end = harness.runToEnd();

    assertThat(end.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(harness.world.performed(Action.Kind.INVOKE_HOOK))
        .hasSize(3)
        .extracting(action -> ((Action.InvokeHook) action).executionId())
        .containsOnly(end.event(LifecycleEvent.AfterInstall).hookExecutionId());
    List<Instant> times = harness.timesOf(Action.Kind.INVOKE_HOOK);
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(15));
    assertThat(Duration.between(times.get(1), times.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void needsAFreshExecutionIdToStartAHook() {
    DeploymentSettings settings =
        EngineHarness.settings().hook(LifecycleEvent.BeforeInstall, "check").build();
    DeploymentState created = DeploymentState.created(settings.deploymentId(), EngineHarness.T0);
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, false);
    for (String missing : new String[] {null, " "}) {
      assertThatThrownBy(
              () ->
                  new LifecycleEngine()
                      .decide(
                          new EngineInput(
                              settings,
                              created,
                              world.observe(),
                              UserOperations.none(),
                              EngineHarness.T0,
                              missing)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("hook execution id");
    }
  }
}
