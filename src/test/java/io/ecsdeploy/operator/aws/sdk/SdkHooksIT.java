package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.HookInvocation;
import io.ecsdeploy.operator.aws.HookPayload;
import io.ecsdeploy.operator.aws.Hooks;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * Hook invocations against moto's Lambda without Docker: it does not run the code, it answers with
 * the request body (or with results queued through {@code
 * /moto-api/static/lambda-simple/response}), which is enough to see the payload the function would
 * get and how each outcome is reported.
 */
@ExtendWith(AwsEmulatorsExtension.class)
class SdkHooksIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FUNCTION = "validate-before-allow-traffic";
  private static final HookPayload PAYLOAD =
      new HookPayload("d-IHWDEND8F", "eyJlbmNyeXB0ZWREYXRhIjoi\"quoted\"");

  private static AwsClientFactory factory;
  private static Hooks hooks;
  private static AwsClientFactory miniStackFactory;
  private static Hooks executingHooks;

  @BeforeAll
  static void functionInMoto() throws IOException {
    AwsEmulatorsExtension.reset();
    String role;
    try (IamClient iam = EmulatorClients.iam()) {
      role =
          iam.createRole(
                  r ->
                      r.roleName("hook-runner")
                          .assumeRolePolicyDocument(
                              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                  + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},"
                                  + "\"Action\":\"sts:AssumeRole\"}]}"))
              .role()
              .arn();
    }
    byte[] zip = handlerZip();
    try (LambdaClient lambda = EmulatorClients.lambda()) {
      lambda.createFunction(
          r ->
              r.functionName(FUNCTION)
                  .runtime(Runtime.PYTHON3_12)
                  .role(role)
                  .handler("hook.handler")
                  .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }
    factory = EmulatorFactory.create();
    hooks = factory.clients(EmulatorFactory.REGION).hooks();

    miniStackFactory =
        new AwsClientFactory(
            EmulatorFactory.config()
                .withEndpoint(AwsService.LAMBDA, AwsEmulatorsExtension.cloudWatchEndpoint()));
    LambdaClient miniStackLambda = miniStackFactory.clients(EmulatorFactory.REGION).lambda();
    deploy(miniStackLambda, role, ECHO, "def handler(event, context):\n    return event\n");
    deploy(
        miniStackLambda,
        role,
        FAILING,
        "def handler(event, context):\n    raise RuntimeError('health check failed')\n");
    executingHooks = miniStackFactory.clients(EmulatorFactory.REGION).hooks();
  }

  private static final String ECHO = "echo-event";
  private static final String FAILING = "failing-check";

  private static void deploy(LambdaClient lambda, String role, String name, String source)
      throws IOException {
    byte[] zip = handlerZip(source);
    lambda.createFunction(
        r ->
            r.functionName(name)
                .runtime(Runtime.PYTHON3_12)
                .role(role)
                .handler("hook.handler")
                .timeout(30)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
  }

  @AfterAll
  static void close() {
    factory.close();
    miniStackFactory.close();
  }

  private static byte[] handlerZip() throws IOException {
    return handlerZip("def handler(event, context):\n    return {'status': 'Succeeded'}\n");
  }

  private static byte[] handlerZip(String source) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("hook.py"));
      zip.write(source.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  /** Queues what moto's Lambda answers to the next invocations. */
  private static void queueResults(List<String> results) throws Exception {
    String body =
        JSON.writeValueAsString(
            JSON.createObjectNode()
                .put("region", EmulatorFactory.REGION)
                .set("results", JSON.valueToTree(results)));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        AwsEmulatorsExtension.motoEndpoint()
                            .resolve(URI.create("/moto-api/static/lambda-simple/response")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
  }

  @Test
  void theFunctionGetsCodeDeploysPascalCasePayload() throws Exception {
    // moto's Lambda echoes the request body when nothing is queued.
    HookInvocation invocation =
        hooks.invokeSync(FUNCTION, PAYLOAD, java.time.Duration.ofSeconds(30));

    assertThat(invocation.outcome()).isEqualTo(HookInvocation.Outcome.COMPLETED);
    assertThat(invocation.statusCode()).isEqualTo(200);
    assertThat(invocation.failureCode()).isEmpty();
    JsonNode received = JSON.readTree(invocation.payload());
    assertThat(received.fieldNames())
        .toIterable()
        .containsExactly("DeploymentId", "LifecycleEventHookExecutionId");
    assertThat(received.path("DeploymentId").asText()).isEqualTo("d-IHWDEND8F");
    assertThat(received.path("LifecycleEventHookExecutionId").asText())
        .isEqualTo(PAYLOAD.lifecycleEventHookExecutionId());
  }

  @Test
  void aSynchronousResultIsReadBack() throws Exception {
    queueResults(List.of("{\"status\":\"Failed\",\"reason\":\"smoke test 503\"}"));

    HookInvocation invocation =
        hooks.invokeSync(FUNCTION, PAYLOAD, java.time.Duration.ofSeconds(30));

    assertThat(invocation.outcome()).isEqualTo(HookInvocation.Outcome.COMPLETED);
    assertThat(JSON.readTree(invocation.payload()).path("reason").asText())
        .isEqualTo("smoke test 503");
  }

  @Test
  void aRunningFunctionReceivesThePayload() throws Exception {
    HookInvocation invocation =
        executingHooks.invokeSync(ECHO, PAYLOAD, java.time.Duration.ofSeconds(30));

    assertThat(invocation.outcome()).isEqualTo(HookInvocation.Outcome.COMPLETED);
    JsonNode event = JSON.readTree(invocation.payload());
    assertThat(event.path("DeploymentId").asText()).isEqualTo("d-IHWDEND8F");
    assertThat(event.path("LifecycleEventHookExecutionId").asText())
        .isEqualTo(PAYLOAD.lifecycleEventHookExecutionId());
  }

  @Test
  void aFunctionErrorIsReportedAsAHookFailure() throws Exception {
    HookInvocation invocation =
        executingHooks.invokeSync(FAILING, PAYLOAD, java.time.Duration.ofSeconds(30));

    assertThat(invocation.outcome()).isEqualTo(HookInvocation.Outcome.FUNCTION_ERROR);
    assertThat(invocation.functionError()).isEqualTo("Unhandled");
    assertThat(invocation.failureCode()).contains(ErrorCode.HOOK_EXECUTION_FAILURE);
    assertThat(invocation.payload()).contains("health check failed");
  }

  @Test
  void aFunctionsTimeoutIsReadAndAMissingFunctionHasNone() {
    assertThat(executingHooks.functionTimeout(ECHO)).contains(java.time.Duration.ofSeconds(30));
    assertThat(executingHooks.functionTimeout("not-deployed")).isEmpty();
  }

  @Test
  void aMissingFunctionIsInvalidLambdaFunction() {
    AwsCallCounter miniStackCounter = miniStackFactory.callCounter();
    long failuresBefore = miniStackCounter.errors("Lambda", "Invoke");

    HookInvocation invocation =
        executingHooks.invokeSync("not-deployed", PAYLOAD, java.time.Duration.ofSeconds(30));

    assertThat(invocation.outcome()).isEqualTo(HookInvocation.Outcome.FUNCTION_MISSING);
    assertThat(invocation.failureCode()).contains(ErrorCode.INVALID_LAMBDA_FUNCTION);
    assertThat(invocation.statusCode()).isEqualTo(404);
    assertThat(invocation.message()).contains("not-deployed");
    assertThat(miniStackCounter.errors("Lambda", "Invoke") - failuresBefore).isEqualTo(1);
  }
}
