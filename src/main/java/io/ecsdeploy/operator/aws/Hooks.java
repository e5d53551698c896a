package io.ecsdeploy.operator.aws;

/**
 * Lambda lifecycle hooks. CodeDeploy invokes hook functions asynchronously and waits for them to
 * report through PutLifecycleEventHookExecutionStatus; {@link #invokeAsync} does the same. {@link
 * #invokeSync} runs the function and returns its result, for hooks whose answer is their response.
 *
 * <p>A missing function and an error raised by the function are outcomes, not exceptions; other
 * failures (throttling, permissions) throw {@link AwsFailure}.
 */
public interface Hooks {

  /** Invokes the function with InvocationType {@code Event}: queued, answered with 202. */
  HookInvocation invokeAsync(String functionName, HookPayload payload);

  /** Invokes the function with InvocationType {@code RequestResponse} and waits for its result. */
  HookInvocation invokeSync(String functionName, HookPayload payload);

  /** Whether the function (name, ARN, or name with qualifier) exists. */
  boolean functionExists(String functionName);
}
