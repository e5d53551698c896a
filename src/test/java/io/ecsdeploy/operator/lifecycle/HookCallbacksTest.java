package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HookCallbacksTest {
  @Test
  void acceptsOneReportForTheRunningHookAndRefusesEverythingElse() {
    EngineHarness harness =
        new EngineHarness(
            EngineHarness.settings().hook(LifecycleEvent.AfterInstall, "check").build(),
            FakeEcsWorld.withOriginalOn(BLUE, false));
    harness.runUntil(s -> s.hookExecution() != null);
    String running = harness.state.hookExecution().executionId();

    assertThat(HookCallbacks.check(harness.state, running, "Succeeded"))
        .isEqualTo(HookCallbacks.Verdict.ACCEPT);
    assertThat(HookCallbacks.check(harness.state, running, "Failed"))
        .isEqualTo(HookCallbacks.Verdict.ACCEPT);
    assertThat(HookCallbacks.check(harness.state, running, "InProgress"))
        .isEqualTo(HookCallbacks.Verdict.INVALID_STATUS);
    assertThat(HookCallbacks.check(harness.state, "guessed", "Succeeded"))
        .isEqualTo(HookCallbacks.Verdict.INVALID_EXECUTION_ID);

    harness.world.hookReports.add(new HookReport(running, LifecycleEventStatus.Succeeded));
    harness.advance(Duration.ofSeconds(1));
    harness.step();

    HookCallbacks.Verdict late = HookCallbacks.check(harness.state, running, "Failed");
    assertThat(late).isEqualTo(HookCallbacks.Verdict.LIFECYCLE_EVENT_ALREADY_COMPLETED);
    assertThat(late.errorCode()).isEqualTo("LifecycleEventAlreadyCompletedException");
    assertThat(HookCallbacks.Verdict.ACCEPT.errorCode()).isNull();
    assertThat(HookCallbacks.Verdict.INVALID_EXECUTION_ID.errorCode())
        .isEqualTo("InvalidLifecycleEventHookExecutionIdException");
  }

  @Test
  void titlesTriggerMessagesAsCodeDeployDoes() {
    PendingNotification notification =
        new PendingNotification(
            1,
            "t",
            "topic",
            TriggerEvent.DeploymentSuccess,
            DeploymentStatus.Succeeded,
            null,
            null,
            EngineHarness.T0,
            EngineHarness.T0);
    assertThat(notification.subject("d-ABC123456", "us-east-1", "shop"))
        .isEqualTo("SUCCEEDED: AWS CodeDeploy d-ABC123456 in us-east-1 to shop");
  }
}
