package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.GREEN;
import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.ORIGINAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The workflows of "What happens during an Amazon ECS deployment" in the seed document, step by
 * step: an ECS service behind a load balancer with a production and a test listener, a validation
 * hook run against test traffic, and the three outcomes the document describes.
 */
class SeedWorkflowScenarioTest {
  static final String EXTERNAL_ID = "ecsdeploy-uid-1";

  private FakeEcsWorld world;
  private DeploymentSettings.Builder settings;
  private EngineHarness harness;
  private Components atStart;

  /** The parts of the world a deployment can change. */
  record Components(
      Map<String, ObservedTaskSet> taskSets, TrafficWeights production, TrafficWeights test) {
    static Components of(FakeEcsWorld world) {
      return new Components(Map.copyOf(world.taskSets), world.production, world.test);
    }
  }

  // ---- given

  private void givenAServiceWhoseOriginalTaskSetServesTargetGroupOne() {
    world = FakeEcsWorld.withOriginalOn(BLUE, true);
    settings =
        EngineHarness.settings()
            .testListener(true)
            .hook(LifecycleEvent.BeforeInstall, "LambdaFunctionToValidateBeforeInstall")
            .hook(LifecycleEvent.AfterInstall, "LambdaFunctionToValidateAfterInstall")
            .hook(
                LifecycleEvent.AfterAllowTestTraffic,
                "LambdaFunctionToValidateAfterTestTrafficStarts")
            .hook(
                LifecycleEvent.BeforeAllowTraffic,
                "LambdaFunctionToValidateBeforeAllowingProductionTraffic")
            .hook(
                LifecycleEvent.AfterAllowTraffic,
                "LambdaFunctionToValidateAfterAllowingProductionTraffic")
            .trafficRouting(
                TrafficRouting.builtIn("CodeDeployDefault.ECSCanary10Percent5Minutes")
                    .orElseThrow())
            .termination(TerminationAction.TERMINATE, Duration.ofMinutes(5));
    List.of(
            "LambdaFunctionToValidateBeforeInstall",
            "LambdaFunctionToValidateAfterInstall",
            "LambdaFunctionToValidateBeforeAllowingProductionTraffic",
            "LambdaFunctionToValidateAfterAllowingProductionTraffic")
        .forEach(function -> world.hookAnswers.put(function, LifecycleEventStatus.Succeeded));
    atStart = Components.of(world);
  }

  private void givenRollbacksAreConfigured() {
    settings.autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE));
  }

  private void givenTheValidationTestsAgainstTestTraffic(LifecycleEventStatus outcome) {
    world.hookAnswers.put("LambdaFunctionToValidateAfterTestTrafficStarts", outcome);
  }

  // ---- when

  private void whenTheDeploymentRuns() {
    harness = new EngineHarness(settings.build(), world);
    harness.runToEnd();
  }

  // ---- then

  private void thenTheDeploymentIs(DeploymentStatus status) {
    assertThat(harness.state.status()).isEqualTo(status);
  }

  private void thenTheEventsWere(LifecycleEventStatus... statuses) {
    assertThat(harness.state.lifecycleEvents())
        .extracting(LifecycleEventRecord::status)
        .containsExactly(statuses);
  }

  private void thenTheComponentsAreBackInTheirStartingState() {
    assertThat(Components.of(world)).isEqualTo(atStart);
  }

  private void thenTheReplacementStillReceivesTestTraffic() {
    assertThat(world.test.percentOf(GREEN)).isEqualTo(100);
    assertThat(world.production.percentOf(BLUE)).isEqualTo(100);
    assertThat(world.replacementOf(EXTERNAL_ID).targetGroupArn()).isEqualTo(GREEN);
    assertThat(world.taskSets.get(ORIGINAL).status()).isEqualTo(TaskSetStatus.PRIMARY);
  }

  @Test
  void validationFailsWithRollbacksConfigured() {
    givenAServiceWhoseOriginalTaskSetServesTargetGroupOne();
    givenRollbacksAreConfigured();
    givenTheValidationTestsAgainstTestTraffic(LifecycleEventStatus.Failed);

    whenTheDeploymentRuns();

    thenTheDeploymentIs(DeploymentStatus.Failed);
    thenTheEventsWere(
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Failed,
        LifecycleEventStatus.Skipped,
        LifecycleEventStatus.Skipped,
        LifecycleEventStatus.Skipped);
    thenTheComponentsAreBackInTheirStartingState();
    assertThat(harness.state.errorInformation().code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
    assertThat(harness.state.rollbackInfo().rollbackMessage())
        .startsWith("Deployment d-TESTDEPL1 terminated. Automatic rollback is triggered");
  }

  @Test
  void validationFailsWithoutRollbacks() {
    givenAServiceWhoseOriginalTaskSetServesTargetGroupOne();
    givenTheValidationTestsAgainstTestTraffic(LifecycleEventStatus.Failed);

    whenTheDeploymentRuns();

    thenTheDeploymentIs(DeploymentStatus.Failed);
    thenTheReplacementStillReceivesTestTraffic();
    assertThat(harness.state.rollbackInfo()).isNull();
    assertThat(world.performed(Action.Kind.DELETE_TASK_SET)).isEmpty();
  }

  @Test
  void validationSucceedsAndTrafficMovesToTheReplacement() {
    givenAServiceWhoseOriginalTaskSetServesTargetGroupOne();
    givenRollbacksAreConfigured();
    givenTheValidationTestsAgainstTestTraffic(LifecycleEventStatus.Succeeded);

    whenTheDeploymentRuns();

    thenTheDeploymentIs(DeploymentStatus.Succeeded);
    thenTheEventsWere(
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded,
        LifecycleEventStatus.Succeeded);
    assertThat(world.production).isEqualTo(TrafficWeights.of(GREEN, 100, BLUE, 0));
    assertThat(world.test).isEqualTo(TrafficWeights.of(GREEN, 100, BLUE, 0));
    assertThat(world.taskSets.keySet()).containsExactly(harness.state.replacementTaskSetArn());
    assertThat(world.replacementOf(EXTERNAL_ID).status()).isEqualTo(TaskSetStatus.PRIMARY);
    assertThat(world.violations).isEmpty();
  }

  @Test
  void theNextDeploymentUsesTheTargetGroupTheOriginalServed() {
    givenAServiceWhoseOriginalTaskSetServesTargetGroupOne();
    givenTheValidationTestsAgainstTestTraffic(LifecycleEventStatus.Succeeded);
    whenTheDeploymentRuns();

    EngineHarness next =
        new EngineHarness(
            DeploymentSettings.builder("d-SECOND001", BLUE, GREEN)
                .externalId("uid-2")
                .testListener(true)
                .build(),
            world);
    next.runToEnd();

    assertThat(next.state.status()).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(next.state.originalTargetGroup()).isEqualTo(GREEN);
    assertThat(next.state.replacementTargetGroup()).isEqualTo(BLUE);
    assertThat(world.production.percentOf(BLUE)).isEqualTo(100);
  }
}
