package io.ecsdeploy.operator.aws.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsdeploy.operator.aws.HookInvocation;
import io.ecsdeploy.operator.aws.HookPayload;
import io.ecsdeploy.operator.aws.Hooks;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** {@link Hooks} on the Lambda API: Invoke and GetFunction. */
public final class SdkHooks implements Hooks {

  private static final ObjectMapper JSON = new ObjectMapper();

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
  public HookInvocation invokeAsync(String functionName, HookPayload payload) {
    return invoke(functionName, payload, InvocationType.EVENT, null);
  }

  @Override
  public HookInvocation invokeSync(
      String functionName, HookPayload payload, java.time.Duration answerWait) {
    try {
      return invoke(functionName, payload, InvocationType.REQUEST_RESPONSE, answerWait);
    } catch (software.amazon.awssdk.core.exception.ApiCallTimeoutException
        | software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException stillRunning) {
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
    }
  }

  @Override
  public boolean functionExists(String functionName) {
    try {
      lambda.getFunction(r -> r.functionName(functionName));
      return true;
    } catch (ResourceNotFoundException missing) {
      return false;
    } catch (SdkException e) {
      throw AwsErrors.classify(e);
    }
  }

  private HookInvocation invoke(
      String functionName,
      HookPayload payload,
      InvocationType type,
      java.time.Duration answerWait) {
    InvokeResponse response;
    try {
      response =
          lambda.invoke(
              r -> {
                r.functionName(functionName)
                    .invocationType(type)
                    .payload(SdkBytes.fromUtf8String(payloadJson(payload)));
                if (answerWait != null) {
                  r.overrideConfiguration(o -> o.apiCallTimeout(answerWait));
                }
              });
    } catch (ResourceNotFoundException missing) {
      return new HookInvocation(
          HookInvocation.Outcome.FUNCTION_MISSING,
          missing.statusCode(),
          null,
          null,
          null,
          "Lambda function " + functionName + " does not exist: " + missing.getMessage());
    } catch (software.amazon.awssdk.core.exception.ApiCallTimeoutException
        | software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException stillRunning) {
      throw stillRunning;
    } catch (SdkException e) {
      throw AwsErrors.classify(e);
    }
    int status = response.statusCode() == null ? 0 : response.statusCode();
    String body = type == InvocationType.EVENT ? null : text(response.payload());
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
        type == InvocationType.EVENT
            ? HookInvocation.Outcome.ACCEPTED
            : HookInvocation.Outcome.COMPLETED,
        status,
        null,
        body,
        response.executedVersion(),
        null);
  }

  private static String text(SdkBytes bytes) {
    return bytes == null ? null : bytes.asUtf8String();
  }
}
