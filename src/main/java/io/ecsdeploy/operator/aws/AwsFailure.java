package io.ecsdeploy.operator.aws;

import io.ecsdeploy.operator.codedeploy.ErrorCode;

/**
 * An AWS call that did not succeed, classified for the deployment: the CodeDeploy error code it
 * maps to and whether the same call may succeed later (throttling, server errors, network), in
 * which case the executor requeues instead of failing the deployment.
 */
public final class AwsFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final boolean retryable;
  private final String service;
  private final String awsErrorCode;

  /**
   * @param code the CodeDeploy error code
   * @param retryable whether the same call may succeed later
   * @param service the AWS service that answered, such as {@code ECS}, or {@code null}
   * @param awsErrorCode AWS's own error code, such as {@code ServiceNotFoundException}, or {@code
   *     null} when the call never got an answer
   * @param message what happened, for the deployment's error message
   * @param cause the underlying exception
   */
  public AwsFailure(
      ErrorCode code,
      boolean retryable,
      String service,
      String awsErrorCode,
      String message,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
    this.service = service;
    this.awsErrorCode = awsErrorCode;
  }

  public ErrorCode code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }

  public String service() {
    return service;
  }

  public String awsErrorCode() {
    return awsErrorCode;
  }
}
