package io.ecsdeploy.operator.aws;

import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.util.Optional;

/**
 * What came of invoking a hook function.
 *
 * @param outcome ACCEPTED (asynchronous invocation queued), COMPLETED (synchronous run without a
 *     function error), FUNCTION_ERROR (the function raised or timed out) or FUNCTION_MISSING
 * @param statusCode Lambda's HTTP status (202, 200, ...), or 0 when there was none
 * @param functionError Lambda's {@code X-Amz-Function-Error} ({@code Unhandled}, {@code Handled}),
 *     or {@code null}
 * @param payload the function's response (synchronous only), or {@code null}
 * @param executedVersion the function version that ran (synchronous only), or {@code null}
 * @param message what happened, for the lifecycle event's diagnostics
 */
public record HookInvocation(
    Outcome outcome,
    int statusCode,
    String functionError,
    String payload,
    String executedVersion,
    String message) {

  /** How an invocation ended. */
  public enum Outcome {
    ACCEPTED,
    COMPLETED,
    FUNCTION_ERROR,
    FUNCTION_MISSING
  }

  /**
   * The CodeDeploy error the lifecycle event fails with, if the invocation failed: a missing
   * function is INVALID_LAMBDA_FUNCTION, a function error is HOOK_EXECUTION_FAILURE.
   */
  public Optional<ErrorCode> failureCode() {
    return switch (outcome) {
      case FUNCTION_MISSING -> Optional.of(ErrorCode.INVALID_LAMBDA_FUNCTION);
      case FUNCTION_ERROR -> Optional.of(ErrorCode.HOOK_EXECUTION_FAILURE);
      case ACCEPTED, COMPLETED -> Optional.empty();
    };
  }
}
