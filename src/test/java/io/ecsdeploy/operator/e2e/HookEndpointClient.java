package io.ecsdeploy.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Sends requests to the operator's hook endpoint as the catalogue needs them: well-formed or not,
 * all at once, or a byte at a time over a plain socket.
 */
final class HookEndpointClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final int port;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  HookEndpointClient(String endpoint) {
    this.endpoint = URI.create(endpoint + "/");
    this.port = this.endpoint.getPort();
  }

  /** What came back: the status, and the error code and message or the echoed execution id. */
  record Answer(int status, String text) {
    @Override
    public String toString() {
      return status + " " + text;
    }

    static Answer of(int status, String body, String errorTypeHeader) {
      try {
        JsonNode json = JSON.readTree(body);
        if (status == 200) {
          return new Answer(status, json.path("lifecycleEventHookExecutionId").asText());
        }
        String type = json.path("__type").asText();
        String header =
            type.equals(errorTypeHeader) ? "" : " (X-Amzn-ErrorType " + errorTypeHeader + ")";
        return new Answer(status, type + header + " " + json.path("message").asText());
      } catch (IOException e) {
        return new Answer(status, "unreadable body: " + body);
      }
    }
  }

  Answer send(BadHookRequests.Case c, UnaryOperator<String> fill) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30));
    if (c.target() != null) {
      request.header("X-Amz-Target", c.target());
    }
    if (c.contentType() != null) {
      request.header("Content-Type", c.contentType());
    }
    byte[] body = c.body() == null ? null : filled(c.body(), fill);
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : c.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
    request.method(c.method(), publisher);
    return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** A report as an SDK sends it. */
  Answer post(byte[] body) throws Exception {
    return answer(http.send(report(body), HttpResponse.BodyHandlers.ofString()));
  }

  /** The same report {@code times} times at once. */
  List<Answer> concurrently(int times, byte[] body) {
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      sent.add(http.sendAsync(report(body), HttpResponse.BodyHandlers.ofString()));
    }
    return sent.stream().map(CompletableFuture::join).map(HookEndpointClient::answer).toList();
  }

  private HttpRequest report(byte[] body) {
    return HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("X-Amz-Target", BadHookRequests.TARGET)
        .header("Content-Type", BadHookRequests.JSON_1_1)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static Answer answer(HttpResponse<String> response) {
    return Answer.of(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("X-Amzn-ErrorType").orElse(null));
  }

  /** Placeholders are ASCII: filled in the bytes as they are, valid UTF-8 or not. */
  private static byte[] filled(byte[] body, UnaryOperator<String> fill) {
    return fill.apply(new String(body, StandardCharsets.ISO_8859_1))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String head(int contentLength) {
    return "POST / HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "X-Amz-Target: "
        + BadHookRequests.TARGET
        + "\r\n"
        + "Content-Type: "
        + BadHookRequests.JSON_1_1
        + "\r\n"
        + "Content-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /** Headers at once, then the body a byte every 100 ms. */
  SlowClient slowBody(byte[] body) throws IOException {
    return new SlowClient(
        port, head(body.length).getBytes(StandardCharsets.US_ASCII), body, Duration.ofMillis(100));
  }

  /** The request line and headers, with {@code padding} bytes more of them, a byte every 100 ms. */
  SlowClient slowHeaders(int padding) throws IOException {
    String head = head(2);
    String padded =
        head.substring(0, head.length() - 2) + "X-Padding: " + "x".repeat(padding) + "\r\n\r\n";
    return new SlowClient(
        port, new byte[0], padded.getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100));
  }

  /**
   * Headers that announce a body of {@code length} bytes, and none of it: the answer must not wait
   * for the body.
   */
  Answer announceBody(int length) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(head(length).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return readResponse(socket.getInputStream());
    }
  }

  /** A status line, headers and a Content-Length body. */
  private static Answer readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response's headers: " + head);
      }
      head.write(b);
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    int length = 0;
    String errorType = null;
    for (String line : lines) {
      String lower = line.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      } else if (lower.startsWith("x-amzn-errortype:")) {
        errorType = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return Answer.of(status, new String(in.readNBytes(length), StandardCharsets.UTF_8), errorType);
  }

  /**
   * A client that sends {@code first} at once and then {@code trickle} a byte at a time, until the
   * server closes the connection; it measures when that happened.
   */
  static final class SlowClient implements AutoCloseable {
    private final Socket socket;
    private final long started = System.nanoTime();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile long closedAt;
    private final Thread writer;
    private final Thread reader;

    SlowClient(int port, byte[] first, byte[] trickle, Duration pause) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(first);
      out.flush();
      writer =
          new Thread(
              () -> {
                try {
                  for (byte b : trickle) {
                    if (closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                      return;
                    }
                    out.write(b);
                    out.flush();
                  }
                } catch (IOException | InterruptedException e) {
                  // The server closed the connection, or the test is over.
                }
              },
              "slow-client-writer");
      reader =
          new Thread(
              () -> {
                try {
                  // An answer would be read here too; the connection must end all the same.
                  socket.getInputStream().readAllBytes();
                } catch (IOException e) {
                  // Reset instead of closed: closed all the same.
                }
                closedAt = System.nanoTime();
                closed.countDown();
              },
              "slow-client-reader");
      writer.setDaemon(true);
      reader.setDaemon(true);
      writer.start();
      reader.start();
    }

    /** How long after connecting the server closed the connection; empty if not within atMost. */
    java.util.Optional<Duration> awaitClosed(Duration atMost) throws InterruptedException {
      if (!closed.await(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(Duration.ofNanos(closedAt - started));
    }

    @Override
    public void close() throws IOException {
      closed.countDown();
      socket.close();
    }
  }
}
