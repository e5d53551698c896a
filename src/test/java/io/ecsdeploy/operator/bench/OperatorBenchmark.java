package io.ecsdeploy.operator.bench;

import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.api.v1alpha1.StopOperation;
import io.ecsdeploy.operator.aws.limits.ApiClass;
import io.ecsdeploy.operator.aws.limits.Rate;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.ecsdeploy.operator.testsupport.faults.AwsOperation;
import io.ecsdeploy.operator.testsupport.faults.FaultKind;
import io.ecsdeploy.operator.testsupport.faults.FaultRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code make bench}: the operator as its own process, against the real API server, moto and
 * MiniStack (each behind a counting proxy), with a fleet of N services and groups, for each N in
 * {@code -Decsdeploy.bench.sizes} (default 10, 100 and 1000). For each N it measures:
 *
 * <ul>
 *   <li>F5 start: the process's start to its controllers started;
 *   <li>F3 throughput: N zero-wait AllAtOnce deployments (with a test listener) applied at once,
 *       until all succeeded; the AWS calls they made (F2) and the emulators' time answering them;
 *   <li>F2 canary and linear: the calls of a few short canary and linear deployments;
 *   <li>F1: the reconciles' CPU and own time (wall time less AWS calls), p50 and p99, and the delay
 *       from a wait's end to the action after it, from the operator's histograms;
 *   <li>F4 memory: heap after a full GC and RSS with 0, N/2 and N canaries running (waiting in a
 *       30-minute canary interval with an alarm), and the reads per deployment-minute while N wait;
 *   <li>F5 failover: a standby takes over when the leader is SIGKILLed; the time from the kill to
 *       its first AWS change (rolling back a deployment stopped at the kill).
 * </ul>
 *
 * The figures go to {@code bench/results.md} and {@code bench/results.png}. Not part of {@code make
 * test}: the class name matches none of failsafe's patterns, and {@code make bench} names it.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class OperatorBenchmark {
  /**
   * The JVM as the Helm chart runs it (a 1 GiB limit, a quarter of it for the heap; with the
   * image's MALLOC_ARENA_MAX, see {@link #operator}). The flight recording starts once the start is
   * measured (JFR.start), not with the JVM.
   */
  private static final String[] PRODUCTION_JVM = {
    "-Xmx256m",
    "-XX:+ExitOnOutOfMemoryError",
    // Where the resident set goes (F4); a few percent of CPU, not in the chart's settings.
    "-XX:NativeMemoryTracking=summary"
  };

  private static final Duration POLL = Duration.ofSeconds(5);
  private static final Duration WAITING_WINDOW = Duration.ofSeconds(60);

  /** How many short canary and linear deployments F2 counts. */
  static final int SHORT_DEPLOYMENTS = 5;

  private final List<BenchReport.SizeFigures> results = new ArrayList<>();

  /** The largest N whose throughput is also measured with limits on (default 100). */
  static int limitedSizesUpTo() {
    return Integer.getInteger("ecsdeploy.bench.limited.upTo", 100);
  }

  static List<Integer> sizes() {
    return Arrays.stream(System.getProperty("ecsdeploy.bench.sizes", "10,100,1000").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Integer::parseInt)
        .toList();
  }

  @Test
  void benchmark(KubernetesClient client) throws IOException {
    Crds.install(client);
    Path out = TestPeers.repoDir().resolve("bench");
    Files.createDirectories(out);
    Path recordings = TestPeers.repoDir().resolve("target/bench");
    Files.createDirectories(recordings);
    for (int size : sizes()) {
      System.out.println("[bench] N=" + size + ": setting up the fleet");
      results.add(new SizeRun(client, size, recordings).run());
      BenchReport.write(out, results);
    }
  }

  /** One N: its fleet, its operator processes, its figures. */
  private static final class SizeRun {
    private final KubernetesClient client;
    private final int size;
    private final Path recordings;
    private final BenchReport.SizeFigures figures;
    private AwsFaultProxy moto;
    private AwsFaultProxy miniStack;
    private BenchFleet fleet;
    private SharedIndexInformer<EcsDeployment> deployments;
    private SharedIndexInformer<EcsDeploymentGroup> groups;

    SizeRun(KubernetesClient client, int size, Path recordings) {
      this.client = client;
      this.size = size;
      this.recordings = recordings;
      this.figures = new BenchReport.SizeFigures(size);
    }

    BenchReport.SizeFigures run() {
      AwsEmulatorsExtension.reset();
      DemoWorld.createAlarm();
      moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
      miniStack = AwsFaultProxy.start(AwsEmulatorsExtension.cloudWatchEndpoint());
      figures.loadBefore = ProcessFigures.loadAverage();
      Instant setup = Instant.now();
      fleet = BenchFleet.create(client, "bench-" + size, size);
      figures.setup = Duration.between(setup, Instant.now());
      System.out.printf("[bench] N=%d: fleet ready in %s%n", size, figures.setup);
      // The benchmark watches, as kubectl get -w would, rather than listing N objects every second.
      deployments = client.resources(EcsDeployment.class).inNamespace(fleet.namespace).inform();
      groups = client.resources(EcsDeploymentGroup.class).inNamespace(fleet.namespace).inform();
      OperatorProcess leader = operator("a");
      OperatorProcess standby = null;
      OperatorProcess[] current = {leader};
      try {
        figures.start = leader.startToReady();
        // Recording from here, not from the JVM's start: the start is measured without it.
        ProcessFigures.jcmd(leader.pid(), "JFR.start", "name=bench", "settings=profile");
        awaitGroupsReady(Duration.ofMinutes(20));
        figures.memoryIdle = ProcessFigures.memory(leader.pid(), leader.metricsEndpoint());
        List<PrometheusText.Sample> before = PrometheusText.fetch(leader.metricsEndpoint());

        throughput(leader);
        shortDeployments("canary", BenchFleet.SHORT_CANARY, 0);
        shortDeployments("linear", BenchFleet.SHORT_LINEAR, SHORT_DEPLOYMENTS);
        overhead(before, PrometheusText.fetch(leader.metricsEndpoint()));
        profile(leader);
        leader = limitedThroughput(leader);
        current[0] = leader;

        running(leader);
        standby = operator("b");
        failover(leader, standby);
      } finally {
        if (standby != null) {
          standby.close();
        }
        current[0].close();
        deployments.close();
        groups.close();
        moto.close();
        miniStack.close();
        try {
          deleteFleet();
        } catch (RuntimeException e) {
          // Not to hide what failed the run: the next N's operator watches its own namespace only.
          System.out.println("[bench] N=" + size + ": the fleet is left behind: " + e);
        }
      }
      figures.loadAfter = ProcessFigures.loadAverage();
      return figures;
    }

    private OperatorProcess operator(String identity) {
      return operator(identity, false);
    }

    /** An operator process; {@code limits}: with its client-side AWS rate limits on. */
    private OperatorProcess operator(String identity, boolean limits) {
      return OperatorProcess.builder("bench-" + size + "-" + identity)
          .env("ECSDEPLOY_AWS_RATE_LIMITS_ENABLED", Boolean.toString(limits))
          .jvmOptions(PRODUCTION_JVM)
          .env("MALLOC_ARENA_MAX", "2")
          .leaderElection("bench-" + identity)
          .env("ECSDEPLOY_LEASE_NAME", "bench-" + size + (limits ? "-limited" : ""))
          .env("ECSDEPLOY_AWS_ENDPOINT", moto.endpoint().toString())
          .env("ECSDEPLOY_CLOUDWATCH_ENDPOINT", miniStack.endpoint().toString())
          .env("ECSDEPLOY_LAMBDA_ENDPOINT", miniStack.endpoint().toString())
          .env("ECSDEPLOY_POLL_INTERVAL", Long.toString(POLL.toSeconds()))
          // Only this N's fleet: the namespaces of earlier sizes are still being deleted.
          .env("ECSDEPLOY_WATCH_NAMESPACES", fleet.namespace)
          .start();
    }

    /** F3 and F2: N zero-wait AllAtOnce deployments applied at once, until all succeeded. */
    private void throughput(OperatorProcess leader) {
      Map<String, Long> callsBefore = counts();
      Map<String, Duration> emulatorBefore = upstreamTime();
      Map<String, Duration> cpuBefore = ProcessFigures.peerCpu();
      Duration machineBefore = ProcessFigures.machineBusyCpu();
      Instant started = Instant.now();
      fleet.deploy("r2", BenchFleet.ALL_AT_ONCE, 0, size);
      figures.applied = Duration.between(started, Instant.now());
      awaitAll("r2", 0, size, d -> d.getStatus().status == DeploymentStatus.Succeeded, deadline());
      figures.allSucceeded = Duration.between(started, Instant.now());
      Duration wall = figures.allSucceeded;
      awaitQuiet();
      figures.allAtOnceCalls = perDeployment(since(callsBefore), size);
      figures.emulatorTime = sum(since(upstreamTime(), emulatorBefore));
      figures.emulatorWall = wall;
      Map<String, Duration> cpuAfter = ProcessFigures.peerCpu();
      cpuAfter.forEach((peer, cpu) -> figures.peerCpu.put(peer, cpu.minus(cpuBefore.get(peer))));
      figures.machineCpu = ProcessFigures.machineBusyCpu().minus(machineBefore);
      System.out.printf(
          "[bench] N=%d: %d zero-wait AllAtOnce deployments succeeded in %.1f s%n",
          size, size, wall.toMillis() / 1000.0);
    }

    /** F2: a few short canaries or linear deployments, one after the other set. */
    private void shortDeployments(String kind, String config, int from) {
      int count = Math.min(SHORT_DEPLOYMENTS, size / 2);
      if (count == 0) {
        return;
      }
      Map<String, Long> before = counts();
      fleet.deploy("r2" + kind.charAt(0), config, from, from + count);
      awaitAll(
          "r2" + kind.charAt(0),
          from,
          from + count,
          d -> d.getStatus().status == DeploymentStatus.Succeeded,
          Duration.ofMinutes(10));
      awaitQuiet();
      figures.shortCalls.put(kind, perDeployment(since(before), count));
    }

    /**
     * F3 with limits on: the proxies throttle each operation above its API class's AWS rate (a
     * bucket per operation, which AWS shares across a class: looser than AWS), and an operator with
     * its client-side limits on deploys N zero-wait AllAtOnce deployments again; measured against
     * the least time those rates allow for the calls it made. Only for N up to {@link
     * #limitedSizesUpTo()}: at AWS's 3 ELB changes a second, 1000 deployments need over 11 minutes.
     * Returns the operator (limits off) that goes on.
     */
    private OperatorProcess limitedThroughput(OperatorProcess leader) {
      if (size > limitedSizesUpTo()) {
        return leader;
      }
      leader.stop();
      OperatorProcess limited = operator("a", true);
      for (String operation :
          List.of(
              "ECS:DescribeServices",
              "ECS:DescribeTaskSets",
              "ECS:CreateTaskSet",
              "ECS:UpdateServicePrimaryTaskSet",
              "ECS:DeleteTaskSet",
              "ELBv2:DescribeListeners",
              "ELBv2:DescribeTargetGroups",
              "ELBv2:ModifyListener")) {
        String name = operation.substring(operation.indexOf(':') + 1);
        ApiClass apiClass =
            ApiClass.of(operation.startsWith("ECS") ? "ECS" : "ElasticLoadBalancingV2", name)
                .orElseThrow();
        Rate rate = apiClass.awsRate().orElseThrow();
        moto.inject(FaultRule.on(name).aboveRate(rate.perSecond(), (int) rate.burst()).throttle());
      }
      Rate alarms = ApiClass.CLOUDWATCH_DESCRIBE_ALARMS.awsRate().orElseThrow();
      miniStack.inject(
          FaultRule.on("DescribeAlarms")
              .aboveRate(alarms.perSecond(), (int) alarms.burst())
              .throttle());
      try {
        Map<String, Long> before = counts();
        long throttledBefore =
            moto.faults(FaultKind.THROTTLE) + miniStack.faults(FaultKind.THROTTLE);
        Instant started = Instant.now();
        fleet.deploy("r4", BenchFleet.ALL_AT_ONCE, 0, size);
        awaitAll(
            "r4", 0, size, d -> d.getStatus().status == DeploymentStatus.Succeeded, deadline());
        figures.limitedAllSucceeded = Duration.between(started, Instant.now());
        figures.limitedThrottled =
            moto.faults(FaultKind.THROTTLE)
                + miniStack.faults(FaultKind.THROTTLE)
                - throttledBefore;
        awaitQuiet();
        // The least time counts the calls AWS would have served: those the proxies throttled
        // did not reach the emulators.
        Map<String, Long> served = since(before);
        served.replaceAll(
            (operation, count) ->
                count - throttled(operation.substring(operation.indexOf(':') + 1)));
        figures.limitedMinimum = leastTimeAllowed(served);
        System.out.printf(
            "[bench] N=%d: with limits on, all succeeded in %s (least the rates allow %s), %d throttled%n",
            size, figures.limitedAllSucceeded, figures.limitedMinimum, figures.limitedThrottled);
      } finally {
        moto.clearFaults();
        miniStack.clearFaults();
        limited.stop();
      }
      return operator("a");
    }

    /** Calls of an operation the proxies throttled (only the limited round has throttle rules). */
    private long throttled(String operation) {
      return moto.faults(operation, FaultKind.THROTTLE)
          + miniStack.faults(operation, FaultKind.THROTTLE);
    }

    /**
     * The least time AWS's rates allow for these calls: for each API class, the calls beyond its
     * burst at its rate; the longest of them.
     */
    private static Duration leastTimeAllowed(Map<String, Long> calls) {
      Map<ApiClass, Long> byClass = new java.util.EnumMap<>(ApiClass.class);
      calls.forEach(
          (operation, count) -> {
            String service = operation.substring(0, operation.indexOf(':'));
            String name = operation.substring(operation.indexOf(':') + 1);
            String sdkService =
                switch (service) {
                  case "ELBv2" -> "ElasticLoadBalancingV2";
                  default -> service;
                };
            ApiClass.of(sdkService, name).ifPresent(c -> byClass.merge(c, count, Long::sum));
          });
      double seconds = 0;
      for (Map.Entry<ApiClass, Long> entry : byClass.entrySet()) {
        Rate rate = entry.getKey().awsRate().orElse(null);
        if (rate != null) {
          seconds =
              Math.max(seconds, Math.max(0, entry.getValue() - rate.burst()) / rate.perSecond());
        }
      }
      return Duration.ofMillis((long) (seconds * 1000));
    }

    /** F1: the operator's histograms over the deployments so far. */
    private void overhead(List<PrometheusText.Sample> before, List<PrometheusText.Sample> after) {
      figures.reconcileCpu = quantiles(before, after, "ecsdeploy_deployment_reconcile_cpu_seconds");
      figures.reconcileOwn = quantiles(before, after, "ecsdeploy_deployment_reconcile_own_seconds");
      figures.reconcileKubernetes =
          quantiles(before, after, "ecsdeploy_deployment_reconcile_kubernetes_seconds");
      figures.waitEndDelay = quantiles(before, after, "ecsdeploy_wait_end_delay_seconds");
    }

    private static double[] quantiles(
        List<PrometheusText.Sample> before, List<PrometheusText.Sample> after, String histogram) {
      TreeMap<Double, Double> observed =
          PrometheusText.difference(
              PrometheusText.buckets(after, histogram), PrometheusText.buckets(before, histogram));
      double count = observed.isEmpty() ? 0 : observed.lastEntry().getValue();
      return new double[] {
        PrometheusText.quantile(observed, 0.5) * 1000,
        PrometheusText.quantile(observed, 0.99) * 1000,
        count
      };
    }

    /** Where the leader's CPU went so far, from its flight recording. */
    private void profile(OperatorProcess leader) {
      Path recording = recordings.resolve("operator-" + size + ".jfr");
      ProcessFigures.jcmd(
          leader.pid(), "JFR.dump", "name=bench", "filename=" + recording.toAbsolutePath());
      figures.profile = ProfileSummary.read(recording).describe();
    }

    /** F4 and F2 waiting: N canaries running, their memory, their reads per minute. */
    private void running(OperatorProcess leader) {
      int half = size / 2;
      fleet.deploy("r3", BenchFleet.LONG_CANARY, 0, half);
      awaitAll("r3", 0, half, OperatorBenchmark::inCanaryWait, deadline());
      figures.memoryHalf = ProcessFigures.memory(leader.pid(), leader.metricsEndpoint());
      fleet.deploy("r3", BenchFleet.LONG_CANARY, half, size);
      awaitAll("r3", half, size, OperatorBenchmark::inCanaryWait, deadline());
      figures.memoryFull = ProcessFigures.memory(leader.pid(), leader.metricsEndpoint());
      // Whole polls: the window starts once the last canary has polled at least once, when a poll
      // interval has gone by without a change. (Not awaitQuiet: N waiting canaries keep reading.)
      long[] lastMutating = {mutating(counts())};
      Instant[] lastChange = {Instant.now()};
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                long now = mutating(counts());
                if (now != lastMutating[0]) {
                  lastMutating[0] = now;
                  lastChange[0] = Instant.now();
                }
                return Duration.between(lastChange[0], Instant.now())
                        .compareTo(POLL.multipliedBy(2))
                    >= 0;
              });
      Map<String, Long> before = counts();
      Instant from = Instant.now();
      await()
          .during(WAITING_WINDOW)
          .atMost(WAITING_WINDOW.plusSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> mutating(since(before)) == 0);
      Duration window = Duration.between(from, Instant.now());
      Map<String, Long> made = since(before);
      double minutes = window.toMillis() / 60_000.0;
      figures.waitingReadsPerMinute = new TreeMap<>();
      made.forEach(
          (operation, count) ->
              figures.waitingReadsPerMinute.put(operation, count / (double) size / minutes));
    }

    /**
     * F5 failover: the leader is SIGKILLed while N canaries wait, and the first of them is asked to
     * stop at that moment; the standby takes the Lease and rolls it back. Measured from the kill to
     * the standby's first change in AWS.
     */
    private void failover(OperatorProcess leader, OperatorProcess standby) {
      AtomicReference<Instant> firstChange = new AtomicReference<>();
      moto.onPerformed(call -> firstChange.compareAndSet(null, call.at()));
      firstChange.set(null);
      long callsBefore = moto.calls() + miniStack.calls();
      Instant killed = Instant.now();
      leader.kill();
      client
          .resources(EcsDeployment.class)
          .inNamespace(fleet.namespace)
          .withName("r3-0")
          .edit(
              d -> {
                d.getSpec().operations = new Operations();
                d.getSpec().operations.stop = new StopOperation();
                d.getSpec().operations.stop.autoRollbackEnabled = true;
                return d;
              });
      // Where the time goes: the Lease's expiry, then the standby's first reconciles.
      Instant[] leaseTaken = {null};
      Instant[] firstCall = {null};
      String lease = "bench-" + size;
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (leaseTaken[0] == null && "bench-b".equals(holder(lease))) {
                  leaseTaken[0] = Instant.now();
                }
                if (firstCall[0] == null && moto.calls() + miniStack.calls() > callsBefore) {
                  firstCall[0] = Instant.now();
                }
                return firstChange.get() != null;
              });
      figures.failover = Duration.between(killed, firstChange.get());
      if (leaseTaken[0] != null) {
        figures.failoverLeaseTaken = Duration.between(killed, leaseTaken[0]);
      }
      if (firstCall[0] != null) {
        figures.failoverFirstCall = Duration.between(killed, firstCall[0]);
      }
      System.out.printf("[bench] N=%d: failover in %s%n", size, figures.failover);
    }

    private String holder(String lease) {
      var found = client.leases().inNamespace("default").withName(lease).get();
      return found == null || found.getSpec() == null ? null : found.getSpec().getHolderIdentity();
    }

    private Duration deadline() {
      return Duration.ofMinutes(5).plusSeconds(size);
    }

    private void awaitGroupsReady(Duration deadline) {
      await()
          .atMost(deadline)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  groups.getStore().list().stream()
                          .filter(g -> Conditions.isTrue(g.getStatus(), Conditions.READY))
                          .count()
                      == size);
    }

    /** Waits until deployments {@code <name>-from} to {@code <name>-(to-1)} all match. */
    private void awaitAll(
        String name, int from, int to, Predicate<EcsDeployment> done, Duration deadline) {
      await()
          .atMost(deadline)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                int matching = 0;
                for (int i = from; i < to; i++) {
                  EcsDeployment d =
                      deployments.getStore().getByKey(fleet.namespace + "/" + name + "-" + i);
                  if (d != null
                      && d.getStatus() != null
                      && d.getStatus().status != null
                      && done.test(d)) {
                    matching++;
                  }
                }
                return matching == to - from;
              });
    }

    /**
     * Waits until a round's calls have died down: at most one call for every 100 deployments in two
     * seconds (the groups' slow periodic checks go on), so that what a round made can be counted.
     */
    private void awaitQuiet() {
      long[] previous = {-1};
      long threshold = Math.max(1, size / 100);
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                long now = moto.calls() + miniStack.calls();
                boolean quiet = previous[0] >= 0 && now - previous[0] <= threshold;
                previous[0] = now;
                return quiet;
              });
    }

    /** Calls so far by operation ({@code Service:Name}), through both proxies. */
    private Map<String, Long> counts() {
      return AwsFaultProxy.callsByOperation(List.of(moto, miniStack));
    }

    private Map<String, Long> since(Map<String, Long> before) {
      return AwsFaultProxy.callsSince(before, List.of(moto, miniStack));
    }

    private Map<String, Duration> upstreamTime() {
      Map<String, Duration> time = new TreeMap<>(moto.upstreamTime());
      miniStack.upstreamTime().forEach((operation, d) -> time.merge(operation, d, Duration::plus));
      return time;
    }

    private static Map<String, Duration> since(
        Map<String, Duration> after, Map<String, Duration> before) {
      Map<String, Duration> made = new TreeMap<>();
      after.forEach(
          (operation, d) ->
              made.put(operation, d.minus(before.getOrDefault(operation, Duration.ZERO))));
      return made;
    }

    private static Duration sum(Map<String, Duration> times) {
      return times.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * Deletes the fleet: without the operator, the deployments' finalizers are removed here; then
     * the namespace, whose contents Kubernetes deletes in the background (a single request to
     * delete thousands of deployments outlasts the client's request timeout).
     */
    private void deleteFleet() {
      var inFleet = client.resources(EcsDeployment.class).inNamespace(fleet.namespace);
      for (EcsDeployment deployment : inFleet.list().getItems()) {
        if (!deployment.getMetadata().getFinalizers().isEmpty()) {
          inFleet
              .withName(deployment.getMetadata().getName())
              .edit(
                  d -> {
                    d.getMetadata().setFinalizers(List.of());
                    return d;
                  });
        }
      }
      client.namespaces().withName(fleet.namespace).delete();
    }
  }

  static boolean inCanaryWait(EcsDeployment deployment) {
    return "90/10".equals(deployment.getStatus().trafficSplit);
  }

  private static Map<String, Double> perDeployment(Map<String, Long> calls, int deployments) {
    Map<String, Double> per = new TreeMap<>();
    calls.forEach((operation, count) -> per.put(operation, count / (double) deployments));
    return per;
  }

  private static long mutating(Map<String, Long> calls) {
    return calls.entrySet().stream()
        .filter(
            e -> AwsOperation.MUTATING.contains(e.getKey().substring(e.getKey().indexOf(':') + 1)))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
