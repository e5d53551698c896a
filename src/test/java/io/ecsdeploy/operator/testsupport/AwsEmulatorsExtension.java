package io.ecsdeploy.operator.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the AWS emulators once for the whole test JVM, on free loopback ports, from the virtualenv
 * that {@code hack/aws-peers.sh} installed: moto server (ECS, ELBv2, Lambda, S3, SNS, IAM, STS) and
 * MiniStack (CloudWatch, whose SDK client speaks RPC v2 CBOR, which moto cannot parse). Both stop
 * when the JVM's tests are done.
 */
public final class AwsEmulatorsExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AwsEmulatorsExtension.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static volatile Emulators running;

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (AwsEmulatorsExtension.class) {
      if (running == null) {
        running =
            context
                .getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Emulators.class, key -> Emulators.start(), Emulators.class);
      }
    }
  }

  /** moto server's endpoint, for every service but CloudWatch. */
  public static URI motoEndpoint() {
    return requireRunning().moto.endpoint;
  }

  /** MiniStack's endpoint, for CloudWatch. */
  public static URI cloudWatchEndpoint() {
    return requireRunning().ministack.endpoint;
  }

  /** Clears all state in both emulators, so each test class starts from an empty account. */
  public static void reset() {
    Emulators emulators = requireRunning();
    post(emulators.moto.endpoint.resolve("/moto-api/reset"), "");
    configureMoto(emulators.moto.endpoint);
    post(emulators.ministack.endpoint.resolve("/_ministack/reset"), "");
  }

  private static Emulators requireRunning() {
    if (running == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(AwsEmulatorsExtension.class)");
    }
    return running;
  }

  private static void configureMoto(URI moto) {
    // Lambda functions run in-process: there is no Docker engine on these machines.
    post(moto.resolve("/moto-api/config"), "{\"lambda\":{\"use_docker\":false}}");
  }

  static String post(URI uri, String json) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException(
            uri + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("POST " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String get(URI uri) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The two emulators, started together; also used by the demo, outside JUnit. */
  public static final class Emulators implements ExtensionContext.Store.CloseableResource {
    private final EmulatorProcess moto;
    private final EmulatorProcess ministack;

    private Emulators(EmulatorProcess moto, EmulatorProcess ministack) {
      this.moto = moto;
      this.ministack = ministack;
    }

    public URI motoEndpoint() {
      return moto.endpoint;
    }

    public URI ministackEndpoint() {
      return ministack.endpoint;
    }

    /** Starts both emulators and makes them the ones {@link AwsEmulatorsExtension} hands out. */
    public static Emulators startShared() {
      synchronized (AwsEmulatorsExtension.class) {
        if (running == null) {
          running = start();
        }
        return running;
      }
    }

    static Emulators start() {
      Path bin = TestPeers.venv().resolve("bin");
      int motoPort = freePort();
      EmulatorProcess moto =
          EmulatorProcess.start(
              "moto",
              List.of(
                  TestPeers.require(bin.resolve("moto_server"), "hack/aws-peers.sh").toString(),
                  "-H",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(motoPort)),
              Map.of(),
              URI.create("http://127.0.0.1:" + motoPort),
              "/moto-api/");
      int ministackPort = freePort();
      EmulatorProcess ministack;
      try {
        ministack =
            EmulatorProcess.start(
                "ministack",
                List.of(
                    TestPeers.require(bin.resolve("ministack"), "hack/aws-peers.sh").toString()),
                Map.of("GATEWAY_PORT", Integer.toString(ministackPort), "BIND_HOST", "127.0.0.1"),
                URI.create("http://127.0.0.1:" + ministackPort),
                "/_ministack/health");
      } catch (RuntimeException e) {
        moto.close();
        throw e;
      }
      configureMoto(moto.endpoint);
      return new Emulators(moto, ministack);
    }

    @Override
    public void close() {
      running = null;
      moto.close();
      ministack.close();
    }
  }

  private static final class EmulatorProcess {
    private final String name;
    private final Process process;
    private final URI endpoint;

    private EmulatorProcess(String name, Process process, URI endpoint) {
      this.name = name;
      this.process = process;
      this.endpoint = endpoint;
    }

    static EmulatorProcess start(
        String name,
        List<String> command,
        Map<String, String> env,
        URI endpoint,
        String readyPath) {
      try {
        Path log = Files.createTempFile(name + "-", ".log");
        // In a session of its own: a signal an emulator sends to its process group must not reach
        // the JVM or the build that started it.
        List<String> detached = new java.util.ArrayList<>(List.of("setsid"));
        detached.addAll(command);
        ProcessBuilder builder =
            new ProcessBuilder(detached).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        EmulatorProcess emulator = new EmulatorProcess(name, process, endpoint);
        emulator.awaitReady(readyPath, log);
        return emulator;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start " + name, e);
      }
    }

    private void awaitReady(String readyPath, Path log) throws IOException {
      Instant deadline = Instant.now().plusSeconds(60);
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " exited at start:\n" + Files.readString(log));
        }
        try {
          HttpResponse<Void> response =
              HTTP.send(
                  HttpRequest.newBuilder(endpoint.resolve(readyPath)).GET().build(),
                  HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() < 500) {
            return;
          }
        } catch (IOException notYetListening) {
          // keep polling until the deadline
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        sleep(200);
      }
      close();
      throw new IllegalStateException(
          name + " did not answer within 60 s:\n" + Files.readString(log));
    }

    void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
