package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.CodeDeployClient;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * Hooks that report the way CodeDeploy hooks do: through PutLifecycleEventHookExecutionStatus, sent
 * by a real CodeDeploy client (boto3) to the operator's endpoint. Also deleting a running
 * deployment.
 */
class HookCallbackE2E extends OperatorE2E {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aHookWrittenForCodeDeployReportsThroughTheOperatorsEndpoint() {
    E2EScenario scenario = E2EScenario.create(client, "codedeploy-hook");
    scenario.group("web", spec -> {});
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(
            hooks -> {
              hooks.afterInstall = DemoWorld.HOOK_CALLS_BACK;
              hooks.afterAllowTraffic = DemoWorld.HOOK_CALLS_BACK;
            }),
        spec -> {});

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> DemoWorld.HOOK_CALLS_BACK.equals(e.hookFunction))
        .extracting(e -> e.status.name())
        .containsExactly("Succeeded", "Succeeded");
  }

  @Test
  void unknownAndReusedExecutionIdsAreRefusedAndChangeNothing() throws Exception {
    E2EScenario scenario = E2EScenario.create(client, "hook-ids");
    scenario.group("web", spec -> {});
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(hooks -> hooks.beforeAllowTraffic = DemoWorld.HOOK_SILENT),
        spec -> {});
    EcsDeployment waiting =
        scenario.awaitDeployment(
            "release-2",
            Duration.ofSeconds(60),
            d ->
                "BeforeAllowTraffic".equals(d.getStatus().currentEvent)
                    && pendingExecution(d) != null);
    String deploymentId = waiting.getStatus().deploymentId;
    String executionId = pendingExecution(waiting);
    CodeDeployClient codeDeploy = new CodeDeployClient(operator.hookEndpoint());

    assertThat(codeDeploy.report(deploymentId, "guessed-id", "Succeeded"))
        .isEqualTo("InvalidLifecycleEventHookExecutionIdException");
    assertThat(codeDeploy.report("d-NOTHERE00", executionId, "Succeeded"))
        .isEqualTo("DeploymentDoesNotExistException");
    assertThat(scenario.get("release-2").getStatus().currentEvent).isEqualTo("BeforeAllowTraffic");

    assertThat(codeDeploy.report(deploymentId, executionId, "Succeeded")).isEqualTo("OK");
    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(codeDeploy.report(deploymentId, executionId, "Failed"))
        .isEqualTo("LifecycleEventAlreadyCompletedException");
    assertThat(scenario.get("release-2").getStatus().status).isEqualTo(DeploymentStatus.Succeeded);
  }

  @Test
  void deletingARunningDeploymentRollsItBackBeforeItGoes() {
    E2EScenario scenario = E2EScenario.create(client, "delete-running");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitStatus("release-2", DeploymentStatus.Ready);
    assertThat(scenario.world.taskSets()).hasSize(2);

    client.resource(scenario.get("release-2")).inNamespace(scenario.namespace).delete();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> scenario.get("release-2") == null);

    DemoWorld world = scenario.world;
    assertThat(world.taskSets())
        .extracting(TaskSet::taskSetArn)
        .containsExactly(world.initialTaskSet);
    assertThat(world.percentTo(world.testListener, world.blue)).isEqualTo(100);
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
  }

  /** The execution id the deployment waits on, as the operator stored it. */
  private static String pendingExecution(EcsDeployment deployment) {
    try {
      JsonNode record = JSON.readTree(deployment.getStatus().runRecord);
      JsonNode execution = record.path("state").path("hookExecution").path("executionId");
      return execution.isTextual() ? execution.asText() : null;
    } catch (Exception e) {
      return null;
    }
  }
}
