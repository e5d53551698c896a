package io.ecsdeploy.operator.aws.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsdeploy.operator.aws.HookInvocation;
import io.ecsdeploy.operator.aws.HookPayload;
import io.ecsdeploy.operator.aws.Hooks;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** {@link Hooks} on the Lambda API: Invoke, and GetFunctionConfiguration for a timeout. */
public final class SdkHooks implements Hooks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(SdkHooks.class);

  private final LambdaClient lambda;

  public SdkHooks(LambdaClient lambda) {
    this.lambda = lambda;
  }

  /** The payload CodeDeploy sends a hook function, PascalCase. */
  public static String payloadJson(HookPayload payload) {
    ObjectNode node = JSON.createObjectNode();
    node.put("DeploymentId", payload.deploymentId());
    node.put("LifecycleEventHookExecutionId", payload.lifecycleEventHookExecutionId());
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  @Override
  public HookInvocation invokeSync(
      String functionName, HookPayload payload, java.time.Duration answerWait) {
    InvokeResponse response;
    try {
      response =
          io.ecsdeploy.operator.aws.AwsCallTime.measure(
              () ->
                  lambda.invoke(
                      r ->
                          r.functionName(functionName)
                              .invocationType(InvocationType.REQUEST_RESPONSE)
                              .payload(SdkBytes.fromUtf8String(payloadJson(payload)))
                              .overrideConfiguration(o -> o.apiCallTimeout(answerWait))));
    } catch (software.amazon.awssdk.core.exception.ApiCallTimeoutException
        | software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException stillRunning) {
      // Lambda goes on running the function; its result is to come through the hook endpoint.
      return new HookInvocation(
          HookInvocation.Outcome.ACCEPTED,
          0,
          null,
          null,
          null,
          "Lambda function "
              + functionName
              + " did not answer within "
              + answerWait.toSeconds()
              + " s; its result is to come through the hook endpoint");
    } catch (ResourceNotFoundException missing) {
      return new HookInvocation(
          HookInvocation.Outcome.FUNCTION_MISSING,
          missing.statusCode(),
          null,
          null,
          null,
          "Lambda function " + functionName + " does not exist: " + missing.getMessage());
    } catch (SdkException e) {
      throw AwsErrors.classify(e);
    }
    int status = response.statusCode() == null ? 0 : response.statusCode();
    String body = text(response.payload());
    if (response.functionError() != null) {
      return new HookInvocation(
          HookInvocation.Outcome.FUNCTION_ERROR,
          status,
          response.functionError(),
          body,
          response.executedVersion(),
          "Lambda function " + functionName + " failed (" + response.functionError() + ")");
    }
    return new HookInvocation(
        HookInvocation.Outcome.COMPLETED, status, null, body, response.executedVersion(), null);
  }

  @Override
  public Optional<Duration> functionTimeout(String functionName) {
    try {
      Integer seconds =
          lambda.getFunctionConfiguration(r -> r.functionName(functionName)).timeout();
      return seconds == null ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (SdkException e) {
      LOG.info(
          "cannot read the timeout of Lambda function {}: {}",
          functionName,
          AwsErrors.classify(e).getMessage());
      return Optional.empty();
    }
  }

  private static String text(SdkBytes bytes) {
    return bytes == null ? null : bytes.asUtf8String();
  }
}
