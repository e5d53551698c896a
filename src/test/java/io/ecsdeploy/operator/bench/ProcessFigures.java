package io.ecsdeploy.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark reads of the processes on this machine: an operator's heap after a full GC and
 * its resident set, and the CPU time of each peer (the operator, the emulators, the API server and
 * etcd), found by their command lines.
 */
final class ProcessFigures {
  private ProcessFigures() {}

  /** A process's memory: the heap in use right after a full GC, and the resident set. */
  /**
   * @param heapAfterGc the heap in use after a full GC
   * @param rss the process's resident set
   * @param committedByArea what the JVM has committed, by Native Memory Tracking's area (Java Heap,
   *     Class, Thread, ...), largest first, with its total under {@link #NATIVE_TOTAL}; empty
   *     without {@code -XX:NativeMemoryTracking}
   */
  record Memory(long heapAfterGc, long rss, Map<String, Long> committedByArea) {}

  /** The total of Native Memory Tracking's areas, in {@link Memory#committedByArea}. */
  static final String NATIVE_TOTAL = "Total";

  /** The benchmark's own JVM, among the {@link #PEERS}. */
  static final String BENCHMARK = "benchmark (proxies, watches)";

  /** The peers whose CPU time the benchmark reports, by the text their command lines contain. */
  static final Map<String, String> PEERS = peers();

  private static Map<String, String> peers() {
    Map<String, String> peers = new LinkedHashMap<>();
    peers.put("operator", "io.ecsdeploy.operator.OperatorMain");
    peers.put("moto", "moto_server");
    peers.put("MiniStack", "ministack");
    peers.put("kube-apiserver", "kube-apiserver");
    peers.put("etcd", "/etcd");
    peers.put("kube-controller-manager", "kube-controller-manager");
    // This JVM: the counting proxies in front of the emulators and the watches of the fleet.
    peers.put(BENCHMARK, "");
    return peers;
  }

  /**
   * Runs a full GC in the process ({@code jcmd GC.run}), then reads its heap in use ({@code
   * jvm_memory_used_bytes{area="heap"}} from its metrics) and its resident set ({@code VmRSS}).
   */
  static Memory memory(long pid, String metricsEndpoint) {
    jcmd(pid, "GC.run");
    long heap =
        (long)
            PrometheusText.fetch(metricsEndpoint).stream()
                .filter(s -> s.name().equals("jvm_memory_used_bytes"))
                .filter(s -> "heap".equals(s.labels().get("area")))
                .mapToDouble(PrometheusText.Sample::value)
                .sum();
    return new Memory(heap, rss(pid), committedByArea(pid));
  }

  /** "Total: reserved=..KB, committed=..KB" and "- Java Heap (reserved=..KB, committed=..KB)". */
  private static final java.util.regex.Pattern NATIVE_AREA =
      java.util.regex.Pattern.compile(
          "^(?:-\\s*(.+?)\\s*\\(|(Total):\\s*)reserved=\\d+KB, committed=(\\d+)KB");

  /**
   * {@code jcmd VM.native_memory summary}: the memory the JVM committed, by area (the process was
   * started with {@code -XX:NativeMemoryTracking=summary}); empty when it was not.
   */
  static Map<String, Long> committedByArea(long pid) {
    String summary;
    try {
      summary = jcmd(pid, "VM.native_memory", "summary", "scale=KB");
    } catch (IllegalStateException e) {
      return Map.of();
    }
    Map<String, Long> areas = new LinkedHashMap<>();
    summary
        .lines()
        .map(String::trim)
        .map(NATIVE_AREA::matcher)
        .filter(java.util.regex.Matcher::find)
        .forEach(
            m ->
                areas.putIfAbsent(
                    m.group(1) != null ? m.group(1) : m.group(2),
                    Long.parseLong(m.group(3)) * 1024));
    Map<String, Long> largestFirst = new LinkedHashMap<>();
    areas.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
    return largestFirst;
  }

  /** Runs a jcmd command in the process, e.g. {@code GC.run}, and returns its output. */
  static String jcmd(long pid, String... command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> line = new java.util.ArrayList<>();
    line.add(jcmd.toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The process's resident set in bytes, from {@code /proc/<pid>/status}. */
  static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      throw new IllegalStateException("no VmRSS for process " + pid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time so far of every peer in {@link #PEERS} (summed over its processes). */
  static Map<String, Duration> peerCpu() {
    Map<String, Duration> cpu = new LinkedHashMap<>();
    PEERS.keySet().forEach(peer -> cpu.put(peer, Duration.ZERO));
    cpu.put(BENCHMARK, ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
    ProcessHandle.allProcesses()
        .filter(process -> process.pid() != ProcessHandle.current().pid())
        .forEach(
            process -> {
              String command = process.info().commandLine().orElse("");
              for (Map.Entry<String, String> peer : PEERS.entrySet()) {
                if (!peer.getKey().equals(BENCHMARK) && command.contains(peer.getValue())) {
                  Duration used = process.info().totalCpuDuration().orElse(Duration.ZERO);
                  cpu.merge(peer.getKey(), used, Duration::plus);
                  return;
                }
              }
            });
    return cpu;
  }

  /** The machine's busy CPU time so far (all cores, every process), from {@code /proc/stat}. */
  static Duration machineBusyCpu() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i = 1; i < fields.length; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return Duration.ofMillis(busy * 10); // USER_HZ is 100 on Linux
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The machine's load average over the last minute, from {@code /proc/loadavg}. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The machine's memory, from {@code /proc/meminfo}. */
  static long machineMemory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
