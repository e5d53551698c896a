package io.ecsdeploy.operator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.hooks.HookStatusReports.Outcome;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The wire protocol of PutLifecycleEventHookExecutionStatus, as CodeDeploy's clients send it. */
class LifecycleHookEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEPLOYMENT = "d-ABCDEFGH1";
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

  /** Pending executions of one deployment; each id is accepted once. */
  private final Map<String, Boolean> pending = new HashMap<>();

  private final List<String> accepted = new ArrayList<>();

  /** The deployment id in the log context of each report, as its handler saw it. */
  private final List<String> loggedAs = new java.util.concurrent.CopyOnWriteArrayList<>();

  private LifecycleHookEndpoint endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    pending.put("execution-1", false);
    endpoint =
        LifecycleHookEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            (deploymentId, executionId, succeeded) -> {
              loggedAs.add(String.valueOf(MDC.get(DeploymentLogContext.DEPLOYMENT_ID)));
              if (!DEPLOYMENT.equals(deploymentId)) {
                return Outcome.DEPLOYMENT_DOES_NOT_EXIST;
              }
              Boolean done = pending.get(executionId);
              if (done == null) {
                return Outcome.INVALID_EXECUTION_ID;
              }
              if (done) {
                return Outcome.ALREADY_COMPLETED;
              }
              pending.put(executionId, true);
              accepted.add(executionId + "=" + succeeded);
              return Outcome.ACCEPTED;
            },
            REQUEST_TIMEOUT);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void acceptsAReportAndEchoesTheExecutionId() throws Exception {
    HttpResponse<String> response =
        post(LifecycleHookEndpoint.TARGET, body(DEPLOYMENT, "execution-1", "Succeeded"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("lifecycleEventHookExecutionId").asText())
        .isEqualTo("execution-1");
    assertThat(accepted).containsExactly("execution-1=true");
  }

  @Test
  void linesLoggedWhileAReportIsJudgedNameItsDeployment() throws Exception {
    post(LifecycleHookEndpoint.TARGET, body(DEPLOYMENT, "execution-1", "Succeeded"));
    post(LifecycleHookEndpoint.TARGET, body("d-OTHER0000", "execution-1", "Succeeded"));

    assertThat(loggedAs).containsExactly(DEPLOYMENT, "d-OTHER0000");
  }

  @Test
  void aReusedExecutionIdIsRefusedAndChangesNothing() throws Exception {
    post(LifecycleHookEndpoint.TARGET, body(DEPLOYMENT, "execution-1", "Failed"));
    HttpResponse<String> again =
        post(LifecycleHookEndpoint.TARGET, body(DEPLOYMENT, "execution-1", "Succeeded"));
    assertError(again, "LifecycleEventAlreadyCompletedException");
    assertThat(accepted).containsExactly("execution-1=false");
  }

  @Test
  void unknownIdsAndDeploymentsGetCodeDeploysErrors() throws Exception {
    assertError(
        post(LifecycleHookEndpoint.TARGET, body(DEPLOYMENT, "guessed", "Succeeded")),
        "InvalidLifecycleEventHookExecutionIdException");
    assertError(
        post(LifecycleHookEndpoint.TARGET, body("d-ZZZZZZZZZ", "execution-1", "Succeeded")),
        "DeploymentDoesNotExistException");
    assertThat(accepted).isEmpty();
  }

  @Test
  void malformedReportsAreRefusedBeforeTheyReachTheController() throws Exception {
    assertError(
        post(LifecycleHookEndpoint.TARGET, "{\"lifecycleEventHookExecutionId\":\"execution-1\"}"),
        "DeploymentIdRequiredException");
    assertError(
        post(LifecycleHookEndpoint.TARGET, body("deployment-1", "execution-1", "Succeeded")),
        "InvalidDeploymentIdException");
    assertError(
        post(LifecycleHookEndpoint.TARGET, body(DEPLOYMENT, "execution-1", "Skipped")),
        "InvalidLifecycleEventHookExecutionStatusException");
    assertError(
        post(LifecycleHookEndpoint.TARGET, "{\"deploymentId\":\"" + DEPLOYMENT + "\"}"),
        "InvalidLifecycleEventHookExecutionIdException");
    assertError(post(LifecycleHookEndpoint.TARGET, "not json"), "SerializationException");
    assertError(post("CodeDeploy_20141006.StopDeployment", "{}"), "UnknownOperationException");
    assertThat(accepted).isEmpty();
    assertThat(pending).containsEntry("execution-1", false);
  }

  @Test
  void aBodyThatIsNotJsonOrNotOnlyJsonIsRefused() throws Exception {
    String report = body(DEPLOYMENT, "execution-1", "Succeeded");
    assertError(
        post(LifecycleHookEndpoint.TARGET, report, "text/plain"),
        415,
        "SerializationException",
        "Content-Type text/plain is not JSON; expected application/x-amz-json-1.1");
    assertError(
        post(LifecycleHookEndpoint.TARGET, report + "{}"),
        400,
        "SerializationException",
        "the request body is not valid JSON (line 5, column 2): more follows the first JSON value");
    assertError(
        post(
            LifecycleHookEndpoint.TARGET,
            "{\"deploymentId\":\""
                + DEPLOYMENT
                + "\",\"lifecycleEventHookExecutionId\":\"execution-1\","
                + "\"status\":\"Failed\",\"status\":\"Succeeded\"}"),
        400,
        "SerializationException",
        "the request body is not valid JSON (line 1, column 103): Duplicate field 'status'");
    assertThat(accepted).isEmpty();
  }

  @Test
  void aClientThatSendsItsRequestSlowlyIsCutOffAndOthersAreServed() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      // More slow clients than the endpoint has workers, each sending part of its body only.
      for (int i = 0; i < 5; i++) {
        Socket socket = new Socket("127.0.0.1", endpoint.port());
        socket.setSoTimeout(30_000);
        socket
            .getOutputStream()
            .write(
                ("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: "
                        + LifecycleHookEndpoint.TARGET
                        + "\r\nContent-Type: application/x-amz-json-1.1\r\n"
                        + "Content-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      long started = System.nanoTime();
      HttpResponse<String> served =
          post(LifecycleHookEndpoint.TARGET, body(DEPLOYMENT, "execution-1", "Succeeded"));
      long servedAfter = Duration.ofNanos(System.nanoTime() - started).toMillis();

      assertThat(served.statusCode()).isEqualTo(200);
      for (Socket socket : slow) {
        assertThat(socket.getInputStream().read()).as("the server closed it").isEqualTo(-1);
      }
      System.out.printf(
          "hook endpoint: with five slow clients a report was served after %d ms%n", servedAfter);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void compactJsonFromOtherSdksIsParsed() throws Exception {
    String compact =
        "{\"deploymentId\":\""
            + DEPLOYMENT
            + "\",\"lifecycleEventHookExecutionId\":\"execution-1\",\"status\":\"Succeeded\"}";
    assertThat(post(LifecycleHookEndpoint.TARGET, compact).statusCode()).isEqualTo(200);
  }

  private static void assertError(
      HttpResponse<String> response, int status, String code, String message) throws Exception {
    assertError(response, code);
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo(message);
  }

  private static void assertError(HttpResponse<String> response, String code) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("__type").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains(code);
  }

  private static String body(String deploymentId, String executionId, String status) {
    return JSON.createObjectNode()
        .put("deploymentId", deploymentId)
        .put("lifecycleEventHookExecutionId", executionId)
        .put("status", status)
        .toPrettyString();
  }

  private HttpResponse<String> post(String target, String body) throws Exception {
    return post(target, body, "application/x-amz-json-1.1");
  }

  private HttpResponse<String> post(String target, String body, String contentType)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/"))
            .header("X-Amz-Target", target)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
