package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.ContinueOperation;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * The operator as its own process, started from the jar with the image's {@code main}: it deploys,
 * and a SIGKILL in the middle of a deployment costs nothing but time, since the next process goes
 * on from what the deployment's status and run record say.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class OperatorProcessE2E {
  static KubernetesClient client;

  private String testName;
  private OperatorProcess operator;

  @BeforeAll
  static void emptyWorld(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
  }

  @BeforeEach
  void name(TestInfo test) {
    testName = test.getTestMethod().map(Method::getName).orElse("operator");
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  @AfterAll
  static void deleteResources() {
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
  }

  @Test
  void anOperatorProcessCompletesADeployment() {
    operator = OperatorProcess.start(testName);
    report("start to ready", operator.startToReady());
    DemoWorld.createHookFunctions(operator.hookEndpoint());
    E2EScenario scenario = E2EScenario.create(client, "process");
    scenario.group("web", spec -> {});
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(
            hooks -> {
              hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
              hooks.afterAllowTestTraffic = DemoWorld.HOOK_CALLS_BACK;
            }),
        spec -> {});

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> e.hookFunction != null)
        .extracting(e -> e.lifecycleEventName + "=" + e.status)
        .containsExactly("BeforeInstall=Succeeded", "AfterAllowTestTraffic=Succeeded");
    assertThat(scenario.world.taskSets())
        .extracting(TaskSet::externalId)
        .containsExactly(done.getMetadata().getUid());
    String deploymentId = done.getStatus().deploymentId;
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(operator.log())
                    .as("the process's log %s", operator.logFile())
                    .contains(deploymentId));
    assertThat(operator.isAlive()).isTrue();

    int exitCode = operator.stop();
    assertThat(exitCode).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
    assertThat(operator.log()).as("SIGTERM closes the operator").contains("is shutting down");
  }

  @Test
  void killedWithSigkillMidDeploymentItResumesWithOneReplacement() {
    operator = OperatorProcess.start(testName);
    report("start to ready", operator.startToReady());
    DemoWorld.createHookFunctions(operator.hookEndpoint());
    E2EScenario scenario = E2EScenario.create(client, "sigkill");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    EcsDeployment ready = scenario.awaitStatus("release-2", DeploymentStatus.Ready);

    long killedPid = operator.pid();
    Path killedLog = operator.logFile();
    Instant killed = Instant.now();
    int exitCode = operator.kill();
    assertThat(exitCode).as("exit code of a process ended by SIGKILL (128 + 9)").isEqualTo(137);
    assertThat(operator.isAlive()).isFalse();
    assertThat(ProcessHandle.of(killedPid).filter(ProcessHandle::isAlive)).isEmpty();

    scenario.edit(
        ready.getMetadata().getName(),
        d -> {
          d.getSpec().operations = new Operations();
          d.getSpec().operations.continueDeployment = new ContinueOperation();
          d.getSpec().operations.continueDeployment.readyWait = true;
          return d;
        });
    operator.restart();
    report("restart to ready", operator.startToReady());
    assertThat(operator.pid()).isNotEqualTo(killedPid);
    assertThat(operator.logFile()).isNotEqualTo(killedLog);

    scenario.awaitDeployment(
        "release-2", Duration.ofSeconds(120), d -> d.getStatus().status != DeploymentStatus.Ready);
    report("SIGKILL to the deployment moving again", Duration.between(killed, Instant.now()));

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(done.getStatus().deploymentId).isEqualTo(ready.getStatus().deploymentId);
    assertThat(scenario.world.taskSets())
        .extracting(TaskSet::externalId)
        .containsExactly(done.getMetadata().getUid());
    assertThat(killedLog)
        .as("the killed process's log")
        .content()
        .contains(ready.getStatus().deploymentId)
        .as("no shutdown after SIGKILL")
        .doesNotContain("is shutting down");
    assertThat(operator.log())
        .as("the new process's log, a file of its own")
        .contains("ecs-deploy-operator started", "hooks on :" + portOf(operator.hookEndpoint()));
  }

  @Test
  void withLeaderElectionItHoldsTheLeaseAsItsPodName() {
    String lease = "operator-process-e2e";
    try {
      operator =
          OperatorProcess.builder(testName)
              .leaderElection("process-a")
              .env("ECSDEPLOY_LEASE_NAME", lease)
              .env("ECSDEPLOY_LEASE_DURATION", "7")
              .start();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(client.leases().inNamespace("default").withName(lease).get())
                      .as("Lease default/%s", lease)
                      .isNotNull()
                      .extracting(l -> l.getSpec().getHolderIdentity())
                      .isEqualTo("process-a"));
      Lease held = client.leases().inNamespace("default").withName(lease).get();
      assertThat(held.getSpec().getLeaseDurationSeconds())
          .as("the Lease's duration, from ECSDEPLOY_LEASE_DURATION")
          .isEqualTo(7);
      assertThat(operator.log())
          .contains("controllers run while holding Lease " + lease + " (7 s without renewal");
    } finally {
      client.leases().inNamespace("default").withName(lease).delete();
    }
  }

  private static String portOf(String endpoint) {
    return endpoint.substring(endpoint.lastIndexOf(':') + 1);
  }

  private void report(String what, Duration duration) {
    System.out.printf("OperatorProcessE2E.%s: %s %d ms%n", testName, what, duration.toMillis());
  }
}
