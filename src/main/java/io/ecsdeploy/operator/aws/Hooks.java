package io.ecsdeploy.operator.aws;

import java.time.Duration;
import java.util.Optional;

/**
 * Lambda lifecycle hooks. {@link #invokeSync} runs the function and returns its result, for hooks
 * whose answer is their response; a function that answers otherwise reports through
 * PutLifecycleEventHookExecutionStatus, as with CodeDeploy.
 *
 * <p>A missing function and an error raised by the function are outcomes, not exceptions; other
 * failures (throttling, permissions) throw {@link AwsFailure}.
 */
public interface Hooks {

  /**
   * Invokes the function with InvocationType {@code RequestResponse} and waits up to {@code
   * answerWait} for its result. A function still running then goes on (Lambda does not stop it when
   * the caller stops waiting); the call returns {@link HookInvocation.Outcome#ACCEPTED}, and the
   * function's result has to come through the hook endpoint, as with CodeDeploy.
   */
  HookInvocation invokeSync(String functionName, HookPayload payload, Duration answerWait);

  /**
   * The function's timeout (GetFunctionConfiguration): how long a run of it may last. Empty when it
   * cannot be read (the operator's role may lack {@code lambda:GetFunctionConfiguration}).
   */
  Optional<Duration> functionTimeout(String functionName);
}
