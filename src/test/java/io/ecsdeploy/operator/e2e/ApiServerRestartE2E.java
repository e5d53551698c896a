package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.ContinueOperation;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.e2e.KubernetesFaults.CallMark;
import io.ecsdeploy.operator.e2e.KubernetesFaults.Outcome;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.RestartableKubeApiServer;
import io.ecsdeploy.operator.testsupport.TcpProxy;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API server goes away under a running deployment: killed and started again on its own address
 * with etcd keeping the data, or cut off from the operator (every connection closed, new ones
 * refused) while the user continues the deployment. The operator's requests fail meanwhile and its
 * watches drop; once the API server is back it lists and watches again, sees what changed, and the
 * deployment ends as the fault-free run of the same scenario did, with one replacement task set,
 * PRIMARY, and all production traffic on it.
 *
 * <p>The scenario: a group with a test listener and a ready wait that waits for a continue, hooks
 * before the install (the function's answer) and after the production shift (a report through the
 * operator's CodeDeploy endpoint). Its own API server ({@link RestartableKubeApiServer}), which the
 * operator process reaches through a {@link TcpProxy}; AWS calls go through {@link AwsFaultProxy}s,
 * which count them.
 */
@ExtendWith(AwsEmulatorsExtension.class)
class ApiServerRestartE2E {
  /** How long the API server stays down: well past the operator's first failed requests. */
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  /** How long the operator's connections stay refused after they were cut. */
  private static final Duration CUT = Duration.ofSeconds(5);

  private static RestartableKubeApiServer apiServer;
  private static TcpProxy toApiServer;
  private static KubernetesClient client;
  private static AwsFaultProxy moto;
  private static AwsFaultProxy miniStack;
  private static OperatorProcess operator;
  private static Outcome faultFree;

  /** Where both AWS proxies report mutating calls: the current run's listener, if any. */
  private static final AtomicReference<AwsFaultProxy.MutatingCallListener> CURRENT =
      new AtomicReference<>();

  @BeforeAll
  static void start() {
    AwsEmulatorsExtension.reset();
    apiServer = RestartableKubeApiServer.start("api-server-restart");
    client = apiServer.client();
    Crds.install(client);
    toApiServer = TcpProxy.to(apiServer.port());
    moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
    miniStack = AwsFaultProxy.start(AwsEmulatorsExtension.cloudWatchEndpoint());
    AwsFaultProxy.MutatingCallListener toCurrent =
        (k, operation) -> {
          AwsFaultProxy.MutatingCallListener listener = CURRENT.get();
          if (listener != null) {
            listener.onMutatingCall(k, operation);
          }
        };
    moto.onMutatingCall(toCurrent);
    miniStack.onMutatingCall(toCurrent);
    operator =
        OperatorProcess.builder("api-server-restart")
            .kubeconfig(apiServer.adminKubeConfigYaml(toApiServer.port()))
            .env("ECSDEPLOY_AWS_ENDPOINT", moto.endpoint().toString())
            .env("ECSDEPLOY_CLOUDWATCH_ENDPOINT", miniStack.endpoint().toString())
            .env("ECSDEPLOY_LAMBDA_ENDPOINT", miniStack.endpoint().toString())
            .start();
    DemoWorld.createHookFunctions(operator.hookEndpoint());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      E2EScenario.deleteAllResources(client);
    }
    if (toApiServer != null) {
      toApiServer.close();
    }
    if (moto != null) {
      moto.close();
    }
    if (miniStack != null) {
      miniStack.close();
    }
    if (apiServer != null) {
      apiServer.close();
    }
  }

  @Test
  void theApiServerKilledMidDeploymentAndStartedAgainCostsOnlyTime() {
    Outcome expected = faultFree();
    E2EScenario scenario = E2EScenario.create(client, "apiserver-kill");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    CallMark mark = CallMark.of(moto, miniStack);

    // Given a deployment whose replacement task set has just been created in AWS
    AtomicReference<Instant> killedAt = new AtomicReference<>();
    CURRENT.set(
        (k, operation) -> {
          if ("CreateTaskSet".equals(operation) && killedAt.get() == null) {
            // When the API server is SIGKILLed before the operator could record it
            apiServer.killApiServer();
            killedAt.set(Instant.now());
          }
        });
    try {
      scenario.deploy("release-2", "web", revision(scenario), spec -> {});
      await().atMost(Duration.ofSeconds(120)).until(() -> killedAt.get() != null);
    } finally {
      CURRENT.set(null);
    }
    long attempts = toApiServer.connectionsAccepted();
    await()
        .pollDelay(OUTAGE)
        .atMost(OUTAGE.plusSeconds(60))
        .alias("the operator tried to reach the API server while it was down")
        .until(() -> toApiServer.connectionsAccepted() > attempts);
    // And started again on its address, etcd having kept everything
    Duration startup = apiServer.startApiServer();
    Instant back = Instant.now();
    // Then the deployment goes on to its ready wait (its writes may already be done when the test
    // reads: the operator's client retries while the API server starts)
    awaitReady(scenario);
    Duration restartToProgress = Duration.between(back, Instant.now());
    KubernetesFaults.report(
        "API server killed", "API server down", Duration.between(killedAt.get(), back));
    KubernetesFaults.report("API server killed", "API server start to ready", startup);
    KubernetesFaults.report(
        "API server killed",
        "API server back to the deployment at its ready wait",
        restartToProgress);

    // And it sees the user's continue, and ends as without the fault
    EcsDeployment done = continueToTheEnd(scenario);
    List<String> violations =
        KubernetesFaults.check(scenario, done, mark, expected, moto, miniStack);
    KubernetesFaults.row(
        "API server SIGKILLed right after CreateTaskSet, started again (etcd kept)",
        "down " + KubernetesFaults.seconds(Duration.between(killedAt.get(), back)),
        done.getStatus().status.name(),
        "API server back to the ready wait " + KubernetesFaults.seconds(restartToProgress),
        violations);
    assertThat(violations).as("invariant violations").isEmpty();
  }

  @Test
  void watchesCutWhileTheUserContinuesAreWatchedAgainAndTheContinueIsSeen() {
    Outcome expected = faultFree();
    E2EScenario scenario = E2EScenario.create(client, "watch-cut");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    CallMark mark = CallMark.of(moto, miniStack);
    scenario.deploy("release-2", "web", revision(scenario), spec -> {});
    awaitReady(scenario);

    // Given the operator's connections to the API server cut, its watches with them
    long cutBefore = toApiServer.connectionsCut();
    toApiServer.cutAndRefuse();
    Instant cut = Instant.now();
    long refused = toApiServer.connectionsRefused();
    try {
      // When the user continues the deployment while the operator cannot watch
      scenario.edit("release-2", ApiServerRestartE2E::continueReadyWait);
      await()
          .pollDelay(CUT)
          .atMost(CUT.plusSeconds(60))
          .alias("the operator tried to connect again while refused")
          .until(() -> toApiServer.connectionsRefused() > refused);
    } finally {
      toApiServer.accept();
    }
    Instant back = Instant.now();
    long connectionsCut = toApiServer.connectionsCut() - cutBefore;

    // Then it watches again, sees the continue, and the deployment ends as without the fault
    scenario.awaitDeployment(
        "release-2", Duration.ofSeconds(120), d -> d.getStatus().status != DeploymentStatus.Ready);
    Duration reconnectToProgress = Duration.between(back, Instant.now());
    KubernetesFaults.report(
        "watches cut",
        "connections cut: " + connectionsCut + ", refused for",
        Duration.between(cut, back));
    KubernetesFaults.report("watches cut", "connections back to progress", reconnectToProgress);
    EcsDeployment done =
        scenario.awaitDeployment(
            "release-2", Duration.ofSeconds(120), d -> d.getStatus().status.isTerminal());
    List<String> violations =
        KubernetesFaults.check(scenario, done, mark, expected, moto, miniStack);
    KubernetesFaults.row(
        "operator's connections to the API server cut (watches dropped) at the ready wait; the"
            + " continue made meanwhile",
        connectionsCut
            + " connections cut, refused "
            + KubernetesFaults.seconds(Duration.between(cut, back)),
        done.getStatus().status.name(),
        "connections back to progress " + KubernetesFaults.seconds(reconnectToProgress),
        violations);
    assertThat(connectionsCut).as("connections the cut closed").isPositive();
    assertThat(violations).as("invariant violations").isEmpty();
  }

  /** The scenario without a fault, run once for the class. */
  private static synchronized Outcome faultFree() {
    if (faultFree == null) {
      E2EScenario scenario = E2EScenario.create(client, "apiserver-fault-free");
      scenario.group(
          "web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
      CallMark mark = CallMark.of(moto, miniStack);
      scenario.deploy("release-2", "web", revision(scenario), spec -> {});
      EcsDeployment done = continueToTheEnd(scenario);
      faultFree = Outcome.of(done, mark.performedSince(moto, miniStack));
      List<String> violations =
          KubernetesFaults.atRest(
              scenario.world,
              moto,
              done.getMetadata().getUid(),
              "the replacement",
              t -> done.getMetadata().getUid().equals(t.externalId()),
              scenario.world.green);
      KubernetesFaults.row(
          "fault-free run of the API server scenarios",
          "none",
          done.getStatus().status.name(),
          "-",
          violations);
      assertThat(done.getStatus().status).isEqualTo(DeploymentStatus.Succeeded);
      assertThat(violations).as("fault-free run").isEmpty();
    }
    return faultFree;
  }

  private static Revision revision(E2EScenario scenario) {
    return scenario.revision(
        hooks -> {
          hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
          hooks.afterAllowTraffic = DemoWorld.HOOK_CALLS_BACK;
        });
  }

  /** Waits for the ready wait, continues, and waits for the end. */
  private static EcsDeployment continueToTheEnd(E2EScenario scenario) {
    awaitReady(scenario);
    scenario.edit("release-2", ApiServerRestartE2E::continueReadyWait);
    return scenario.awaitDeployment(
        "release-2", Duration.ofSeconds(120), d -> d.getStatus().status.isTerminal());
  }

  /** Waits for the ready wait; if the deployment never gets there, says where the operator is. */
  private static void awaitReady(E2EScenario scenario) {
    try {
      scenario.awaitStatus("release-2", DeploymentStatus.Ready);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "the deployment did not reach its ready wait: "
              + scenario.get("release-2").getStatus().status
              + "; the operator's threads:\n"
              + operator.threadDump(),
          e);
    }
  }

  private static EcsDeployment continueReadyWait(EcsDeployment deployment) {
    deployment.getSpec().operations = new Operations();
    deployment.getSpec().operations.continueDeployment = new ContinueOperation();
    deployment.getSpec().operations.continueDeployment.readyWait = true;
    return deployment;
  }
}
