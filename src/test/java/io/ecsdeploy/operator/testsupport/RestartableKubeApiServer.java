package io.ecsdeploy.operator.testsupport;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A kube-apiserver and etcd of a test's own, whose API server can be SIGKILLed and started again on
 * the same address while etcd keeps the data: what a cluster's control plane does when the API
 * server restarts. {@code io.fabric8:kube-api-test} (behind {@link KubeApiServerExtension}) cannot:
 * its {@code KubeAPIServer} stops etcd with the API server and deletes etcd's data, and starts the
 * API server on a new port.
 *
 * <p>So this starts both processes itself, from the binaries {@code hack/kube-peers.sh} built and
 * with the flags kube-api-test gives them (RBAC authorization, kube-api-test's certificates in its
 * directory, the ServiceAccount admission plugin off, service accounts signed with the API server's
 * key), each on a free loopback port kept for its life. etcd's data is under {@code
 * target/tmp/<name>-etcd-*}, deleted by {@link #close}; the logs go to {@code
 * target/kube-logs/<name>-{etcd,kube-apiserver-<n>}.log}. A JVM shutdown hook kills whatever a
 * failed test left running.
 */
public final class RestartableKubeApiServer implements AutoCloseable {
  private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "kube-apiserver-cleanup"));
  }

  private final String name;
  private final Path binaries = TestPeers.kubeBinaryDir();
  private final Path certDir = TestPeers.kubeApiTestDir();
  private final CertManager certificates;
  private final Path dataDir;
  private final int etcdPort = freePort();
  private final int etcdPeerPort = freePort();
  private final int apiServerPort = freePort();
  private final AtomicInteger apiServerStarts = new AtomicInteger();
  private Process etcd;
  private Process apiServer;
  private KubernetesClient client;

  private RestartableKubeApiServer(String name) {
    this.name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    TestPeers.require(binaries.resolve("kube-apiserver"), "hack/kube-peers.sh");
    TestPeers.require(binaries.resolve("etcd"), "hack/kube-peers.sh");
    this.certificates = new CertManager(certDir.toString());
    certificates.createCertificatesIfNeeded();
    try {
      Path tmp = TestPeers.targetSubdir("tmp");
      this.dataDir = Files.createTempDirectory(tmp, this.name + "-etcd-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts etcd, then the API server, and waits until the API server serves. */
  public static RestartableKubeApiServer start(String name) {
    RestartableKubeApiServer server = new RestartableKubeApiServer(name);
    try {
      server.startEtcd();
      server.startApiServer();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The administrator's kubeconfig ({@code system:masters}), for this API server's address. */
  public String adminKubeConfigYaml() {
    return adminKubeConfigYaml(apiServerPort);
  }

  /**
   * The administrator's kubeconfig for another port of this machine that leads to this API server
   * (a proxy in between, say): the API server's certificate names 127.0.0.1, whatever the port.
   */
  public String adminKubeConfigYaml(int port) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "  - name: " + name,
        "    cluster:",
        "      certificate-authority: " + certificates.getAPIServerCertPath(),
        "      server: https://127.0.0.1:" + port,
        "users:",
        "  - name: " + name + "-admin",
        "    user:",
        "      client-certificate: " + certificates.getClientCertPath(),
        "      client-key: " + certificates.getClientKeyPath(),
        "contexts:",
        "  - name: " + name,
        "    context:",
        "      cluster: " + name,
        "      user: " + name + "-admin",
        "      namespace: default",
        "current-context: " + name,
        "");
  }

  /** The API server's port, the same after every restart. */
  public int port() {
    return apiServerPort;
  }

  /** An administrator's client of this API server, closed with it. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = newClient();
    }
    return client;
  }

  /** A new administrator's client; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(adminKubeConfigYaml()))
        .build();
  }

  public boolean apiServerIsAlive() {
    return apiServer != null && apiServer.isAlive();
  }

  /** SIGKILL to the API server only: connections drop at once, etcd keeps running. */
  public void killApiServer() {
    if (apiServer != null) {
      stop(apiServer);
    }
  }

  /**
   * Starts the API server (again) on the same port, against the same etcd, and waits until it
   * serves: {@code /readyz} answers 200 and namespace {@code default} can be read. Returns how long
   * that took.
   */
  public Duration startApiServer() {
    if (apiServerIsAlive()) {
      throw new IllegalStateException("the API server runs already");
    }
    Instant started = Instant.now();
    apiServer =
        launch(
            "kube-apiserver-" + apiServerStarts.incrementAndGet(),
            List.of(
                binaries.resolve("kube-apiserver").toString(),
                "--cert-dir",
                certDir.toString(),
                "--secure-port",
                Integer.toString(apiServerPort),
                "--etcd-servers",
                "http://127.0.0.1:" + etcdPort,
                "--authorization-mode",
                "RBAC",
                "--service-account-issuer",
                "https://localhost",
                "--service-account-signing-key-file",
                certificates.getAPIServerKeyPath(),
                "--service-account-key-file",
                certificates.getAPIServerKeyPath(),
                "--service-account-issuer",
                certificates.getAPIServerCertPath(),
                "--disable-admission-plugins",
                "ServiceAccount",
                "--client-ca-file",
                certificates.getClientCertPath(),
                "--service-cluster-ip-range",
                "10.0.0.0/24",
                "--allow-privileged"));
    try (KubernetesClient probe = newClient()) {
      await()
          .atMost(READY_DEADLINE)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .failFast("kube-apiserver exited", () -> !apiServer.isAlive())
          .until(
              () ->
                  "ok".equals(probe.raw("/readyz"))
                      && probe.namespaces().withName("default").get() != null);
    } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
      throw new IllegalStateException(
          "kube-apiserver not ready; its log is in " + TestPeers.targetSubdir("kube-logs"), e);
    }
    return Duration.between(started, Instant.now());
  }

  private void startEtcd() {
    etcd =
        launch(
            "etcd",
            List.of(
                binaries.resolve("etcd").toString(),
                "--data-dir",
                dataDir.resolve("data").toString(),
                "--wal-dir",
                dataDir.resolve("wal").toString(),
                "--listen-client-urls",
                "http://127.0.0.1:" + etcdPort,
                "--advertise-client-urls",
                "http://127.0.0.1:" + etcdPort,
                "--initial-cluster",
                "default=http://127.0.0.1:" + etcdPeerPort,
                "--initial-advertise-peer-urls",
                "http://127.0.0.1:" + etcdPeerPort,
                "--listen-peer-urls",
                "http://127.0.0.1:" + etcdPeerPort));
  }

  private Process launch(String what, List<String> command) {
    Path log = TestPeers.targetSubdir("kube-logs").resolve(name + "-" + what + ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
              .start();
      RUNNING.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + what, e);
    }
  }

  private static void stop(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RUNNING.remove(process);
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (apiServer != null) {
      stop(apiServer);
    }
    if (etcd != null) {
      stop(etcd);
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
