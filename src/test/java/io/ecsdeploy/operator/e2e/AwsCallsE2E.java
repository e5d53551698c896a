package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.ecsdeploy.operator.testsupport.faults.AwsOperation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one deployment costs in AWS calls, counted by the fault proxy between an operator process
 * and the emulators, at the default poll interval of 5 seconds: a zero-wait AllAtOnce deployment
 * with a test listener from creation until the group shows it succeeded, and a canary with one
 * alarm while it waits in its 10-minute canary interval, per minute. Also the status writes the
 * deployment saw. The figures go to {@code target/aws-calls.md}; only the mutating calls are
 * asserted, since they are deterministic: exactly the minimum a deployment needs.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsCallsE2E {
  private static final int POLL_SECONDS = 5;

  /** How long the canary wait is measured: four polls, few enough to stay quick. */
  private static final Duration WINDOW = Duration.ofSeconds(4L * POLL_SECONDS);

  private static KubernetesClient client;
  private static AwsFaultProxy moto;
  private static AwsFaultProxy miniStack;
  private static OperatorProcess operator;
  private static final List<String> REPORT = new ArrayList<>();

  @BeforeAll
  static void start(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    DemoWorld.createAlarm();
    moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
    miniStack = AwsFaultProxy.start(AwsEmulatorsExtension.cloudWatchEndpoint());
    operator =
        OperatorProcess.builder("AwsCallsE2E")
            .env("ECSDEPLOY_AWS_ENDPOINT", moto.endpoint().toString())
            .env("ECSDEPLOY_CLOUDWATCH_ENDPOINT", miniStack.endpoint().toString())
            .env("ECSDEPLOY_LAMBDA_ENDPOINT", miniStack.endpoint().toString())
            .env("ECSDEPLOY_POLL_INTERVAL", Integer.toString(POLL_SECONDS))
            .start();
  }

  @AfterAll
  static void report() throws IOException {
    if (operator != null) {
      operator.close();
    }
    if (moto != null) {
      moto.close();
    }
    if (miniStack != null) {
      miniStack.close();
    }
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
    Path out = TestPeers.repoDir().resolve("target/aws-calls.md");
    Files.createDirectories(out.getParent());
    List<String> lines = new ArrayList<>();
    lines.add("## AWS calls per deployment");
    lines.add("");
    lines.add(
        "Measured "
            + Instant.now()
            + " by AwsCallsE2E: one operator process, poll interval "
            + POLL_SECONDS
            + " s, reads shared for 2 s (ECSDEPLOY_READ_CACHE_TTL) and rate limits at AWS's"
            + " rates (the defaults), calls counted by the fault proxy in front of moto and"
            + " MiniStack.");
    lines.add("");
    lines.addAll(REPORT);
    Files.write(out, lines);
    System.out.println(String.join("\n", lines));
  }

  @Test
  @Order(1)
  void aZeroWaitAllAtOnceDeploymentMakesOnlyTheMutatingCallsItNeeds() {
    E2EScenario scenario = E2EScenario.create(client, "calls-all-at-once");
    scenario.group("web", spec -> {});
    awaitGroupQuiet(scenario);
    Map<String, Long> from = counts();
    try (StatusWrites writes = StatusWrites.watch(scenario, "release-2")) {
      Instant started = Instant.now();
      scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
      scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
      Duration took = Duration.between(started, Instant.now());
      awaitGroupShows(scenario, "release-2");
      Map<String, Long> made = since(from);

      REPORT.add("### Zero-wait AllAtOnce deployment with a test listener");
      REPORT.add("");
      REPORT.add(
          "From its creation until its group shows it succeeded ("
              + took.toMillis()
              + " ms): "
              + total(made)
              + " AWS calls, of which "
              + total(mutating(made))
              + " mutating; "
              + writes.count()
              + " writes of the EcsDeployment.");
      REPORT.add("");
      REPORT.addAll(table(made, 1));
      REPORT.add("");

      EcsDeploymentGroup group =
          client
              .resources(EcsDeploymentGroup.class)
              .inNamespace(scenario.namespace)
              .withName("web")
              .get();
      assertThat(group.getStatus().liveTargetGroupArn)
          .as("the group read its live target group again once its deployment ended")
          .isEqualTo(scenario.world.green);
      assertThat(group.getStatus().primaryTaskSetArn)
          .isEqualTo(scenario.world.taskSets().get(0).taskSetArn());
      assertThat(mutating(made))
          .as("mutating calls: the minimum of an AllAtOnce deployment with a test listener")
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "CreateTaskSet", 1L,
                  "ModifyListener", 2L,
                  "UpdateServicePrimaryTaskSet", 1L,
                  "DeleteTaskSet", 1L));
    }
  }

  /** Runs last: the canary keeps waiting, and polling, until the class ends. */
  @Test
  @Order(2)
  void aCanaryWaitingWithOneAlarmReadsLittlePerMinute() {
    E2EScenario scenario = E2EScenario.create(client, "calls-canary");
    TrafficRouting canary = new TrafficRouting();
    canary.type = TrafficRoutingType.TimeBasedCanary;
    canary.timeBasedCanary = new TimeBasedCanary();
    canary.timeBasedCanary.canaryPercentage = 10;
    canary.timeBasedCanary.canaryInterval = "10m";
    scenario.config("slow-canary", canary);
    scenario.group(
        "web",
        spec -> {
          spec.deploymentConfigName = "slow-canary";
          spec.alarmConfiguration = E2EScenario.alarms(DemoWorld.ALARM);
        });
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitDeployment(
        "release-2", Duration.ofSeconds(90), d -> "90/10".equals(d.getStatus().trafficSplit));

    // The window runs from just after one alarm read to just after the first one at least WINDOW
    // later: whole polls of the deployment.
    long seen = alarmReads();
    await().atMost(Duration.ofSeconds(30)).until(() -> alarmReads() > seen);
    Map<String, Long> from = counts();
    Instant windowStart = Instant.now();
    try (StatusWrites writes = StatusWrites.watch(scenario, "release-2")) {
      long[] readsAtWindowEnd = {-1};
      await()
          .atMost(WINDOW.plusSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (Duration.between(windowStart, Instant.now()).compareTo(WINDOW) < 0) {
                  return false;
                }
                if (readsAtWindowEnd[0] < 0) {
                  readsAtWindowEnd[0] = alarmReads();
                }
                return alarmReads() > readsAtWindowEnd[0];
              });
      Duration window = Duration.between(windowStart, Instant.now());
      Map<String, Long> made = since(from);
      double perMinute = 60_000.0 / window.toMillis();

      REPORT.add("### Canary with one alarm, waiting in its 10-minute canary interval");
      REPORT.add("");
      REPORT.add(
          String.format(
              "Over %.1f s: %d AWS calls, %.0f per deployment-minute, none mutating;"
                  + " %d writes of the EcsDeployment (%.0f per minute).",
              window.toMillis() / 1000.0,
              total(made),
              total(made) * perMinute,
              writes.count(),
              writes.count() * perMinute));
      REPORT.add("");
      REPORT.addAll(table(made, perMinute));
      REPORT.add("");

      assertThat(mutating(made)).as("mutating calls while waiting").isEmpty();
      assertThat(made.getOrDefault("ELBv2:DescribeListeners", 0L))
          .as(
              "the production and test listeners of one load balancer are read with one"
                  + " DescribeListeners a poll (one DescribeAlarms a poll)")
          .isLessThanOrEqualTo(made.getOrDefault("CloudWatch:DescribeAlarms", 0L));
      assertThat(writes.count())
          .as("a waiting deployment's status is not rewritten at every poll")
          .isZero();
      assertThat(scenario.get("release-2").getStatus().trafficSplit).isEqualTo("90/10");
    }
  }

  private static long alarmReads() {
    return miniStack.calls("DescribeAlarms");
  }

  /** Calls so far by operation ({@code Service:Name}), through both proxies. */
  private static Map<String, Long> counts() {
    return AwsFaultProxy.callsByOperation(List.of(moto, miniStack));
  }

  private static Map<String, Long> since(Map<String, Long> before) {
    return AwsFaultProxy.callsSince(before, List.of(moto, miniStack));
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The mutating calls by operation name. */
  private static Map<String, Long> mutating(Map<String, Long> made) {
    Map<String, Long> mutating = new TreeMap<>();
    made.forEach(
        (operation, count) -> {
          String name = operation.substring(operation.indexOf(':') + 1);
          if (AwsOperation.MUTATING.contains(name)) {
            mutating.merge(name, count, Long::sum);
          }
        });
    return mutating;
  }

  private static List<String> table(Map<String, Long> byOperation, double scale) {
    List<String> rows = new ArrayList<>();
    rows.add(scale == 1 ? "| operation | calls |" : "| operation | calls | per minute |");
    rows.add(scale == 1 ? "|---|---|" : "|---|---|---|");
    byOperation.forEach(
        (operation, count) ->
            rows.add(
                scale == 1
                    ? "| " + operation + " | " + count + " |"
                    : String.format("| %s | %d | %.1f |", operation, count, count * scale)));
    return rows;
  }

  /**
   * Waits until the group's first reconciles are over: its status shows the primary task set, and
   * no AWS call came between two looks a second apart.
   */
  private static void awaitGroupQuiet(E2EScenario scenario) {
    int[] previous = {-1};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              EcsDeploymentGroup group =
                  client
                      .resources(EcsDeploymentGroup.class)
                      .inNamespace(scenario.namespace)
                      .withName("web")
                      .get();
              int now = (int) total(counts());
              boolean quiet = now == previous[0];
              previous[0] = now;
              return quiet
                  && group.getStatus() != null
                  && group.getStatus().primaryTaskSetArn != null;
            });
  }

  /** Waits until the group's status names the deployment as its last successful one. */
  private static void awaitGroupShows(E2EScenario scenario, String deployment) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              EcsDeploymentGroup group =
                  client
                      .resources(EcsDeploymentGroup.class)
                      .inNamespace(scenario.namespace)
                      .withName("web")
                      .get();
              return group.getStatus() != null
                  && group.getStatus().lastSuccessfulDeployment != null
                  && deployment.equals(group.getStatus().lastSuccessfulDeployment.name)
                  && group.getStatus().currentDeployment == null;
            });
  }

  /** Counts the changes the API server reports of one deployment while it is open. */
  private static final class StatusWrites implements AutoCloseable {
    private final AtomicInteger modified = new AtomicInteger();
    private Watch watch;

    static StatusWrites watch(E2EScenario scenario, String name) {
      StatusWrites writes = new StatusWrites();
      writes.watch =
          client
              .resources(EcsDeployment.class)
              .inNamespace(scenario.namespace)
              .withField("metadata.name", name)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, EcsDeployment resource) {
                      if (action == Action.MODIFIED) {
                        writes.modified.incrementAndGet();
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });
      return writes;
    }

    int count() {
      return modified.get();
    }

    @Override
    public void close() {
      watch.close();
    }
  }
}
