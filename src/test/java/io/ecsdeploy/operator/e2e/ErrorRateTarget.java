package io.ecsdeploy.operator.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service under analysis, as far as the checks see it: an error rate the test sets, served as
 * JSON to web checks ({@code GET /error-rate}: {@code {"errorRate": 0.01}}) and as a gauge to a
 * Prometheus scrape ({@code GET /metrics}: {@code analysis_error_ratio 0.01}). Loopback only.
 */
final class ErrorRateTarget implements AutoCloseable {
  private final HttpServer server;
  private volatile double errorRate;
  private final AtomicInteger webRequests = new AtomicInteger();

  ErrorRateTarget(double errorRate) throws IOException {
    this.errorRate = errorRate;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/error-rate",
        exchange -> {
          webRequests.incrementAndGet();
          answer(exchange, "application/json", "{\"errorRate\": " + this.errorRate + "}");
        });
    server.createContext(
        "/metrics",
        exchange ->
            answer(
                exchange,
                "text/plain; version=0.0.4",
                "# TYPE analysis_error_ratio gauge\nanalysis_error_ratio "
                    + this.errorRate
                    + "\n"));
    server.start();
  }

  void errorRate(double rate) {
    this.errorRate = rate;
  }

  /** host:port, for a scrape configuration. */
  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  String errorRateUrl() {
    return "http://" + hostAndPort() + "/error-rate";
  }

  int webRequests() {
    return webRequests.get();
  }

  private static void answer(HttpExchange exchange, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
