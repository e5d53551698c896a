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

  /**
   * Invokes the function with InvocationType {@code RequestResponse} and waits up to {@code
   * answerWait} for its result. A function still running then goes on (Lambda does not stop it when
   * the caller stops waiting); the call returns {@link HookInvocation.Outcome#ACCEPTED}, and the
   * function's result has to come through the hook endpoint, as with CodeDeploy.
   */
  HookInvocation invokeSync(
      String functionName, HookPayload payload, java.time.Duration answerWait);

  /** Whether the function (name, ARN, or name with qualifier) exists. */
  boolean functionExists(String functionName);
}
