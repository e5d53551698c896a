package io.ecsdeploy.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ecsdeploy.operator.lifecycle.AnalysisCheck;
import io.ecsdeploy.operator.lifecycle.AnalysisMeasurement;
import io.ecsdeploy.operator.lifecycle.AnalysisPhase;
import io.ecsdeploy.operator.lifecycle.AnalysisQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Web checks against an HTTP server in the test: what is sent, where the result is read, and what
 * becomes an error instead of an exception.
 */
class AnalysisMeasurerTest {
  private HttpServer server;
  private final AtomicReference<String> received = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AnalysisMeasurer measurer = new AnalysisMeasurer(Clock.systemUTC());

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/summary",
        exchange -> {
          received.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Suite")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          answer(
              exchange,
              200,
              "{\"summary\": {\"status\": \"ok\", \"failed\": 0, \"tags\": [1, 2]}}");
        });
    server.createContext("/broken", exchange -> answer(exchange, 503, "{}"));
    server.createContext(
        "/slow",
        exchange -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          answer(exchange, 200, "{}");
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int code, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private AnalysisMeasurement measure(String path, String method, String jsonPath, String success) {
    AnalysisQuery.Web web =
        new AnalysisQuery.Web(
            "http://127.0.0.1:" + server.getAddress().getPort() + path,
            method,
            Map.of("X-Suite", "checkout"),
            "{\"run\": true}",
            jsonPath);
    AnalysisCheck check =
        new AnalysisCheck(
            "smoke",
            Duration.ofSeconds(10),
            null,
            0,
            0,
            new AnalysisQuery(Duration.ofSeconds(1), success, null, null, null, web));
    return measurer.measure(check, "AllowTraffic step 1", null);
  }

  @Test
  void postsTheBodyWithTheHeadersAndJudgesTheValueAtThePointer() {
    AnalysisMeasurement measurement =
        measure(
            "/summary",
            "POST",
            "/summary",
            "result.status == 'ok' && result.failed == 0 && size(result.tags) == 2");

    assertThat(received.get()).isEqualTo("POST checkout {\"run\": true}");
    assertThat(measurement.phase()).isEqualTo(AnalysisPhase.Successful);
    assertThat(measurement.value())
        .isEqualTo("{\"status\":\"ok\",\"failed\":0.0,\"tags\":[1.0,2.0]}");
    assertThat(measurement.waitName()).isEqualTo("AllowTraffic step 1");
    assertThat(measurement.finishedAt()).isAfterOrEqualTo(measurement.startedAt());
  }

  @Test
  void aConditionThatDoesNotHoldFails() {
    assertThat(measure("/summary", "GET", "/summary/failed", "result > 0").phase())
        .isEqualTo(AnalysisPhase.Failed);
    assertThat(received.get()).startsWith("GET checkout");
  }

  @Test
  void whatCannotBeMeasuredIsAnErrorThatSaysWhy() {
    AnalysisMeasurement missing = measure("/summary", "GET", "/summary/latency", "result < 1");
    assertThat(missing.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(missing.message()).contains("has no value at /summary/latency");

    AnalysisMeasurement unavailable = measure("/broken", "GET", null, "true");
    assertThat(unavailable.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(unavailable.message()).endsWith("answered HTTP 503");

    AnalysisMeasurement slow = measure("/slow", "GET", null, "true");
    assertThat(slow.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(slow.message()).endsWith("did not answer within 1 s");

    AnalysisMeasurement notEvaluable = measure("/summary", "GET", "/summary", "result[0] < 1");
    assertThat(notEvaluable.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(notEvaluable.value()).startsWith("{\"status\"");
    assertThat(notEvaluable.message()).contains("could not be evaluated");
  }
}
