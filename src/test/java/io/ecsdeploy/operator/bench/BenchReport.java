package io.ecsdeploy.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Writes {@code bench/results.md} and {@code bench/results.png} from the figures of each N. */
final class BenchReport {
  private BenchReport() {}

  /** What one N measured; null where it was not measured. */
  static final class SizeFigures {
    final int size;
    Duration setup;
    Duration start;
    ProcessFigures.Memory memoryIdle;
    ProcessFigures.Memory memoryHalf;
    ProcessFigures.Memory memoryFull;
    Duration applied;
    Duration allSucceeded;
    Map<String, Double> allAtOnceCalls = new TreeMap<>();
    final Map<String, Map<String, Double>> shortCalls = new LinkedHashMap<>();
    Duration emulatorTime;
    Duration emulatorWall;
    final Map<String, Duration> peerCpu = new LinkedHashMap<>();
    Duration machineCpu;
    double[] reconcileCpu;
    double[] reconcileOwn;
    double[] reconcileKubernetes;
    double[] waitEndDelay;
    String profile;
    Map<String, Double> waitingReadsPerMinute = new TreeMap<>();
    Duration failover;
    Duration failoverLeaseTaken;
    Duration failoverFirstCall;
    double loadBefore;
    double loadAfter;
    Duration limitedAllSucceeded;
    Duration limitedMinimum;
    long limitedThrottled;

    SizeFigures(int size) {
      this.size = size;
    }

    double deploymentsPerMinute() {
      return allSucceeded == null ? Double.NaN : size * 60_000.0 / allSucceeded.toMillis();
    }

    double allAtOnceTotal() {
      return allAtOnceCalls.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double waitingTotal() {
      return waitingReadsPerMinute.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** The fewest mutating calls each kind of deployment needs (all with a test listener). */
  static final Map<String, Map<String, Integer>> MINIMUM =
      Map.of(
          "AllAtOnce",
          Map.of(
              "CreateTaskSet",
              1,
              "ModifyListener",
              2,
              "UpdateServicePrimaryTaskSet",
              1,
              "DeleteTaskSet",
              1),
          "canary",
          Map.of(
              "CreateTaskSet",
              1,
              "ModifyListener",
              3,
              "UpdateServicePrimaryTaskSet",
              1,
              "DeleteTaskSet",
              1),
          "linear",
          Map.of(
              "CreateTaskSet",
              1,
              "ModifyListener",
              3,
              "UpdateServicePrimaryTaskSet",
              1,
              "DeleteTaskSet",
              1));

  static void write(Path dir, List<SizeFigures> sizes) throws IOException {
    String sizesArgument = sizes.stream().map(s -> "" + s.size).collect(Collectors.joining(","));
    String command =
        "make bench" + (sizesArgument.equals("10,100,1000") ? "" : " BENCH_SIZES=" + sizesArgument);
    String machine =
        String.format(
            "%d cores, %.0f GiB memory, Java %s",
            Runtime.getRuntime().availableProcessors(),
            ProcessFigures.machineMemory() / (1024.0 * 1024 * 1024),
            System.getProperty("java.version"));
    List<String> lines = new ArrayList<>();
    lines.add("# Benchmark results");
    lines.add("");
    lines.add(
        "Measured "
            + LocalDate.now()
            + " with `"
            + command
            + "` on "
            + machine
            + ". The operator runs as its own process with the Helm chart's JVM settings (384 MiB"
            + " heap), against the real kube-apiserver and etcd, moto and MiniStack, each behind"
            + " a counting proxy, all on this machine. Poll interval 5 s. Targets from issue 11.");
    lines.add("");
    lines.add("![throughput and latency against N](results.png)");
    lines.add("");
    lines.add("## Summary");
    lines.add("");
    List<Column> columns = new ArrayList<>();
    columns.add(
        new Column(
            "F1 reconcile own time (wall less AWS calls) p50 / p99",
            "≤ 10 / ≤ 50 ms at N = 1000",
            s -> pair(s.reconcileOwn, "ms")));
    columns.add(
        new Column(
            "F1 … of which requests to the API server (status writes, Events) p50 / p99",
            "-",
            s -> pair(s.reconcileKubernetes, "ms")));
    columns.add(
        new Column("F1 reconcile CPU time p50 / p99", "-", s -> pair(s.reconcileCpu, "ms")));
    columns.add(
        new Column("F1 wait end to next action p50 / p99", "-", s -> pair(s.waitEndDelay, "ms")));
    columns.add(
        new Column(
            "F2 AWS calls per zero-wait AllAtOnce deployment (with a test listener)",
            "≤ 12",
            s -> String.format("%.1f", s.allAtOnceTotal())));
    columns.add(
        new Column(
            "F2 AWS calls per deployment-minute while N canaries wait (one alarm each)",
            "≤ 3 at N = 1000",
            s ->
                s.waitingReadsPerMinute.isEmpty() ? "-" : String.format("%.1f", s.waitingTotal())));
    columns.add(
        new Column(
            "F3 N zero-wait AllAtOnce deployments applied at once: all succeeded after",
            "≤ 60 s at N = 1000",
            s -> seconds(s.allSucceeded)));
    columns.add(
        new Column(
            "F3 the same with client-side limits on (AWS's rates, throttled above them): all"
                + " succeeded after / least the rates allow / throttled calls",
            "within 10% of the least, 0 throttled",
            s ->
                s.limitedAllSucceeded == null
                    ? "not run"
                    : seconds(s.limitedAllSucceeded)
                        + " / "
                        + seconds(s.limitedMinimum)
                        + " / "
                        + s.limitedThrottled));
    columns.add(
        new Column(
            "F3 deployments per minute",
            "-",
            s -> String.format("%.0f", s.deploymentsPerMinute())));
    columns.add(new Column("F4 heap after full GC / RSS: idle", "-", s -> memory(s.memoryIdle)));
    columns.add(new Column("F4 … N/2 canaries running", "-", s -> memory(s.memoryHalf)));
    columns.add(
        new Column(
            "F4 … N canaries running", "heap ≤ 128 MB at N = 1000", s -> memory(s.memoryFull)));
    columns.add(
        new Column(
            "F4 heap per running deployment",
            "-",
            s ->
                s.memoryFull == null || s.memoryIdle == null
                    ? "-"
                    : String.format(
                        "%.1f KiB",
                        (s.memoryFull.heapAfterGc() - s.memoryIdle.heapAfterGc())
                            / 1024.0
                            / s.size)));
    columns.add(new Column("F5 start to controllers started", "≤ 2 s", s -> seconds(s.start)));
    columns.add(
        new Column(
            "F5 leader SIGKILLed to the standby's first change",
            "≤ 15 s",
            s -> seconds(s.failover)));
    columns.add(
        new Column(
            "F5 … of which: to the Lease taken / to the standby's first AWS call",
            "-",
            s -> seconds(s.failoverLeaseTaken) + " / " + seconds(s.failoverFirstCall)));
    lines.add(
        "| figure | target | "
            + sizes.stream().map(s -> "N = " + s.size).collect(Collectors.joining(" | "))
            + " |");
    lines.add("|---|---|" + "---|".repeat(sizes.size()));
    columns.add(
        new Column(
            "machine load average (1 min) before / after",
            "-",
            s -> String.format("%.1f / %.1f", s.loadBefore, s.loadAfter)));
    for (Column column : columns) {
      lines.add(
          "| "
              + column.name()
              + " | "
              + column.target()
              + " | "
              + sizes.stream().map(column.value()).collect(Collectors.joining(" | "))
              + " |");
    }
    lines.add("");
    lines.add(
        "F3 runs with the operator's client-side rate limits off (emulator speed), then, for N up"
            + " to 100, again with them on while the proxies throttle every call above its API"
            + " class's AWS rate, against the least time those rates allow for the calls made.");
    lines.add("");

    lines.add("## F2: AWS calls per deployment, by operation");
    lines.add("");
    for (SizeFigures s : sizes) {
      Map<String, Map<String, Double>> kinds = new LinkedHashMap<>();
      kinds.put("AllAtOnce", s.allAtOnceCalls);
      kinds.putAll(s.shortCalls);
      TreeSet<String> operations = new TreeSet<>();
      kinds.values().forEach(m -> operations.addAll(m.keySet()));
      lines.add("### N = " + s.size);
      lines.add("");
      lines.add(
          "Canary: 20% for 5 s; linear: 50% every 5 s; "
              + OperatorBenchmark.SHORT_DEPLOYMENTS
              + " of each, after the N AllAtOnce. Minimum: the fewest mutating calls each needs.");
      lines.add("");
      lines.add(
          "| operation | "
              + kinds.keySet().stream()
                  .map(k -> k + " | minimum")
                  .collect(Collectors.joining(" | "))
              + " |");
      lines.add("|---|" + "---|---|".repeat(kinds.size()));
      for (String operation : operations) {
        String name = operation.substring(operation.indexOf(':') + 1);
        StringBuilder row = new StringBuilder("| " + operation + " | ");
        for (Map.Entry<String, Map<String, Double>> kind : kinds.entrySet()) {
          Double value = kind.getValue().get(operation);
          Integer minimum = MINIMUM.getOrDefault(kind.getKey(), Map.of()).get(name);
          row.append(value == null ? "-" : String.format("%.2f", value))
              .append(" | ")
              .append(minimum == null ? "" : minimum)
              .append(" | ");
        }
        lines.add(row.toString().trim());
      }
      lines.add("");
      if (!s.waitingReadsPerMinute.isEmpty()) {
        lines.add("While " + s.size + " canaries wait, per deployment-minute:");
        lines.add("");
        lines.add("| operation | calls per deployment-minute |");
        lines.add("|---|---|");
        s.waitingReadsPerMinute.forEach(
            (operation, perMinute) ->
                lines.add(String.format("| %s | %.2f |", operation, perMinute)));
        lines.add("");
      }
    }

    lines.add("## Where the time goes");
    lines.add("");
    lines.add(
        "During the F3 round: the time the emulators took to answer the operator's calls (summed"
            + " over concurrent calls, measured at the proxies), each peer's CPU time, and the"
            + " machine's busy CPU time; then where the operator's own CPU went, from a flight"
            + " recording (JFR, profile settings) from the controllers' start to the end of the"
            + " canary and linear rounds.");
    lines.add("");
    lines.add(
        "| N | round wall time | emulators answering (sum) | "
            + String.join(" CPU | ", ProcessFigures.PEERS.keySet())
            + " CPU | machine busy CPU |");
    lines.add("|---|---|---|" + "---|".repeat(ProcessFigures.PEERS.size()) + "---|");
    for (SizeFigures s : sizes) {
      StringBuilder row =
          new StringBuilder(
              "| " + s.size + " | " + seconds(s.emulatorWall) + " | " + seconds(s.emulatorTime));
      for (String peer : ProcessFigures.PEERS.keySet()) {
        Duration cpu = s.peerCpu.get(peer);
        row.append(" | ")
            .append(
                cpu == null || s.machineCpu == null
                    ? "-"
                    : String.format(
                        "%s (%.0f%%)",
                        seconds(cpu),
                        100.0 * cpu.toMillis() / Math.max(1, s.machineCpu.toMillis())));
      }
      row.append(" | ").append(seconds(s.machineCpu)).append(" |");
      lines.add(row.toString());
    }
    lines.add("");
    for (SizeFigures s : sizes) {
      lines.add("- N = " + s.size + ": " + (s.profile == null ? "-" : s.profile));
    }
    lines.add("");
    lines.add("## Where the memory goes");
    lines.add("");
    lines.add(
        "With N canaries running, after a full GC: the operator's resident set, and what the JVM"
            + " has committed by area (Native Memory Tracking, `jcmd VM.native_memory summary`),"
            + " largest first; what the resident set holds beyond the JVM's total is the C"
            + " library's allocator.");
    lines.add("");
    for (SizeFigures s : sizes) {
      lines.add("- N = " + s.size + ": " + nativeMemory(s.memoryFull));
    }
    lines.add("");
    Files.write(dir.resolve("results.md"), lines);
    BenchChart.write(
        dir.resolve("results.png"),
        sizes.stream()
            .map(
                s ->
                    new BenchChart.Point(
                        s.size,
                        s.deploymentsPerMinute(),
                        s.allSucceeded == null ? Double.NaN : s.allSucceeded.toMillis() / 1000.0,
                        s.reconcileOwn == null ? Double.NaN : s.reconcileOwn[1]))
            .toList(),
        "ecs-deploy-operator, " + command + ", " + LocalDate.now() + ", " + machine);
    System.out.println(String.join("\n", lines));
  }

  private record Column(String name, String target, Function<SizeFigures, String> value) {}

  private static String pair(double[] quantiles, String unit) {
    if (quantiles == null || quantiles[2] == 0) {
      return "-";
    }
    return String.format(
        "%.1f / %.1f %s (%d)", quantiles[0], quantiles[1], unit, (long) quantiles[2]);
  }

  private static String nativeMemory(ProcessFigures.Memory m) {
    if (m == null || m.committedByArea().isEmpty()) {
      return "-";
    }
    Long total = m.committedByArea().get(ProcessFigures.NATIVE_TOTAL);
    String areas =
        m.committedByArea().entrySet().stream()
            .filter(e -> !e.getKey().equals(ProcessFigures.NATIVE_TOTAL))
            .limit(8)
            .map(e -> e.getKey() + " " + mebibytes(e.getValue()))
            .collect(Collectors.joining(", "));
    return String.format(
        "resident %s; the JVM committed %s: %s",
        mebibytes(m.rss()), total == null ? "-" : mebibytes(total), areas);
  }

  private static String mebibytes(long bytes) {
    return String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
  }

  private static String seconds(Duration d) {
    return d == null ? "-" : String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static String memory(ProcessFigures.Memory m) {
    return m == null
        ? "-"
        : String.format("%.0f / %.0f MiB", m.heapAfterGc() / 1048576.0, m.rss() / 1048576.0);
  }
}
