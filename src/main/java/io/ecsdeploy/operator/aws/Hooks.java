package io.ecsdeploy.operator.aws;

/**
 * Lambda lifecycle hooks. {@link #invokeSync} runs the function and returns its result, for hooks
 * whose answer is their response; a function that answers otherwise reports through
 * PutLifecycleEventHookExecutionStatus, as with CodeDeploy.
 *
 * <p>A missing function and an error raised by the function are outcomes, not exceptions; other
 * failures (throttling, permissions) throw {@link AwsFailure}.
 */
public interface Hooks {

  /** Invokes the function with InvocationType {@code RequestResponse} and waits for its result. */
  HookInvocation invokeSync(String functionName, HookPayload payload);
}
