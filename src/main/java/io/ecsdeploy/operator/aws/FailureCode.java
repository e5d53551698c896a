package io.ecsdeploy.operator.aws;

/**
 * CodeDeploy's {@code errorInformation.code} values that an AWS call can cause. The names match the
 * resource model's error codes one for one, so the executor maps them by name.
 */
public enum FailureCode {
  /** The ECS service is missing, not active, or does not use the {@code EXTERNAL} controller. */
  INVALID_ECS_SERVICE,
  /** ECS refused a task set change for another reason (bad task definition, platform, ...). */
  ECS_UPDATE_ERROR,
  /** A listener, listener rule or target group is missing or misconfigured. */
  ELASTIC_LOAD_BALANCING_INVALID,
  /** A hook's Lambda function does not exist. */
  INVALID_LAMBDA_FUNCTION,
  /** Lambda refused the invocation because of how the function is configured. */
  INVALID_LAMBDA_CONFIGURATION,
  /** A hook function ran and reported an error. */
  HOOK_EXECUTION_FAILURE,
  /** The revision object (S3) does not exist. */
  REVISION_MISSING,
  /** The revision exists but is not what was asked for (ETag, size). */
  INVALID_REVISION,
  /** The role to assume does not exist or cannot be assumed. */
  IAM_ROLE_MISSING,
  /** The credentials in use are not allowed to make the call. */
  IAM_ROLE_PERMISSIONS,
  /** AWS throttled the call; the account's API rate budget is spent for now. */
  THROTTLED,
  /** An account quota (task sets, rules, ...) is exhausted. */
  RESOURCE_LIMIT_EXCEEDED,
  /** Anything else: AWS server errors, network failures, unexpected answers. */
  INTERNAL_ERROR
}
