package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
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

    assertThat(HookCallbacks.check(harness.state, running, "Failed"))
        .isEqualTo(HookCallbacks.Verdict.LIFECYCLE_EVENT_ALREADY_COMPLETED);
  }
}
