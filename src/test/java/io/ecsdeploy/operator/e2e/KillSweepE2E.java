package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy.MutatingCall;
import io.ecsdeploy.operator.testsupport.faults.FaultRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The kill sweep. Each {@link SweepScenario} runs in its own namespace, service and load balancer,
 * all at once under one operator process, behind the AWS fault proxies:
 *
 * <ol>
 *   <li>once without faults, which gives each scenario's outcome and its distinct mutating calls;
 *   <li>then once per call index k: the operator is SIGKILLed right after each scenario's k-th
 *       distinct mutating call has been answered (so up to one kill per scenario in a run), and
 *       started again at once;
 *   <li>then once per wait index j: killed half-way through each scenario's j-th wait.
 * </ol>
 *
 * <p>A run deploys only the scenarios that have the call or wait it kills in. After every run,
 * {@link DeploymentInvariants} checks each deployment against its fault-free run. The table goes to
 * {@code target/reliability/kill-sweep.md}. {@code make test} runs the bounded matrix (the six
 * scenarios of {@link SweepScenario#BOUNDED}, every call and wait index, once); {@code make
 * reliability} sets {@code ecsdeploy.reliability.repetitions} and adds the hook-timeout scenario.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class KillSweepE2E {
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(4);

  private static KubernetesClient client;
  private static AwsFaultProxy moto;
  private static AwsFaultProxy miniStack;
  private static final AtomicReference<Run> CURRENT = new AtomicReference<>();
  private static final List<String> ROWS = new ArrayList<>();
  private static final Map<SweepScenario, Totals> TOTALS = new LinkedHashMap<>();

  @BeforeAll
  static void emptyWorld(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
    // MiniStack serves CloudWatch and Lambda: the hooks' Invoke calls go through this one.
    miniStack = AwsFaultProxy.start(AwsEmulatorsExtension.cloudWatchEndpoint());
    AwsFaultProxy.PerformedCallListener toCurrent =
        call -> {
          Run run = CURRENT.get();
          if (run != null) {
            run.onPerformed(call);
          }
        };
    moto.onPerformed(toCurrent);
    miniStack.onPerformed(toCurrent);
    DemoWorld.createAlarm();
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
    lines.add("## Kill sweep");
    lines.add("");
    lines.add(
        "Measured "
            + Instant.now()
            + " with "
            + (repetitions() > 1 ? "`make reliability`" : "`make test`")
            + ": scenarios "
            + scenarios().stream().map(SweepScenario::slug).collect(Collectors.joining(", "))
            + ", all at once under one operator process; "
            + repetitions()
            + " repetition(s) of every call and wait index.");
    lines.add("");
    lines.add(
        "| scenario | runs | kills | deployments completed | repeated AWS calls | repeated SNS"
            + " messages | waits: configured → longest actual | invariant violations |");
    lines.add("|---|---|---|---|---|---|---|---|");
    TOTALS.forEach((scenario, totals) -> lines.add(totals.row(scenario)));
    lines.add("");
    lines.add("### Every run");
    lines.add("");
    lines.add(
        "| run | scenario | killed after | outcome | task sets created | waits (configured →"
            + " actual) | kill → ready again | violations |");
    lines.add("|---|---|---|---|---|---|---|---|");
    lines.addAll(ROWS);
    Files.write(out, lines);
  }

  @Test
  void aSigkillAfterAnyMutatingCallOrInAnyWaitChangesNothingButTime() throws Exception {
    List<String> violations = new ArrayList<>();
    try (KillSwitch killSwitch = new KillSwitch(start("kill-sweep"))) {
      // Given the fault-free run of every scenario
      Map<SweepScenario, Baseline> baselines = new LinkedHashMap<>();
      Run baseline = new Run("fault-free", killSwitch, Plan.none(), scenarios());
      for (Result result : baseline.execute()) {
        violations.addAll(result.violations("fault-free"));
        baselines.put(
            result.scenario(),
            new Baseline(
                result.report().outcome(),
                result.tracked().distinctChanges().stream().map(c -> c.operation().name()).toList(),
                result.scenario().killWaits(result.tracked().world()).size()));
      }
      assertThat(violations).as("the fault-free run keeps every invariant").isEmpty();
      assertThat(baselines.get(SweepScenario.ALL_AT_ONCE).calls())
          .contains("CreateTaskSet", "ModifyListener", "Invoke", "UpdateServicePrimaryTaskSet");

      int calls = baselines.values().stream().mapToInt(b -> b.calls().size()).max().orElse(0);
      int waits = baselines.values().stream().mapToInt(Baseline::killWaits).max().orElse(0);
      for (int repetition = 1; repetition <= repetitions(); repetition++) {
        // When the operator is killed after each scenario's k-th call, then in each wait
        for (int k = 1; k <= calls; k++) {
          String label = "k=" + k + (repetitions() > 1 ? " #" + repetition : "");
          int index = k;
          List<SweepScenario> withCall =
              scenarios().stream().filter(s -> baselines.get(s).calls().size() >= index).toList();
          Run run = new Run(label, killSwitch, Plan.afterChange(k), withCall);
          for (Result result : run.execute(baselines)) {
            violations.addAll(result.violations(label));
          }
        }
        for (int j = 1; j <= waits; j++) {
          String label = "wait " + j + (repetitions() > 1 ? " #" + repetition : "");
          int index = j;
          List<SweepScenario> withWait =
              scenarios().stream().filter(s -> baselines.get(s).killWaits() >= index).toList();
          Run run = new Run(label, killSwitch, Plan.inWait(j), withWait);
          for (Result result : run.execute(baselines)) {
            violations.addAll(result.violations(label));
          }
        }
      }
    }
    // Then nothing but time is lost
    assertThat(violations).as("invariant violations across the sweep").isEmpty();
  }

  /**
   * A kill right after the call that begins a canary's interval (20 s, longer than the restart), on
   * a day when reading AWS is slow: the restarted operator finds the canary's weights in effect and
   * counts the interval from when the change was handed out. That is when the change was saved,
   * just before its call; not when the step began, before the step's slow reads, which would cut
   * the interval short by as much.
   */
  @Test
  void aWaitBegunRightBeforeAKillIsNotCutShortBySlowReadsBeforeIt() throws Exception {
    List<String> violations = new ArrayList<>();
    moto.inject(FaultRule.on("DescribeServices").latency(Duration.ofMillis(1500)));
    // The canary's weight change is made, but its reply is held until the kill: the operator cannot
    // have saved its outcome, and its successor finds the change in effect.
    moto.inject(
        FaultRule.on("ModifyListener")
            .withParameters(
                parameters ->
                    parameters.entrySet().stream()
                        .anyMatch(p -> p.getKey().endsWith(".Weight") && p.getValue().equals("20")))
            .times(1)
            .lostReply(Duration.ofSeconds(30)));
    try (KillSwitch killSwitch = new KillSwitch(start("slow-reads"))) {
      Run run =
          new Run(
              "slow reads, killed as the canary interval begins",
              killSwitch,
              Plan.atStartOfWait(1),
              List.of(SweepScenario.LONG_CANARY));
      for (Result result : run.execute()) {
        violations.addAll(result.violations(run.label));
        assertThat(result.kills()).as("the operator was killed as the interval began").hasSize(1);
      }
    } finally {
      moto.clearFaults();
    }
    assertThat(violations).as("invariant violations").isEmpty();
  }

  /** The scenarios to run: the bounded six, and in the full matrix the slow ones too. */
  static List<SweepScenario> scenarios() {
    return repetitions() > 1 ? SweepScenario.FULL : SweepScenario.BOUNDED;
  }

  /** 1 in {@code make test}; {@code make reliability} sets more. */
  static int repetitions() {
    return Integer.getInteger("ecsdeploy.reliability.repetitions", 1);
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

  /** Where a run kills the operator. */
  interface Plan {
    /**
     * Called at each distinct mutating call of a deployment ({@code index} 1-based), on the proxy's
     * thread.
     */
    void afterChange(Run run, TrackedDeployment tracked, int index, MutatingCall call);

    static Plan none() {
      return (run, tracked, index, call) -> {};
    }

    static Plan afterChange(int k) {
      return (run, tracked, index, call) -> {
        if (index == k) {
          run.killSwitch.kill(tracked.label + " #" + k + " " + call.operation().name());
        }
      };
    }

    /** Kills right after the call that begins each scenario's {@code j}-th wait. */
    static Plan atStartOfWait(int j) {
      return (run, tracked, index, call) -> {
        List<DeploymentInvariants.Wait> waits = tracked.kind.killWaits(tracked.world());
        if (waits.size() >= j && waits.get(j - 1).begins().test(call)) {
          run.killSwitch.kill(tracked.label + " as " + waits.get(j - 1).name() + " began");
        }
      };
    }

    static Plan inWait(int j) {
      return (run, tracked, index, call) -> {
        List<DeploymentInvariants.Wait> waits = tracked.kind.killWaits(tracked.world());
        if (waits.size() >= j && waits.get(j - 1).begins().test(call)) {
          Duration length = waits.get(j - 1).length();
          Duration half = length.dividedBy(2);
          Duration delay = half.compareTo(Duration.ofSeconds(3)) > 0 ? Duration.ofSeconds(3) : half;
          run.killSwitch.killAfter(
              delay,
              tracked.label + " in " + waits.get(j - 1).name() + " (+" + delay.toMillis() + " ms)");
        }
      };
    }
  }

  private record Baseline(
      DeploymentInvariants.Outcome outcome, List<String> calls, int killWaits) {}

  private record Result(
      SweepScenario scenario,
      TrackedDeployment tracked,
      DeploymentInvariants.Report report,
      List<DeploymentInvariants.Kill> kills) {
    List<String> violations(String run) {
      return report.violations().stream().map(v -> run + " " + scenario.slug() + ": " + v).toList();
    }
  }

  /** One run: every scenario deployed at once, the plan's kills, the checks. */
  static final class Run {
    final String label;
    final KillSwitch killSwitch;
    final Plan plan;
    final List<SweepScenario> kinds;
    final List<TrackedDeployment> tracked = new ArrayList<>();

    /** A run of {@code kinds}: the scenarios that have a call or wait where the plan kills. */
    Run(String label, KillSwitch killSwitch, Plan plan, List<SweepScenario> kinds) {
      this.label = label;
      this.killSwitch = killSwitch;
      this.plan = plan;
      this.kinds = kinds;
    }

    void onPerformed(MutatingCall call) {
      for (TrackedDeployment deployment : tracked) {
        if (deployment.owns(call)) {
          int index = deployment.record(call);
          deployment.sampleRoute(call.operation().name());
          deployment.kind.onCall(deployment, call);
          if (index > 0) {
            plan.afterChange(this, deployment, index, call);
          }
          return;
        }
      }
    }

    List<Result> execute() {
      return execute(Map.of());
    }

    List<Result> execute(Map<SweepScenario, Baseline> baselines) {
      DemoWorld.setAlarm(StateValue.OK);
      for (SweepScenario kind : kinds) {
        E2EScenario scenario = E2EScenario.create(client, kind.slug());
        kind.configs(scenario);
        scenario.groupWithoutWaiting("web", SweepScenario.groupOf(kind, scenario));
        tracked.add(new TrackedDeployment(kind, kind.slug(), scenario, "release-2"));
      }
      CURRENT.set(this);
      try {
        for (TrackedDeployment deployment : tracked) {
          deployment.scenario.deploy(
              deployment.name,
              "web",
              deployment.scenario.revision(deployment.kind::hooks),
              spec -> {});
        }
        await()
            .atMost(RUN_DEADLINE)
            .pollInterval(Duration.ofMillis(300))
            .until(
                () -> {
                  boolean allEnded = true;
                  for (TrackedDeployment deployment : tracked) {
                    EcsDeployment now = deployment.get();
                    deployment.observe(now);
                    if (!DeploymentInvariants.settled(now)) {
                      allEnded = false;
                      if (now.getStatus() != null && now.getStatus().status != null) {
                        deployment.kind.drive(deployment, now);
                      }
                    }
                  }
                  return allEnded;
                });
        killSwitch.awaitRunning(Duration.ofMinutes(1));
      } finally {
        CURRENT.set(null);
      }
      List<DeploymentInvariants.Kill> kills = killSwitch.drainKills();
      List<MutatingCall> ecsCalls = moto.mutatingCalls();
      List<Result> results = new ArrayList<>();
      for (TrackedDeployment deployment : tracked) {
        SweepScenario kind = deployment.kind;
        Baseline baseline = baselines.get(kind);
        DeploymentInvariants.Report report =
            DeploymentInvariants.check(
                deployment,
                baseline == null ? null : baseline.outcome(),
                kind.waits(deployment.world()),
                kills,
                ecsCalls);
        List<DeploymentInvariants.Kill> own =
            kills.stream().filter(k -> k.after().startsWith(deployment.label + " ")).toList();
        Result result = new Result(kind, deployment, report, own);
        results.add(result);
        ROWS.add(row(label, result));
        TOTALS.computeIfAbsent(kind, k -> new Totals()).add(result);
      }
      for (Result result : results) {
        System.out.println("[kill-sweep] " + row(label, result));
      }
      return results;
    }
  }

  private static String row(String run, Result result) {
    DeploymentInvariants.Report report = result.report();
    return "| "
        + run
        + " | "
        + result.scenario().slug()
        + " | "
        + (result.kills().isEmpty()
            ? "-"
            : result.kills().stream()
                .map(k -> k.after().substring(result.tracked().label.length() + 1))
                .collect(Collectors.joining(", ")))
        + " | "
        + report.outcome().status()
        + (report.outcome().errorCode() == null ? "" : " " + report.outcome().errorCode())
        + " | "
        + report.tasksSetsCreated()
        + " | "
        + (report.waits().isEmpty()
            ? "-"
            : report.waits().stream()
                .map(
                    w ->
                        w.name()
                            + " "
                            + DeploymentInvariants.seconds(w.configured())
                            + " → "
                            + DeploymentInvariants.seconds(w.actual())
                            + (w.afterRecordedEnd() == null
                                ? ""
                                : " (+" + DeploymentInvariants.seconds(w.afterRecordedEnd()) + ")"))
                .collect(Collectors.joining("; ")))
        + " | "
        + (result.kills().isEmpty()
            ? "-"
            : result.kills().stream()
                .map(
                    k ->
                        k.readyAgainAt() == null
                            ? "not started"
                            : DeploymentInvariants.seconds(
                                Duration.between(k.killedAt(), k.readyAgainAt())))
                .collect(Collectors.joining(", ")))
        + " | "
        + (report.violations().isEmpty() ? "none" : String.join("; ", report.violations()))
        + " |";
  }

  /** A scenario's figures over all runs. */
  private static final class Totals {
    int runs;
    int kills;
    int completed;
    int repeatedCalls;
    int repeatedNotifications;
    int violations;
    final Map<String, Duration> longestWait = new LinkedHashMap<>();
    final Map<String, Duration> configured = new LinkedHashMap<>();

    void add(Result result) {
      runs++;
      kills += result.kills().size();
      if (result.tracked().get().getStatus().status.isTerminal()) {
        completed++;
      }
      repeatedCalls += result.report().repeatedCalls();
      repeatedNotifications += result.report().repeatedNotifications();
      violations += result.report().violations().size();
      for (DeploymentInvariants.WaitFigure wait : result.report().waits()) {
        configured.put(wait.name(), wait.configured());
        longestWait.merge(wait.name(), wait.actual(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }

    String row(SweepScenario scenario) {
      return "| "
          + scenario.slug()
          + " | "
          + runs
          + " | "
          + kills
          + " | "
          + completed
          + " of "
          + runs
          + " | "
          + repeatedCalls
          + " | "
          + repeatedNotifications
          + " | "
          + (longestWait.isEmpty()
              ? "-"
              : longestWait.entrySet().stream()
                  .map(
                      e ->
                          e.getKey()
                              + " "
                              + DeploymentInvariants.seconds(configured.get(e.getKey()))
                              + " → "
                              + DeploymentInvariants.seconds(e.getValue()))
                  .collect(Collectors.joining("; ")))
          + " | "
          + violations
          + " |";
    }
  }
}
