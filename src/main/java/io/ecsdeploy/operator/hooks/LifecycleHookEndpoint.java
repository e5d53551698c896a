package io.ecsdeploy.operator.hooks;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint that speaks CodeDeploy's {@code PutLifecycleEventHookExecutionStatus} (AWS JSON
 * 1.1), so a hook function written for CodeDeploy reports to the operator unchanged once its
 * CodeDeploy endpoint points here ({@code AWS_ENDPOINT_URL_CODEDEPLOY} or the SDK's endpoint
 * override). Signatures are not verified: the execution ids are unguessable and single-use, which
 * is what authorises a report.
 */
public final class LifecycleHookEndpoint implements AutoCloseable {
  static final String TARGET = "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus";
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Pattern DEPLOYMENT_ID = Pattern.compile("^d-[A-Z0-9]{9}$");
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleHookEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final HookStatusReports reports;

  private LifecycleHookEndpoint(HttpServer server, HookStatusReports reports) {
    this.server = server;
    this.reports = reports;
    this.executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts the endpoint on {@code address} (port 0 picks a free port). */
  public static LifecycleHookEndpoint start(InetSocketAddress address, HookStatusReports reports)
      throws IOException {
    LifecycleHookEndpoint endpoint =
        new LifecycleHookEndpoint(HttpServer.create(address, 64), reports);
    endpoint.server.start();
    return endpoint;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    DeploymentLogContext logContext = null;
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        error(exchange, 405, "UnknownOperationException", "only POST is served");
        return;
      }
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (!TARGET.equals(target)) {
        error(
            exchange,
            400,
            "UnknownOperationException",
            "only PutLifecycleEventHookExecutionStatus is served, not " + target);
        return;
      }
      byte[] body = readLimited(exchange.getRequestBody());
      if (body == null) {
        error(exchange, 413, "SerializationException", "request body over 16 KiB");
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (IOException e) {
        error(exchange, 400, "SerializationException", "request body is not JSON");
        return;
      }
      if (request == null || !request.isObject()) {
        error(exchange, 400, "SerializationException", "request body is not a JSON object");
        return;
      }
      String deploymentId = text(request, "deploymentId");
      if (deploymentId != null && DEPLOYMENT_ID.matcher(deploymentId).matches()) {
        // The lines logged about a report that names a deployment name it too.
        logContext = DeploymentLogContext.ofDeploymentId(deploymentId);
      }
      answer(exchange, request);
    } catch (RuntimeException e) {
      LOG.error("hook status report failed", e);
      error(exchange, 500, "InternalFailure", "internal error");
    } finally {
      if (logContext != null) {
        logContext.close();
      }
    }
  }

  private void answer(HttpExchange exchange, JsonNode request) throws IOException {
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
          "deploymentId " + deploymentId + " is not a deployment id");
      return;
    }
    if (executionId == null || executionId.isEmpty() || executionId.length() > 1024) {
      error(
          exchange,
          400,
          "InvalidLifecycleEventHookExecutionIdException",
          "lifecycleEventHookExecutionId is missing or malformed");
      return;
    }
    if (!"Succeeded".equals(status) && !"Failed".equals(status)) {
      error(
          exchange,
          400,
          "InvalidLifecycleEventHookExecutionStatusException",
          "status must be Succeeded or Failed, not " + status);
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
              "no hook execution " + executionId + " is pending for deployment " + deploymentId);
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

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
