package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.S3Location;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy.MutatingCall;
import io.ecsdeploy.operator.testsupport.faults.AwsOperation;
import io.ecsdeploy.operator.testsupport.faults.FaultKind;
import io.ecsdeploy.operator.testsupport.faults.FaultRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * AWS under stress: one operator process behind the AWS fault proxies runs many deployments at
 * once, each in its own namespace, ECS service and load balancer (an {@link E2EScenario}), in a mix
 * of configurations ({@link Mix}: all at once with five hooks, a short canary watching an alarm
 * with SNS triggers, a short linear from an S3 revision, a failing hook with a rollback), so that
 * every service the operator calls is exercised: ECS, ELBv2, Lambda, SNS, CloudWatch and S3.
 *
 * <ol>
 *   <li>A fault-free run, one deployment of each configuration: the outcome each must reach.
 *   <li>Twenty deployments at once (five of each) with 20% throttling and 5% HTTP 5xx (500 and 503
 *       alike) on every operation, reads and writes, of every service, drawn from seeded random
 *       generators.
 *   <li>A run where the first attempt of every distinct mutating call (CreateTaskSet,
 *       ModifyListener, UpdateServicePrimaryTaskSet, DeleteTaskSet, Invoke, Publish) is performed
 *       by the emulator but its reply is lost: the operator's client times out.
 * </ol>
 *
 * <p>After each run, {@link DeploymentInvariants} checks every deployment against the fault-free
 * run of its configuration (one replacement, no orphan, one PRIMARY, the production route only on
 * steady task sets, the same outcome, waits never shorter than configured, every SNS message
 * published), and the operator's metrics must count at least the faults the proxies injected: each
 * throttled attempt in {@code ecsdeploy_aws_attempt_errors_total{error="throttling"}}, each 500 and
 * 503 under {@code server_error}, each lost reply under {@code timeout}. The figures go to {@code
 * target/reliability/aws-stress.md}. {@code ecsdeploy.reliability.repetitions} (default 1) sets the
 * number of stress rounds and of lost-reply rounds.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsStressE2E {
  /** Deployments at once in a stress round: five of each configuration. */
  private static final int STRESS_DEPLOYMENTS = 20;

  /** Deployments at once in a lost-reply round: one of each configuration. */
  private static final int LOST_REPLY_DEPLOYMENTS = Mix.values().length;

  private static final long SEED = 10_05L;
  private static final double THROTTLING = 0.20;
  private static final double INTERNAL_ERROR = 0.025;
  private static final double SERVICE_UNAVAILABLE = 0.025;

  /**
   * The operator's AWS call timeout here ({@code ECSDEPLOY_AWS_CALL_TIMEOUT}): short, so that each
   * lost reply costs seconds, and long enough for the emulators on a busy machine.
   */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

  /** How long a reconcile waits for a hook function's answer (the operator's, fixed). */
  private static final Duration HOOK_ANSWER_WAIT = Duration.ofSeconds(10);

  /** A lost reply is held a little longer than the client waits, then the connection closes. */
  private static final Duration HOLD_MARGIN = Duration.ofSeconds(2);

  /**
   * How late a wait may end without faults: twenty deployments and their checks on a busy 2-core
   * machine (other test runs beside this one) delay the reconcile that ends a wait by seconds.
   */
  private static final Duration LATE_WITHOUT_FAULTS =
      DeploymentInvariants.LATE_WHILE_RUNNING.plus(Duration.ofSeconds(3));

  /**
   * How late a wait may end under faults: the call that began it may have waited out a lost reply
   * (the wait counts from when the operator knew the change was made), and the call that ends it,
   * or the reads before it, may be throttled (the SDK backs off, the operator retries a failed step
   * after a poll interval). Measured: up to about 4.5 s late. Only waits cut short, or stalled,
   * fail; a wait that starts again would need a restart, which this test does not make.
   */
  private static final Duration LATE_UNDER_FAULTS =
      LATE_WITHOUT_FAULTS.plus(CALL_TIMEOUT).plus(Duration.ofSeconds(4));

  private static final Duration RUN_DEADLINE = Duration.ofMinutes(5);

  /** The mutating calls the operator makes, each of which loses its reply in the second run. */
  private static final List<String> LOST_REPLY_OPERATIONS =
      List.of(
          "CreateTaskSet",
          "ModifyListener",
          "UpdateServicePrimaryTaskSet",
          "DeleteTaskSet",
          "Invoke",
          "Publish");

  private static KubernetesClient client;
  private static AwsFaultProxy moto;
  private static AwsFaultProxy miniStack;
  private static OperatorProcess operator;
  private static final AtomicReference<Run> CURRENT = new AtomicReference<>();
  private static final Map<Mix, Baseline> BASELINES = new EnumMap<>(Mix.class);
  private static final List<String> RUN_ROWS = new ArrayList<>();
  private static final List<String> MIX_ROWS = new ArrayList<>();

  /** The configurations of the stress, each on a {@link SweepScenario} of the kill sweep. */
  enum Mix {
    /** AllAtOnce with a test listener and five hooks, one reporting through the endpoint. */
    HOOKS(SweepScenario.ALL_AT_ONCE),
    /**
     * A canary of 20% for 6 s and a termination wait of 3 s, SNS messages at start and success,
     * watching a CloudWatch alarm that stays OK.
     */
    CANARY(SweepScenario.CANARY) {
      @Override
      void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
        super.group(scenario, spec);
        spec.alarmConfiguration = E2EScenario.alarms(DemoWorld.ALARM);
      }
    },
    /** Linear by 50% every 4 s, its AppSpec read from S3. */
    LINEAR(SweepScenario.LINEAR) {
      @Override
      Revision revision(E2EScenario scenario) {
        String bucket = scenario.namespace + "-revisions";
        try (S3Client s3 = EmulatorClients.s3()) {
          s3.createBucket(r -> r.bucket(bucket));
          s3.putObject(
              r -> r.bucket(bucket).key("web/appspec.yaml"),
              RequestBody.fromString(appSpecYaml(scenario.world.taskDefinitionV2)));
        }
        Revision revision = new Revision();
        revision.s3Location = new S3Location();
        revision.s3Location.bucket = bucket;
        revision.s3Location.key = "web/appspec.yaml";
        return revision;
      }
    },
    /** A hook that fails after test traffic: Failed, rolled back, SNS messages for both. */
    FAILING_HOOK(SweepScenario.FAILING_HOOK);

    final SweepScenario base;

    Mix(SweepScenario base) {
      this.base = base;
    }

    String slug() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void group(E2EScenario scenario, EcsDeploymentGroupSpec spec) {
      base.group(scenario, spec);
    }

    Revision revision(E2EScenario scenario) {
      return scenario.revision(base::hooks);
    }
  }

  @BeforeAll
  static void operatorBehindTheProxies(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint(), SEED);
    // MiniStack serves CloudWatch and Lambda.
    miniStack = AwsFaultProxy.start(AwsEmulatorsExtension.cloudWatchEndpoint(), SEED + 1);
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
    DemoWorld.setAlarm(StateValue.OK);
    operator =
        OperatorProcess.builder("aws-stress")
            .env("ECSDEPLOY_AWS_ENDPOINT", moto.endpoint().toString())
            .env("ECSDEPLOY_CLOUDWATCH_ENDPOINT", miniStack.endpoint().toString())
            .env("ECSDEPLOY_LAMBDA_ENDPOINT", miniStack.endpoint().toString())
            .env("ECSDEPLOY_AWS_CALL_TIMEOUT", Long.toString(CALL_TIMEOUT.toSeconds()))
            .start();
    DemoWorld.createHookFunctions(operator.hookEndpoint());

    // Given the fault-free run of each configuration
    Run baseline = new Run("fault-free", List.of(Mix.values()));
    List<String> violations = new ArrayList<>();
    for (Result result : baseline.execute(LATE_WITHOUT_FAULTS)) {
      violations.addAll(result.violations());
      BASELINES.put(result.mix(), new Baseline(result.report().outcome(), result.took()));
    }
    assertThat(violations).as("the fault-free run keeps every invariant").isEmpty();
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
    Path out = TestPeers.repoDir().resolve("target/reliability/aws-stress.md");
    Files.createDirectories(out.getParent());
    List<String> lines = new ArrayList<>();
    lines.add("## AWS under stress");
    lines.add("");
    lines.add(
        "Measured "
            + Instant.now()
            + " with "
            + (repetitions() > 1 ? "`make reliability`" : "`make test`")
            + " (AwsStressE2E): one operator process behind the AWS fault proxies (seeded), its AWS"
            + " call timeout "
            + CALL_TIMEOUT.toSeconds()
            + " s; configurations "
            + java.util.Arrays.stream(Mix.values()).map(Mix::slug).collect(Collectors.joining(", "))
            + ". Stress: "
            + percent(THROTTLING)
            + " throttling, "
            + percent(INTERNAL_ERROR)
            + " HTTP 500 and "
            + percent(SERVICE_UNAVAILABLE)
            + " HTTP 503 on every call of every service. Lost replies: the first attempt of every"
            + " distinct mutating call performed, its reply held past the client's timeout.");
    lines.add("");
    lines.add(
        "| run | deployments | completed with the fault-free outcome | faults injected (throttle /"
            + " 500 / 503 / lost reply) | calls through the proxies | operator's failed attempts"
            + " (throttling / server_error / timeout) | calls failed after SDK retries | SDK"
            + " retries | mutating calls repeated | slowest vs fault-free | invariant violations"
            + " |");
    lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
    lines.addAll(RUN_ROWS);
    lines.add("");
    lines.add("### Time to complete, by configuration");
    lines.add("");
    lines.add("| run | configuration | deployments | fastest | slowest | fault-free |");
    lines.add("|---|---|---|---|---|---|");
    lines.addAll(MIX_ROWS);
    Files.write(out, lines);
  }

  @Test
  @Order(1)
  void twentyDeploymentsUnderThrottlingAnd5xxOnEveryCallEndAsWithoutFaults() throws Exception {
    for (int round = 1; round <= repetitions(); round++) {
      String label = "stress" + (repetitions() > 1 ? " #" + round : "");
      List<Mix> mixes = new ArrayList<>();
      for (int i = 0; i < STRESS_DEPLOYMENTS; i++) {
        mixes.add(Mix.values()[i % Mix.values().length]);
      }
      // When every call of every service may be throttled or fail with a 5xx
      for (AwsFaultProxy proxy : List.of(moto, miniStack)) {
        proxy.inject(FaultRule.onEveryOperation().withProbability(THROTTLING).throttle());
        // The first rule that fires applies: these are the shares of the calls left.
        proxy.inject(
            FaultRule.onEveryOperation()
                .withProbability(INTERNAL_ERROR / (1 - THROTTLING))
                .internalError());
        proxy.inject(
            FaultRule.onEveryOperation()
                .withProbability(SERVICE_UNAVAILABLE / (1 - THROTTLING - INTERNAL_ERROR))
                .serviceUnavailable());
      }
      Measured measured = measure(label, mixes, LATE_UNDER_FAULTS);

      // Then every deployment ends as it does without faults, and the metrics count the faults
      assertThat(measured.violations()).as("invariant violations").isEmpty();
      assertThat(measured.injected().get(FaultKind.THROTTLE)).isPositive();
      assertThat(
              measured.injected().get(FaultKind.INTERNAL_ERROR)
                  + measured.injected().get(FaultKind.SERVICE_UNAVAILABLE))
          .isPositive();
      measured.assertCountedByTheOperator();
    }
  }

  @Test
  @Order(2)
  void aLostReplyOnEveryMutatingCallChangesNothingButTime() throws Exception {
    for (int round = 1; round <= repetitions(); round++) {
      String label = "lost replies" + (repetitions() > 1 ? " #" + round : "");
      List<Mix> mixes = new ArrayList<>();
      for (int i = 0; i < LOST_REPLY_DEPLOYMENTS; i++) {
        mixes.add(Mix.values()[i % Mix.values().length]);
      }
      // When the first attempt of every distinct change is performed and its reply lost
      for (AwsFaultProxy proxy : List.of(moto, miniStack)) {
        for (String operation : LOST_REPLY_OPERATIONS) {
          // The operator waits for a hook's answer longer than for other calls.
          Duration clientWait = operation.equals("Invoke") ? HOOK_ANSWER_WAIT : CALL_TIMEOUT;
          proxy.inject(
              FaultRule.on(operation)
                  .firstOfEach(AwsStressE2E::distinctCall)
                  .lostReply(clientWait.plus(HOLD_MARGIN)));
        }
      }
      Measured measured = measure(label, mixes, LATE_UNDER_FAULTS);

      // Then each deployment ends as without faults, with one replacement task set
      assertThat(measured.violations()).as("invariant violations").isEmpty();
      for (String operation : LOST_REPLY_OPERATIONS) {
        assertThat(measured.lostReplies().getOrDefault(operation, 0L))
            .as("lost replies of %s", operation)
            .isPositive();
      }
      measured.assertCountedByTheOperator();
    }
  }

  /**
   * What identifies a mutating call's change across its attempts: the operation and its parameters
   * but those that differ between two sends (a message's text, a client token). A hook invocation
   * keeps its execution id: each hook is a change of its own.
   */
  static String distinctCall(AwsOperation operation, Map<String, String> parameters) {
    Map<String, String> kept = new TreeMap<>(parameters);
    kept.remove("Message");
    kept.remove("clientToken");
    kept.remove("Version");
    if (kept.get("Subject") != null) {
      kept.put("Subject", kept.get("Subject").split(":", 2)[0]);
    }
    return operation.name() + " " + kept;
  }

  /** Runs the deployments with the faults the proxies have now, then clears them and measures. */
  private static Measured measure(String label, List<Mix> mixes, Duration late) throws Exception {
    Map<FaultKind, Long> faultsBefore = faults();
    Map<String, Long> lostBefore = lostReplies();
    long callsBefore = moto.calls() + miniStack.calls();
    Map<String, Double> metricsBefore = scrape();

    Run run = new Run(label, mixes);
    List<Result> results;
    try {
      results = run.execute(late);
    } finally {
      moto.clearFaults();
      miniStack.clearFaults();
    }

    Map<FaultKind, Long> injected = new EnumMap<>(FaultKind.class);
    faults().forEach((kind, count) -> injected.put(kind, count - faultsBefore.get(kind)));
    Map<String, Long> lost = new TreeMap<>();
    lostReplies().forEach((op, count) -> lost.put(op, count - lostBefore.getOrDefault(op, 0L)));
    long calls = moto.calls() + miniStack.calls() - callsBefore;
    Measured measured = new Measured(label, results, injected, lost, calls, metricsBefore);
    // The figures once the operator has reported the last calls, or would have.
    try {
      measured.assertCountedByTheOperator();
    } catch (org.awaitility.core.ConditionTimeoutException notYet) {
      // The test asserts it; the figures say how far the counts fell short.
    }
    measured.record();
    return measured;
  }

  private static Map<FaultKind, Long> faults() {
    Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      faults.put(kind, moto.faults(kind) + miniStack.faults(kind));
    }
    return faults;
  }

  private static Map<String, Long> lostReplies() {
    Map<String, Long> lost = new TreeMap<>();
    for (String operation : AwsOperation.MUTATING) {
      lost.put(
          operation,
          moto.faults(operation, FaultKind.LOST_REPLY)
              + miniStack.faults(operation, FaultKind.LOST_REPLY));
    }
    return lost;
  }

  /** What a run measured: the deployments' checks, the faults injected, the operator's metrics. */
  private record Measured(
      String label,
      List<Result> results,
      Map<FaultKind, Long> injected,
      Map<String, Long> lostReplies,
      long callsThroughTheProxies,
      Map<String, Double> metricsBefore) {

    List<String> violations() {
      return results.stream().flatMap(r -> r.violations().stream()).toList();
    }

    long expected(String error) {
      return switch (error) {
        case "throttling" -> injected.get(FaultKind.THROTTLE);
        case "server_error" ->
            injected.get(FaultKind.INTERNAL_ERROR) + injected.get(FaultKind.SERVICE_UNAVAILABLE);
        case "timeout" -> injected.get(FaultKind.LOST_REPLY);
        default -> 0;
      };
    }

    /**
     * Each fault a proxy injected reached the operator as one failed attempt of a call, which the
     * SDK reports with its error type; a call is reported once it has ended, retries included, so
     * the last ones may take a moment.
     */
    void assertCountedByTheOperator() {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                Map<String, Double> delta = delta(metricsBefore, scrape());
                for (String error : List.of("throttling", "server_error", "timeout")) {
                  assertThat(sum(delta, "ecsdeploy_aws_attempt_errors_total", "error", error))
                      .as("failed attempts counted as %s", error)
                      .isGreaterThanOrEqualTo(expected(error));
                }
              });
    }

    void record() throws Exception {
      Map<String, Double> delta = delta(metricsBefore, scrape());
      int matching = 0;
      for (Result result : results) {
        if (result.violations().isEmpty()) {
          matching++;
        }
      }
      Duration slowest = Duration.ZERO;
      Duration slowestBaseline = Duration.ZERO;
      for (Result result : results) {
        if (result.took().compareTo(slowest) > 0) {
          slowest = result.took();
          slowestBaseline =
              BASELINES.containsKey(result.mix())
                  ? BASELINES.get(result.mix()).took()
                  : result.took();
        }
      }
      long repeated = results.stream().mapToLong(r -> r.report().repeatedCalls()).sum();
      String row =
          "| "
              + label
              + " | "
              + results.size()
              + " | "
              + matching
              + " of "
              + results.size()
              + " | "
              + injected.get(FaultKind.THROTTLE)
              + " / "
              + injected.get(FaultKind.INTERNAL_ERROR)
              + " / "
              + injected.get(FaultKind.SERVICE_UNAVAILABLE)
              + " / "
              + injected.get(FaultKind.LOST_REPLY)
              + " | "
              + callsThroughTheProxies
              + " | "
              + count(sum(delta, "ecsdeploy_aws_attempt_errors_total", "error", "throttling"))
              + " / "
              + count(sum(delta, "ecsdeploy_aws_attempt_errors_total", "error", "server_error"))
              + " / "
              + count(sum(delta, "ecsdeploy_aws_attempt_errors_total", "error", "timeout"))
              + " | "
              + count(sum(delta, "ecsdeploy_aws_errors_total", null, null))
              + " of "
              + count(sum(delta, "ecsdeploy_aws_calls_total", null, null))
              + " | "
              + count(sum(delta, "ecsdeploy_aws_retries_total", null, null))
              + " | "
              + repeated
              + " | "
              + DeploymentInvariants.seconds(slowest)
              + " vs "
              + DeploymentInvariants.seconds(slowestBaseline)
              + " | "
              + violations().size()
              + " |";
      RUN_ROWS.add(row);
      System.out.println("[aws-stress] " + row);
      System.out.println("[aws-stress] " + label + " lost replies by operation: " + lostReplies);
      for (Mix mix : Mix.values()) {
        List<Duration> took =
            results.stream().filter(r -> r.mix() == mix).map(Result::took).sorted().toList();
        if (took.isEmpty()) {
          continue;
        }
        String mixRow =
            "| "
                + label
                + " | "
                + mix.slug()
                + " | "
                + took.size()
                + " | "
                + DeploymentInvariants.seconds(took.get(0))
                + " | "
                + DeploymentInvariants.seconds(took.get(took.size() - 1))
                + " | "
                + (BASELINES.containsKey(mix)
                    ? DeploymentInvariants.seconds(BASELINES.get(mix).took())
                    : "-")
                + " |";
        MIX_ROWS.add(mixRow);
        System.out.println("[aws-stress] " + mixRow);
      }
      for (Result result : results) {
        for (String violation : result.violations()) {
          System.out.println("[aws-stress] " + violation);
        }
        if (result.report().repeatedCalls() > 0) {
          System.out.println(
              "[aws-stress] "
                  + label
                  + " "
                  + result.tracked()
                  + " performed again: "
                  + repeated(result.tracked()));
        }
        for (DeploymentInvariants.WaitFigure wait : result.report().waits()) {
          System.out.println(
              "[aws-stress] "
                  + label
                  + " "
                  + result.tracked()
                  + " "
                  + wait.name()
                  + " "
                  + DeploymentInvariants.seconds(wait.configured())
                  + " → "
                  + DeploymentInvariants.seconds(wait.actual()));
        }
      }
    }
  }

  /** The operations of the calls that repeated an earlier change, with how often each did. */
  private static Map<String, Long> repeated(TrackedDeployment tracked) {
    Map<String, Long> repeats = new TreeMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (MutatingCall call : tracked.calls()) {
      if (!seen.add(TrackedDeployment.change(call))) {
        repeats.merge(call.operation().name(), 1L, Long::sum);
      }
    }
    return repeats;
  }

  private record Baseline(DeploymentInvariants.Outcome outcome, Duration took) {}

  private record Result(
      Mix mix,
      String run,
      TrackedDeployment tracked,
      DeploymentInvariants.Report report,
      Duration took) {
    List<String> violations() {
      return report.violations().stream().map(v -> run + " " + tracked + ": " + v).toList();
    }
  }

  /** One run: the deployments created and started at once, awaited, and checked. */
  private static final class Run {
    final String label;
    final List<Mix> mixes;
    final List<TrackedDeployment> tracked = new ArrayList<>();
    final Map<TrackedDeployment, Mix> mixOf = new LinkedHashMap<>();

    Run(String label, List<Mix> mixes) {
      this.label = label;
      this.mixes = mixes;
    }

    void onPerformed(MutatingCall call) {
      for (TrackedDeployment deployment : tracked) {
        if (deployment.owns(call)) {
          deployment.record(call);
          deployment.sampleRoute(call.operation().name());
          return;
        }
      }
    }

    List<Result> execute(Duration late) {
      DemoWorld.setAlarm(StateValue.OK);
      Map<TrackedDeployment, Revision> revisions = new LinkedHashMap<>();
      int n = 0;
      for (Mix mix : mixes) {
        E2EScenario scenario = E2EScenario.create(client, mix.slug());
        mix.base.configs(scenario);
        scenario.groupWithoutWaiting("web", spec -> mix.group(scenario, spec));
        TrackedDeployment deployment =
            new TrackedDeployment(mix.base, mix.slug() + " #" + ++n, scenario, "release-2");
        tracked.add(deployment);
        mixOf.put(deployment, mix);
        revisions.put(deployment, mix.revision(scenario));
      }
      Map<TrackedDeployment, Instant> started = new ConcurrentHashMap<>();
      Map<TrackedDeployment, Instant> ended = new ConcurrentHashMap<>();
      CURRENT.set(this);
      try {
        for (TrackedDeployment deployment : tracked) {
          started.put(deployment, Instant.now());
          deployment.scenario.deploy(deployment.name, "web", revisions.get(deployment), spec -> {});
        }
        await()
            .atMost(RUN_DEADLINE)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  for (TrackedDeployment deployment : tracked) {
                    if (!ended.containsKey(deployment)
                        && DeploymentInvariants.settled(deployment.get())) {
                      ended.put(deployment, Instant.now());
                    }
                  }
                  return ended.size() == tracked.size();
                });
      } finally {
        CURRENT.set(null);
      }
      List<MutatingCall> ecsCalls = moto.mutatingCalls();
      List<Result> results = new ArrayList<>();
      for (TrackedDeployment deployment : tracked) {
        Mix mix = mixOf.get(deployment);
        Baseline baseline = BASELINES.get(mix);
        DeploymentInvariants.Report report =
            DeploymentInvariants.check(
                deployment,
                baseline == null ? null : baseline.outcome(),
                mix.base.waits(deployment.world()),
                List.of(),
                ecsCalls,
                late);
        results.add(
            new Result(
                mix,
                label,
                deployment,
                report,
                Duration.between(started.get(deployment), ended.get(deployment))));
      }
      return results;
    }
  }

  // ---- the operator's metrics

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Every sample of the operator's /metrics, by its line's name and labels. */
  static Map<String, Double> scrape() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(operator.metricsEndpoint()))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> samples = new TreeMap<>();
    for (String line : response.body().split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!line.startsWith("#") && sample.find()) {
        samples.put(
            sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
            Double.parseDouble(sample.group(3)));
      }
    }
    return samples;
  }

  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new TreeMap<>();
    after.forEach((series, value) -> delta.put(series, value - before.getOrDefault(series, 0.0)));
    return delta;
  }

  /** The sum of a metric's series, those with {@code label=value} only when a label is given. */
  private static double sum(
      Map<String, Double> samples, String metric, String label, String value) {
    Predicate<String> labelled =
        series -> {
          if (label == null) {
            return true;
          }
          Matcher labels = LABEL.matcher(series);
          while (labels.find()) {
            if (labels.group(1).equals(label) && labels.group(2).equals(value)) {
              return true;
            }
          }
          return false;
        };
    return samples.entrySet().stream()
        .filter(e -> e.getKey().equals(metric) || e.getKey().startsWith(metric + "{"))
        .filter(e -> labelled.test(e.getKey()))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private static long count(double value) {
    return Math.round(value);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** 1 in {@code make test}; {@code make reliability} sets more. */
  static int repetitions() {
    return Integer.getInteger("ecsdeploy.reliability.repetitions", 1);
  }

  private static String appSpecYaml(String taskDefinition) {
    return String.join(
        "\n",
        "version: 0.0",
        "Resources:",
        "  - TargetService:",
        "      Type: AWS::ECS::Service",
        "      Properties:",
        "        TaskDefinition: \"" + taskDefinition + "\"",
        "        LoadBalancerInfo:",
        "          ContainerName: \"web\"",
        "          ContainerPort: 80",
        "");
  }
}
