package io.ecsdeploy.operator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signing an HTTP hook and reading its answer, against a local HTTP server. */
class HttpHookCallerTest {
  static final byte[] KEY = "It is a secret".getBytes(StandardCharsets.UTF_8);
  static final Instant NOW = Instant.ofEpochSecond(1_764_410_000L);

  final HttpHookCaller caller =
      new HttpHookCaller(Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC));
  final List<String> received = new CopyOnWriteArrayList<>();
  HttpServer server;
  volatile int answerStatus = 200;
  volatile String answerBody = "{\"status\":\"Succeeded\"}";

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(
                exchange.getRequestMethod()
                    + " "
                    + headers.getFirst(HttpHookCaller.TIMESTAMP_HEADER)
                    + " "
                    + headers.getFirst(HttpHookCaller.SIGNATURE_HEADER)
                    + " "
                    + headers.getFirst(HttpHookCaller.EVENT_HEADER)
                    + " "
                    + headers.getFirst(HttpHookCaller.DELIVERY_HEADER)
                    + " "
                    + body);
          }
          if (answerStatus == 302) {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
          }
          byte[] answer = answerBody.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answerStatus, answer.length == 0 ? -1 : answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/smoke";
  }

  @Test
  void theSignatureIsTheHexHmacSha256OfTheTimestampAndTheRawBody() {
    // Computed independently: python3 hmac.new(key, b'1764410000.' + body, sha256).hexdigest()
    assertThat(HttpHookCaller.signature(KEY, 1_764_410_000L, "{\"DeploymentId\":\"d-ABCDEFGHI\"}"))
        .isEqualTo("sha256=6e06b77bbbaaa349b482a851d16ffe36277aa0e6a803596c9c9947d832139acb");
  }

  @Test
  void postsTheBodyWithTheTimestampSignatureEventAndDeliveryHeaders() {
    String body = "{\"DeploymentId\":\"d-ABCDEFGHI\"}";
    HttpHookCaller.Outcome outcome = caller.call(url(), "BeforeAllowTraffic", "exec-1", body, KEY);

    assertThat(outcome.kind()).isEqualTo(HttpHookCaller.Kind.SUCCEEDED);
    assertThat(received)
        .containsExactly(
            "POST 1764410000"
                + " sha256=6e06b77bbbaaa349b482a851d16ffe36277aa0e6a803596c9c9947d832139acb"
                + " BeforeAllowTraffic exec-1 "
                + body);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200|{\"status\":\"Succeeded\"}|SUCCEEDED",
        "200|{\"status\":\"Failed\"}|FAILED",
        "201|{\"status\":\"Failed\"}|FAILED",
        "202|''|PENDING",
        "200|{\"accepted\":true}|PENDING",
        "200|not json|PENDING",
        "302|''|REFUSED",
        "400|''|REFUSED",
        "401|''|REFUSED",
        "404|''|REFUSED",
        "408|''|UNDELIVERED",
        "429|''|UNDELIVERED",
        "500|''|UNDELIVERED",
        "503|{\"status\":\"Succeeded\"}|UNDELIVERED"
      })
  void theAnswerDecidesTheOutcome(int status, String body, HttpHookCaller.Kind expected) {
    answerStatus = status;
    answerBody = body;

    HttpHookCaller.Outcome outcome = caller.call(url(), "AfterInstall", "exec-1", "{}", KEY);

    assertThat(outcome.kind()).isEqualTo(expected);
    assertThat(outcome.statusCode()).isEqualTo(status);
    assertThat(outcome.message()).contains(url()).contains(Integer.toString(status));
    // A redirect is not followed: the signed hook goes nowhere but the named endpoint.
    assertThat(received).hasSize(1);
  }

  @Test
  void anEndpointThatCannotBeReachedIsUndelivered() {
    String gone = url();
    server.stop(0);

    HttpHookCaller.Outcome outcome = caller.call(gone, "AfterInstall", "exec-1", "{}", KEY);

    assertThat(outcome.kind()).isEqualTo(HttpHookCaller.Kind.UNDELIVERED);
    assertThat(outcome.statusCode()).isZero();
  }
}
