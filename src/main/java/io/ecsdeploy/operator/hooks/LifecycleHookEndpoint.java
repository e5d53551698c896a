package io.ecsdeploy.operator.hooks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint that speaks CodeDeploy's {@code PutLifecycleEventHookExecutionStatus} (AWS JSON
 * 1.1), so a hook function written for CodeDeploy reports to the operator unchanged once its
 * CodeDeploy endpoint points here ({@code AWS_ENDPOINT_URL_CODEDEPLOY} or the SDK's endpoint
 * override). Signatures are not verified: the execution ids are unguessable and single-use, which
 * is what authorises a report.
 *
 * <p>Anyone who can reach the port can send anything, so a request is held to CodeDeploy's shape
 * before it reaches the controller: a JSON content type, at most {@value #MAX_BODY_BYTES} bytes of
 * strict JSON (no duplicate keys, nothing after the object), string fields. Each refusal is a 4xx
 * in CodeDeploy's error shape, which an SDK raises as the named exception. A request must also
 * arrive whole within the request timeout: a client that sends its headers or body slowly would
 * otherwise hold one of the few worker threads for as long as it likes.
 */
public final class LifecycleHookEndpoint implements AutoCloseable {
  static final String TARGET = "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus";

  /** A report is under 300 bytes; 16 KiB leaves room for any SDK's framing and nothing more. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  /** The default of {@code ECSDEPLOY_HOOKS_REQUEST_TIMEOUT}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final int WORKERS = 4;
  private static final Pattern DEPLOYMENT_ID = Pattern.compile("^d-[A-Z0-9]{9}$");
  private static final int MAX_EXECUTION_ID_LENGTH = 1024;

  /** What AWS SDKs send (JSON 1.1), and what a hand-written client plausibly sends. */
  private static final Set<String> JSON_CONTENT_TYPES =
      Set.of("application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json");

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleHookEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Strict reading: a duplicate key or a second value could hide what the report means. */
  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(16)
                      .maxStringLength(MAX_BODY_BYTES)
                      .maxNumberLength(100)
                      .build())
              .build());

  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledThreadPoolExecutor deadlines;
  private final Duration requestTimeout;
  private final HookStatusReports reports;

  /** The deadline of the request the current worker thread is reading, if it still reads. */
  private static final ThreadLocal<RequestDeadline> CURRENT = new ThreadLocal<>();

  private LifecycleHookEndpoint(
      HttpServer server, HookStatusReports reports, Duration requestTimeout) {
    this.server = server;
    this.reports = reports;
    this.requestTimeout = requestTimeout;
    this.workers = Executors.newFixedThreadPool(WORKERS, daemon("hook-endpoint"));
    this.deadlines = new ScheduledThreadPoolExecutor(1, daemon("hook-endpoint-deadlines"));
    this.deadlines.setRemoveOnCancelPolicy(true);
    // The server reads a request's line and headers on the worker thread before it calls the
    // handler, so the deadline starts with the worker's task, not with the handler.
    server.setExecutor(task -> workers.execute(() -> runWithDeadline(task)));
    server.createContext("/", this::handle);
  }

  /** Starts the endpoint on {@code address} (port 0 picks a free port). */
  public static LifecycleHookEndpoint start(InetSocketAddress address, HookStatusReports reports)
      throws IOException {
    return start(address, reports, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * Starts the endpoint on {@code address} (port 0 picks a free port); a request whose line,
   * headers and body have not all arrived within {@code requestTimeout} has its connection closed.
   */
  public static LifecycleHookEndpoint start(
      InetSocketAddress address, HookStatusReports reports, Duration requestTimeout)
      throws IOException {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
    LifecycleHookEndpoint endpoint =
        new LifecycleHookEndpoint(HttpServer.create(address, 64), reports, requestTimeout);
    endpoint.server.start();
    return endpoint;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Runs one exchange of the server with a deadline for reading the request. Blocked reads on the
   * server's socket channel end when their thread is interrupted (the channel is interruptible):
   * the connection is closed, and the worker is free for the next client.
   */
  private void runWithDeadline(Runnable exchange) {
    RequestDeadline deadline = new RequestDeadline(Thread.currentThread());
    deadline.timer =
        deadlines.schedule(deadline::expire, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    CURRENT.set(deadline);
    try {
      exchange.run();
    } finally {
      deadline.end();
      CURRENT.remove();
      // Whatever happened, the pooled thread starts its next task uninterrupted.
      Thread.interrupted();
    }
  }

  private final class RequestDeadline {
    private final Thread reader;
    private ScheduledFuture<?> timer;
    private boolean reading = true;

    RequestDeadline(Thread reader) {
      this.reader = reader;
    }

    synchronized void expire() {
      if (reading) {
        reading = false;
        LOG.warn(
            "a hook status request did not arrive whole within {}; its connection is closed",
            requestTimeout);
        reader.interrupt();
      }
    }

    /** The request has been read: the rest of the exchange has no deadline. */
    synchronized void end() {
      reading = false;
      timer.cancel(false);
      // An expiry that raced with the end of reading leaves only the flag: no read was cut.
      Thread.interrupted();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    DeploymentLogContext logContext = null;
    try (exchange) {
      Request request = read(exchange);
      if (request.refusal() != null) {
        request.refusal().send(exchange);
        return;
      }
      String deploymentId = text(request.body(), "deploymentId");
      if (deploymentId != null && DEPLOYMENT_ID.matcher(deploymentId).matches()) {
        // The lines logged about a report that names a deployment name it too.
        logContext = DeploymentLogContext.ofDeploymentId(deploymentId);
      }
      answer(exchange, request.body());
    } catch (RuntimeException e) {
      LOG.error("hook status report failed", e);
      error(exchange, 500, "InternalFailure", "internal error");
    } finally {
      if (logContext != null) {
        logContext.close();
      }
    }
  }

  /** A request read whole, as a JSON object, or the error that refuses it. */
  private record Request(ObjectNode body, Refusal refusal) {}

  private record Refusal(int status, String code, String message) {
    void send(HttpExchange exchange) throws IOException {
      error(exchange, status, code, message);
    }
  }

  private static Request refuse(int status, String code, String message) {
    return new Request(null, new Refusal(status, code, message));
  }

  /** Reads the request, refusing whatever is not a PutLifecycleEventHookExecutionStatus call. */
  private static Request read(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!"POST".equals(method)) {
      return refuse(
          405,
          "UnknownOperationException",
          "PutLifecycleEventHookExecutionStatus is sent with POST, not " + method);
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || target.isBlank()) {
      return refuse(
          400,
          "UnknownOperationException",
          "the X-Amz-Target header is missing; expected " + TARGET);
    }
    if (!TARGET.equals(target)) {
      return refuse(
          400,
          "UnknownOperationException",
          "only " + TARGET + " is served, not " + shorten(target));
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!isJson(contentType)) {
      return refuse(
          415,
          "SerializationException",
          (contentType == null
                  ? "the Content-Type header is missing"
                  : "Content-Type " + shorten(contentType) + " is not JSON")
              + "; expected application/x-amz-json-1.1");
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null
        && length.matches("[0-9]{1,18}")
        && Long.parseLong(length) > MAX_BODY_BYTES) {
      // Refused before reading a byte of it.
      return tooLarge();
    }
    byte[] body = readLimited(exchange.getRequestBody());
    if (body == null) {
      // The rest is drained or cut off when the exchange closes, still under the deadline.
      return tooLarge();
    }
    // Read whole: the rest of the exchange (judging and recording the report) has no deadline.
    RequestDeadline deadline = CURRENT.get();
    if (deadline != null) {
      deadline.end();
    }
    if (body.length == 0) {
      return refuse(
          400,
          "SerializationException",
          "the request body is empty; expected a JSON object with deploymentId,"
              + " lifecycleEventHookExecutionId and status");
    }
    JsonNode parsed;
    try (JsonParser parser = STRICT_JSON.createParser(body)) {
      parsed = STRICT_JSON.readTree(parser);
      if (parsed != null && parser.nextToken() != null) {
        return refuse(
            400,
            "SerializationException",
            "the request body is not valid JSON"
                + where(parser.currentTokenLocation())
                + ": more follows the first JSON value");
      }
    } catch (JsonProcessingException e) {
      return refuse(
          400,
          "SerializationException",
          "the request body is not valid JSON"
              + where(e.getLocation())
              + ": "
              + shorten(e.getOriginalMessage().replaceAll(", from `[^`]*`\\)", ")"), 200));
    }
    if (parsed == null || parsed.isMissingNode()) {
      return refuse(
          400,
          "SerializationException",
          "the request body is empty; expected a JSON object with deploymentId,"
              + " lifecycleEventHookExecutionId and status");
    }
    if (!parsed.isObject()) {
      return refuse(
          400,
          "SerializationException",
          "the request body must be a JSON object, found " + kind(parsed));
    }
    return new Request((ObjectNode) parsed, null);
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static Request tooLarge() {
    return refuse(
        413,
        "SerializationException",
        "the request body is larger than " + MAX_BODY_BYTES + " bytes; a report is a few hundred");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return JSON_CONTENT_TYPES.contains(mediaType);
  }

  private void answer(HttpExchange exchange, ObjectNode request) throws IOException {
    for (String field : new String[] {"deploymentId", "lifecycleEventHookExecutionId", "status"}) {
      JsonNode value = request.get(field);
      if (value != null && !value.isNull() && !value.isTextual()) {
        String code =
            switch (field) {
              case "deploymentId" -> "InvalidDeploymentIdException";
              case "lifecycleEventHookExecutionId" ->
                  "InvalidLifecycleEventHookExecutionIdException";
              default -> "InvalidLifecycleEventHookExecutionStatusException";
            };
        error(exchange, 400, code, field + " must be a string, found " + kind(value));
        return;
      }
    }
    String deploymentId = text(request, "deploymentId");
    String executionId = text(request, "lifecycleEventHookExecutionId");
    String status = text(request, "status");
    if (deploymentId == null || deploymentId.isEmpty()) {
      error(exchange, 400, "DeploymentIdRequiredException", "deploymentId is required");
      return;
    }
    if (!DEPLOYMENT_ID.matcher(deploymentId).matches()) {
      error(
          exchange,
          400,
          "InvalidDeploymentIdException",
          "deploymentId "
              + shorten(deploymentId)
              + " is not a deployment id (d- and 9 capital letters or digits, as in"
              + " status.deploymentId)");
      return;
    }
    if (executionId == null || executionId.isEmpty()) {
      error(
          exchange,
          400,
          "InvalidLifecycleEventHookExecutionIdException",
          "lifecycleEventHookExecutionId is required");
      return;
    }
    if (executionId.length() > MAX_EXECUTION_ID_LENGTH) {
      error(
          exchange,
          400,
          "InvalidLifecycleEventHookExecutionIdException",
          "lifecycleEventHookExecutionId is "
              + executionId.length()
              + " characters long; an execution id is at most "
              + MAX_EXECUTION_ID_LENGTH);
      return;
    }
    if (!"Succeeded".equals(status) && !"Failed".equals(status)) {
      error(
          exchange,
          400,
          "InvalidLifecycleEventHookExecutionStatusException",
          status == null
              ? "status is required: Succeeded or Failed"
              : "status must be Succeeded or Failed, not " + shorten(status));
      return;
    }
    switch (reports.report(deploymentId, executionId, "Succeeded".equals(status))) {
      case ACCEPTED -> {
        ObjectNode response =
            JSON.createObjectNode().put("lifecycleEventHookExecutionId", executionId);
        send(exchange, 200, JSON.writeValueAsBytes(response), null);
      }
      case DEPLOYMENT_DOES_NOT_EXIST ->
          error(
              exchange,
              400,
              "DeploymentDoesNotExistException",
              "deployment " + deploymentId + " does not exist");
      case INVALID_EXECUTION_ID ->
          error(
              exchange,
              400,
              "InvalidLifecycleEventHookExecutionIdException",
              "no hook execution "
                  + shorten(executionId)
                  + " is pending for deployment "
                  + deploymentId);
      case ALREADY_COMPLETED ->
          error(
              exchange,
              400,
              "LifecycleEventAlreadyCompletedException",
              "the lifecycle event of this hook execution has already completed");
    }
  }

  private static String text(JsonNode request, String field) {
    JsonNode value = request.get(field);
    return value == null || !value.isTextual() ? null : value.asText();
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case STRING -> "a string";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** Request text echoed in an answer or a log line is cut short: the sender chose it. */
  private static String shorten(String text) {
    return shorten(text, 100);
  }

  private static String shorten(String text, int limit) {
    return text.length() > limit ? text.substring(0, limit) + "..." : text;
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }

  /** CodeDeploy's error shape: {@code __type} in the body (botocore) and the header (Go SDK). */
  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("__type", code).put("message", message);
    send(exchange, status, JSON.writeValueAsBytes(body), code);
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String errorType)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    if (errorType != null) {
      exchange.getResponseHeaders().set("X-Amzn-ErrorType", errorType);
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    deadlines.shutdownNow();
  }
}
