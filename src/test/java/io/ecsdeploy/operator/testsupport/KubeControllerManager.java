package io.ecsdeploy.operator.testsupport;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code kube-controller-manager} (built by {@code hack/kube-peers.sh} from the same Kubernetes
 * module as the API server) running beside a test API server, so that what a cluster's controllers
 * do happens for real: owner-reference garbage collection (an owner's deletion deletes its
 * dependents) and namespace deletion (a deleted namespace's content is deleted, then the namespace
 * goes). The API server alone does neither. Only those two controllers run ({@code
 * --controllers=garbagecollector,namespace}), without leader election, and with the identity of the
 * kubeconfig they are given: the tests' administrator ({@code system:masters}), since without
 * {@code --use-service-account-credentials} every controller uses that one identity.
 *
 * <p>Start it after the CRDs the test uses are installed: its garbage collector looks for new
 * resource types only every 30 seconds. {@link #start} returns once the garbage collector has
 * collected a probe (a ConfigMap whose owner was deleted). Its log goes to {@code
 * target/kube-logs/<name>-kube-controller-manager.log}; {@link #close} kills it, and a JVM shutdown
 * hook kills whatever a failed test left running. The tests that do not start it keep an API server
 * without these controllers.
 */
public final class KubeControllerManager implements AutoCloseable {
  private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(Process::destroyForcibly),
                "kube-controller-manager-cleanup"));
  }

  private final Process process;
  private final Path logFile;
  private Duration startToReady;

  private KubeControllerManager(Process process, Path logFile) {
    this.process = process;
    this.logFile = logFile;
  }

  /** Beside the API server of {@link KubeApiServerExtension}. */
  public static KubeControllerManager besideTestApiServer(String name) {
    return start(name, KubeApiServerExtension.adminKubeConfigYaml());
  }

  /** Beside the API server that {@code kubeconfigYaml} reaches, with its credentials. */
  public static KubeControllerManager start(String name, String kubeconfigYaml) {
    Path binary =
        TestPeers.require(
            TestPeers.kubeBinaryDir().resolve("kube-controller-manager"), "hack/kube-peers.sh");
    Path dir = TestPeers.targetSubdir("kube-logs");
    String safeName = name.replaceAll("[^A-Za-z0-9._-]", "_");
    Path kubeconfig = dir.resolve(safeName + "-kube-controller-manager-kubeconfig.yaml");
    Path log = dir.resolve(safeName + "-kube-controller-manager.log");
    try {
      Files.writeString(kubeconfig, kubeconfigYaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command =
        List.of(
            binary.toString(),
            "--kubeconfig=" + kubeconfig,
            "--controllers=garbagecollector,namespace",
            "--leader-elect=false",
            // Its own HTTPS endpoint (health, metrics) is not needed: the probe below says more.
            "--secure-port=0");
    Instant started = Instant.now();
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start kube-controller-manager", e);
    }
    RUNNING.add(process);
    KubeControllerManager manager = new KubeControllerManager(process, log);
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build()) {
      manager.awaitGarbageCollection(client);
    } catch (RuntimeException e) {
      manager.close();
      throw new IllegalStateException(
          "kube-controller-manager did not collect garbage; its log, " + log + ":\n" + tail(log),
          e);
    }
    manager.startToReady = Duration.between(started, Instant.now());
    return manager;
  }

  /**
   * A ConfigMap owned by another one, in namespace default: once the owner is deleted, the garbage
   * collector deletes the dependent (also when the owner went before the collector's first sync: it
   * then finds the owner reference dangling).
   */
  private void awaitGarbageCollection(KubernetesClient client) {
    String probe = "gc-probe-" + UUID.randomUUID().toString().substring(0, 8);
    ConfigMap owner =
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName(probe).endMetadata().build())
            .create();
    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(probe + "-dependent")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName(probe)
                .withUid(owner.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    client.configMaps().inNamespace("default").withName(probe).delete();
    try {
      await()
          .atMost(READY_DEADLINE)
          .pollInterval(Duration.ofMillis(200))
          .failFast("kube-controller-manager exited", () -> !process.isAlive())
          .until(
              () ->
                  client.configMaps().inNamespace("default").withName(probe + "-dependent").get()
                      == null);
    } catch (ConditionTimeoutException e) {
      client.configMaps().inNamespace("default").withName(probe + "-dependent").delete();
      throw e;
    }
  }

  /** How long it took from its start to collecting the probe. */
  public Duration startToReady() {
    return startToReady;
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(process);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
