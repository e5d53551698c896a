package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * The kill sweep: an all-at-once deployment with a test listener and five hooks is run once without
 * faults, counting its mutating AWS calls; then once per call, with the operator process SIGKILLed
 * right after that call has been answered, and started again. Every run must end as the fault-free
 * one did, with exactly one replacement task set ever created (the one with the deployment's UID),
 * no other task set left, the replacement PRIMARY and taking all production traffic, and every hook
 * Succeeded once. The table of runs is written to {@code target/reliability/kill-sweep.md}.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class KillSweepE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubernetesClient client;
  private static AwsFaultProxy moto;
  private static AwsFaultProxy miniStack;
  private static final List<String> TABLE = new ArrayList<>();

  /** Where both proxies report mutating calls: the current run's listener. */
  private static final AtomicReference<AwsFaultProxy.MutatingCallListener> CURRENT =
      new AtomicReference<>();

  @BeforeAll
  static void emptyWorld(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
    // MiniStack serves CloudWatch and Lambda: the hooks' Invoke calls go through this one.
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
  }

  @AfterAll
  static void report() throws IOException {
    if (moto != null) {
      moto.close();
    }
    if (miniStack != null) {
      miniStack.close();
    }
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
    Path out = TestPeers.repoDir().resolve("target/reliability/kill-sweep.md");
    Files.createDirectories(out.getParent());
    List<String> lines = new ArrayList<>();
    lines.add("# Kill sweep (bounded, `make test`): " + Instant.now());
    lines.add("");
    lines.add(
        "Scenario: AllAtOnce, test listener, five hooks. The operator process is SIGKILLed right"
            + " after the k-th mutating AWS call was answered, then started again.");
    lines.add("");
    lines.add(
        "| k | killed after | outcome | task sets created | kill to ready again | invariant violations |");
    lines.add("|---|---|---|---|---|---|");
    lines.addAll(TABLE);
    Files.write(out, lines);
  }

  @Test
  void aSigkillAfterAnyMutatingCallChangesNothingButTime() throws Exception {
    // Given the fault-free run and its mutating calls, in order
    List<String> calls = new ArrayList<>();
    try (OperatorProcess operator = start("kill-sweep-baseline")) {
      AtomicInteger ignored = new AtomicInteger();
      Run baseline = run("sweep-0", operator, 0, ignored, calls);
      assertThat(baseline.deployment().getStatus().status).isEqualTo(DeploymentStatus.Succeeded);
      TABLE.add(row(0, "-", baseline));
      assertThat(baseline.violations()).as("fault-free run").isEmpty();
    }
    assertThat(calls)
        .as("the mutating calls of one deployment")
        .contains("CreateTaskSet", "ModifyListener", "Invoke", "UpdateServicePrimaryTaskSet");

    // When the operator is killed after each of them in turn, Then nothing but time is lost
    List<String> violations = new ArrayList<>();
    for (int k = 1; k <= calls.size(); k++) {
      try (OperatorProcess operator = start("kill-sweep-" + k)) {
        AtomicInteger killAt = new AtomicInteger(k);
        Run run = run("sweep-" + k, operator, k, killAt, new ArrayList<>());
        TABLE.add(row(k, calls.get(k - 1), run));
        String at = "k=" + k + " (" + calls.get(k - 1) + "): ";
        run.violations().forEach(v -> violations.add(at + v));
      }
    }
    assertThat(violations).as("invariant violations across the sweep").isEmpty();
  }

  /** One deployment, killing the operator after the {@code killAt}-th mutating call (0: never). */
  private Run run(
      String name,
      OperatorProcess operator,
      int killAt,
      AtomicInteger target,
      List<String> callLog) {
    E2EScenario scenario = E2EScenario.create(client, name);
    scenario.group("web", spec -> {});
    AtomicInteger mutating = new AtomicInteger();
    AtomicReference<Instant> killedAt = new AtomicReference<>();
    CompletableFuture<Void> killed = new CompletableFuture<>();
    AwsFaultProxy.MutatingCallListener listener =
        (k, operation) -> {
          int n = mutating.incrementAndGet();
          callLog.add(operation);
          if (killAt > 0 && n == target.get() && killedAt.get() == null) {
            killedAt.set(Instant.now());
            operator.kill();
            killed.complete(null);
          }
        };
    CURRENT.set(listener);
    try {
      scenario.deploy(
          "release-2",
          "web",
          scenario.revision(
              hooks -> {
                hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
                hooks.afterInstall = DemoWorld.HOOK_SUCCEEDS;
                hooks.afterAllowTestTraffic = DemoWorld.HOOK_CALLS_BACK;
                hooks.beforeAllowTraffic = DemoWorld.HOOK_SUCCEEDS;
                hooks.afterAllowTraffic = DemoWorld.HOOK_SUCCEEDS;
              }),
          spec -> {});
      Duration recovered = Duration.ZERO;
      if (killAt > 0) {
        await().atMost(Duration.ofSeconds(120)).until(killed::isDone);
        operator.restart();
        recovered = Duration.between(killedAt.get(), Instant.now());
      }
      EcsDeployment done =
          scenario.awaitDeployment(
              "release-2", Duration.ofSeconds(180), d -> d.getStatus().status.isTerminal());
      return new Run(done, recovered, check(scenario, done));
    } finally {
      CURRENT.set(null);
    }
  }

  /** The invariants, as violations; empty when all hold. */
  private List<String> check(E2EScenario scenario, EcsDeployment done) {
    List<String> violations = new ArrayList<>();
    String uid = done.getMetadata().getUid();
    DemoWorld world = scenario.world;
    if (done.getStatus().status != DeploymentStatus.Succeeded) {
      violations.add(
          "ended "
              + done.getStatus().status
              + (done.getStatus().errorInformation == null
                  ? ""
                  : " " + done.getStatus().errorInformation.code));
    }
    long created =
        moto.mutatingCalls().stream()
            .filter(c -> c.performed() && uid.equals(c.externalId()))
            .filter(c -> "CreateTaskSet".equals(c.operation().name()))
            .count();
    if (created != 1) {
      violations.add(created + " CreateTaskSet calls performed for the deployment");
    }
    List<TaskSet> taskSets = world.taskSets();
    if (taskSets.size() != 1
        || !uid.equals(taskSets.get(0).externalId())
        || !"PRIMARY".equals(taskSets.get(0).status())) {
      violations.add(
          "task sets at rest: "
              + taskSets.stream().map(t -> t.externalId() + "/" + t.status()).toList());
    }
    int production = world.percentTo(world.productionListener, world.green);
    if (production != 100) {
      violations.add("production sends " + production + "% to the replacement");
    }
    for (LifecycleEventInfo event : done.getStatus().lifecycleEvents) {
      if (event.hookFunction != null && event.status != LifecycleEventStatus.Succeeded) {
        violations.add(event.lifecycleEventName + " " + event.status);
      }
    }
    Map<String, String> annotations = done.getMetadata().getAnnotations();
    String reports = annotations == null ? null : annotations.get("ecsdeploy.io/hook-reports");
    if (reports != null) {
      try {
        JsonNode recorded = JSON.readTree(reports);
        recorded
            .fields()
            .forEachRemaining(
                report -> {
                  if (!"Succeeded".equals(report.getValue().asText())) {
                    violations.add("hook report " + report.getValue().asText());
                  }
                });
      } catch (IOException e) {
        violations.add("unreadable hook reports: " + reports);
      }
    }
    return violations;
  }

  private static OperatorProcess start(String name) {
    OperatorProcess operator =
        OperatorProcess.builder(name)
            .env("ECSDEPLOY_AWS_ENDPOINT", moto.endpoint().toString())
            .env("ECSDEPLOY_CLOUDWATCH_ENDPOINT", miniStack.endpoint().toString())
            .env("ECSDEPLOY_LAMBDA_ENDPOINT", miniStack.endpoint().toString())
            .start();
    DemoWorld.createHookFunctions(operator.hookEndpoint());
    return operator;
  }

  private static String row(int k, String call, Run run) {
    return "| "
        + k
        + " | "
        + call
        + " | "
        + run.deployment().getStatus().status
        + " | "
        + (run.violations().stream().anyMatch(v -> v.contains("CreateTaskSet")) ? "≠ 1" : "1")
        + " | "
        + (run.recovered().isZero()
            ? "-"
            : String.format("%.1f s", run.recovered().toMillis() / 1000.0))
        + " | "
        + (run.violations().isEmpty() ? "none" : String.join("; ", run.violations()))
        + " |";
  }

  private record Run(EcsDeployment deployment, Duration recovered, List<String> violations) {}
}
