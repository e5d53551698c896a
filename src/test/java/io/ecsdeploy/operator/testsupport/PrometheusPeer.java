package io.ecsdeploy.operator.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Prometheus server, built from its Go module by {@code hack/prometheus-peer.sh}, scraping
 * the given targets every second. Its configuration, data and log stay under {@code
 * target/prometheus/}; it listens on loopback only.
 */
public final class PrometheusPeer implements AutoCloseable {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final URI address;
  private final Path log;

  private PrometheusPeer(Process process, URI address, Path log) {
    this.process = process;
    this.address = address;
    this.log = log;
  }

  /** The binary {@code hack/prometheus-peer.sh} built. */
  static Path binary() {
    String version = System.getProperty("prometheus.module.version", "0.316.0");
    return TestPeers.require(
        TestPeers.cacheDir().resolve("prometheus").resolve(version).resolve("prometheus"),
        "hack/prometheus-peer.sh");
  }

  /** Starts a server scraping {@code targets} (host:port, path /metrics) every second. */
  public static PrometheusPeer start(List<String> targets) {
    Path binary = binary();
    Path dir = TestPeers.targetSubdir("prometheus").resolve("run-" + SEQUENCE.incrementAndGet());
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(
          dir.resolve("prometheus.yml"),
          "global:\n"
              + "  scrape_interval: 1s\n"
              + "  evaluation_interval: 1s\n"
              + "scrape_configs:\n"
              + "  - job_name: analysis-target\n"
              + "    static_configs:\n"
              + "      - targets: ["
              + String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())
              + "]\n");
      int port = freePort();
      Path log = dir.resolve("prometheus.log");
      Process process =
          new ProcessBuilder(
                  "setsid",
                  binary.toString(),
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PrometheusPeer peer =
          new PrometheusPeer(process, URI.create("http://127.0.0.1:" + port), log);
      peer.awaitReady();
      return peer;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start Prometheus", e);
    }
  }

  /** The server's base URL. */
  public URI address() {
    return address;
  }

  /** The answer of an instant query, as JSON text. */
  public String query(String promql) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(
                      address.resolve(
                          "/api/v1/query?query="
                              + java.net.URLEncoder.encode(
                                  promql, java.nio.charset.StandardCharsets.UTF_8)))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "Prometheus exited at start:\n" + Files.readString(log));
                }
                return HTTP.send(
                            HttpRequest.newBuilder(address.resolve("/-/ready")).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
