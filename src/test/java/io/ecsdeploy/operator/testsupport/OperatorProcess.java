package io.ecsdeploy.operator.testsupport;

import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.aws.sdk.AwsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The operator as its own OS process, started from the built jar with the container image's {@code
 * main} ({@code java -cp target/<finalName>.jar:target/operator-lib/*
 * io.ecsdeploy.operator.OperatorMain}), against the test API server and the AWS emulators, so that
 * a test can SIGKILL it and start it again.
 *
 * <p>It gets its settings the way a pod does, from the environment: a kubeconfig written under
 * {@code target/operator-process/}, moto for every AWS service but CloudWatch and Lambda
 * (MiniStack, as for {@link OperatorUnderTest}), fake credentials, a poll interval of 1 second,
 * free ports for the metrics and health endpoints and the hook endpoint, and whatever {@link
 * Builder#env} adds (which wins, so that a test can send AWS calls elsewhere). Its stdout and
 * stderr go to {@code target/operator-logs/<name>-<n>.log}, one file per process started. {@link
 * #close} kills it if it still runs; a JVM shutdown hook kills whatever a failed test left running.
 * The JVM runs with a small heap and the client compiler only, to start fast on a busy machine.
 */
public final class OperatorProcess implements AutoCloseable {
  /** How long a process has to answer {@code /readyz} with 200. */
  public static final Duration READY_DEADLINE = Duration.ofSeconds(60);

  /** A small heap, and the client compiler only, which starts quickest. */
  public static final List<String> TEST_JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  private static final Duration EXIT_DEADLINE = Duration.ofSeconds(30);
  private static final Map<String, AtomicInteger> STARTS = new ConcurrentHashMap<>();
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(Process::destroyForcibly), "operator-process-cleanup"));
  }

  private final String name;
  private final Map<String, String> environment;
  private final List<String> jvmOptions;
  private final int httpPort;
  private final int hooksPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  // Volatile: a test may kill the process from another thread than the one that started it.
  private volatile Process process;
  private Path logFile;
  private Duration startToReady;

  private OperatorProcess(
      String name,
      Map<String, String> environment,
      List<String> jvmOptions,
      int httpPort,
      int hooksPort) {
    this.name = name;
    this.environment = environment;
    this.jvmOptions = jvmOptions;
    this.httpPort = httpPort;
    this.hooksPort = hooksPort;
  }

  /** Starts an operator process whose log files are named after {@code name} (the test's name). */
  public static OperatorProcess start(String name) {
    return builder(name).start();
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** What the process is started with; {@link #start} starts it. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private Optional<String> leaderIdentity = Optional.empty();
    private Optional<String> kubeconfigYaml = Optional.empty();
    private List<String> jvmOptions = TEST_JVM_OPTIONS;

    private Builder(String name) {
      this.name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Runs the controllers only while holding a Lease in namespace {@code default}, as {@code
     * identity} ({@code POD_NAME}); the Lease is {@code ecs-deploy-operator} unless {@code
     * ECSDEPLOY_LEASE_NAME} is set with {@link #env}.
     */
    public Builder leaderElection(String identity) {
      leaderIdentity = Optional.of(identity);
      return this;
    }

    /**
     * Connects to the API server this kubeconfig describes instead of {@link
     * KubeApiServerExtension}'s (a {@link RestartableKubeApiServer}, or a proxy in front of one).
     */
    public Builder kubeconfig(String yaml) {
      kubeconfigYaml = Optional.of(yaml);
      return this;
    }

    /**
     * One more environment variable, set last: it replaces one of the defaults of the same name.
     */
    public Builder env(String variable, String value) {
      extraEnv.put(variable, value);
      return this;
    }

    public Builder env(Map<String, String> variables) {
      extraEnv.putAll(variables);
      return this;
    }

    /**
     * JVM options instead of the tests' ({@link #TEST_JVM_OPTIONS}: a small heap, and the client
     * compiler only, which starts quickest), for a benchmark that runs the JVM as production does.
     */
    public Builder jvmOptions(String... options) {
      jvmOptions = List.of(options);
      return this;
    }

    /** Starts the process and waits until it is ready. */
    public OperatorProcess start() {
      int httpPort = freePort();
      int hooksPort = freePort();
      while (hooksPort == httpPort) {
        hooksPort = freePort();
      }
      Map<String, String> env = new LinkedHashMap<>();
      env.put(
          "KUBECONFIG",
          writeKubeconfig(
                  name,
                  kubeconfigYaml.orElseGet(() -> KubeApiServerExtension.adminKubeConfigYaml()))
              .toString());
      env.put("AWS_REGION", EmulatorClients.REGION.id());
      env.put("AWS_ACCESS_KEY_ID", "testing");
      env.put("AWS_SECRET_ACCESS_KEY", "testing");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("ECSDEPLOY_AWS_ENDPOINT", AwsEmulatorsExtension.motoEndpoint().toString());
      env.put(
          AwsService.CLOUDWATCH.environmentVariable(),
          AwsEmulatorsExtension.cloudWatchEndpoint().toString());
      env.put(
          AwsService.LAMBDA.environmentVariable(),
          AwsEmulatorsExtension.cloudWatchEndpoint().toString());
      env.put(
          AwsService.EVENTBRIDGE.environmentVariable(),
          AwsEmulatorsExtension.cloudWatchEndpoint().toString());
      env.put("ECSDEPLOY_POLL_INTERVAL", "1");
      env.put("ECSDEPLOY_HTTP_PORT", Integer.toString(httpPort));
      env.put("ECSDEPLOY_HOOKS_PORT", Integer.toString(hooksPort));
      env.put("ECSDEPLOY_WATCH_NAMESPACES", "");
      leaderIdentity.ifPresent(
          identity -> {
            env.put("ECSDEPLOY_LEADER_ELECTION", "true");
            env.put("ECSDEPLOY_LEASE_NAMESPACE", "default");
            env.put("POD_NAME", identity);
          });
      env.putAll(extraEnv);
      OperatorProcess operator =
          new OperatorProcess(name, Map.copyOf(env), jvmOptions, httpPort, hooksPort);
      operator.launch();
      return operator;
    }
  }

  /** Starts a new process with the same settings and ports, after stopping this one if it runs. */
  public OperatorProcess restart() {
    if (process.isAlive()) {
      stop();
    }
    launch();
    return this;
  }

  /** SIGKILL: the process ends at once, without its shutdown hooks. Returns its exit code. */
  public int kill() {
    process.destroyForcibly();
    return awaitExit();
  }

  /** SIGTERM: the process closes the operator and exits. Returns its exit code. */
  public int stop() {
    process.destroy();
    return awaitExit();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code of the current process, once it has ended. */
  public OptionalInt exitCode() {
    return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
  }

  public long pid() {
    return process.pid();
  }

  /** The current process's stdout and stderr. */
  public Path logFile() {
    return logFile;
  }

  /** The current process's log as written so far. */
  public String log() {
    try {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The current process's threads and their stacks ({@code jcmd <pid> Thread.print}), for the
   * message of a test that waited in vain: where the operator is stuck.
   */
  public String threadDump() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process dump =
          new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String threads = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      dump.waitFor(30, TimeUnit.SECONDS);
      return threads;
    } catch (IOException e) {
      return "(no thread dump: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)";
    }
  }

  /** How long the current process took from its start to answering {@code /readyz} with 200. */
  public Duration startToReady() {
    return startToReady;
  }

  public String hookEndpoint() {
    return "http://127.0.0.1:" + hooksPort;
  }

  public String metricsEndpoint() {
    return "http://127.0.0.1:" + httpPort + "/metrics";
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private void launch() {
    int n = STARTS.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
    Path log = logDir().resolve(name + "-" + n + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command(jvmOptions))
            .directory(TestPeers.repoDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            key ->
                key.startsWith("ECSDEPLOY_") || key.startsWith("AWS_") || key.equals("POD_NAME"));
    env.putAll(environment);
    Instant started = Instant.now();
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator process", e);
    }
    logFile = log;
    RUNNING.add(process);
    process.onExit().thenAccept(RUNNING::remove);
    awaitReady();
    startToReady = Duration.between(started, Instant.now());
  }

  private void awaitReady() {
    URI readyz = URI.create("http://127.0.0.1:" + httpPort + "/readyz");
    try {
      await()
          .atMost(READY_DEADLINE)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .failFast("the operator process exited", () -> !process.isAlive())
          .until(
              () ->
                  http.send(
                              HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200);
    } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
      process.destroyForcibly();
      awaitExit();
      throw new IllegalStateException(
          "operator process not ready ("
              + e.getMessage()
              + "); its log, "
              + logFile
              + ":\n"
              + log(),
          e);
    }
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while the operator process exits", e);
    }
    RUNNING.remove(process);
    return process.exitValue();
  }

  private static List<String> command(List<String> jvmOptions) {
    Path jar = Path.of(requiredProperty("ecsdeploy.jar"));
    Path lib = Path.of(requiredProperty("ecsdeploy.operator.lib"));
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IllegalStateException(
          "mvn package builds " + jar + " and copies the operator's dependencies to " + lib);
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Djava.io.tmpdir=" + targetDir().resolve("tmp"),
            "-cp",
            jar + ":" + lib + "/*",
            "io.ecsdeploy.operator.OperatorMain"));
    return command;
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set (failsafe sets it, see pom.xml)");
    }
    return value;
  }

  private static Path writeKubeconfig(String name, String yaml) {
    Path file = targetDir().resolve("operator-process").resolve(name + "-kubeconfig.yaml");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static Path logDir() {
    Path dir = targetDir().resolve("operator-logs");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static Path targetDir() {
    return TestPeers.repoDir().resolve("target");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
