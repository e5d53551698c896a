package io.ecsdeploy.operator.codedeploy;

/**
 * CodeDeploy's {@code errorInformation.code} values that apply to ECS deployments: the codes a
 * deployment fails or stops with, and the codes a failed AWS call is classified as.
 */
public enum ErrorCode {
  /** ECS refused a task set change (bad task definition, platform, ...). */
  ECS_UPDATE_ERROR,
  /** The ECS service is missing, not active, or does not use the {@code EXTERNAL} controller. */
  INVALID_ECS_SERVICE,
  /** A listener, listener rule or target group is missing or misconfigured. */
  ELASTIC_LOAD_BALANCING_INVALID,
  MISSING_ELB_INFORMATION,
  MISSING_BLUE_GREEN_DEPLOYMENT_CONFIGURATION,
  /** A hook function failed: it raised an error, reported {@code Failed} or never reported. */
  HOOK_EXECUTION_FAILURE,
  /** A hook's Lambda function does not exist. */
  INVALID_LAMBDA_FUNCTION,
  /** Lambda refused the invocation because of how the function is configured. */
  INVALID_LAMBDA_CONFIGURATION,
  /** A watched CloudWatch alarm went into ALARM, or the alarms could not be read. */
  ALARM_ACTIVE,
  /** A user stopped the deployment. */
  MANUAL_STOP,
  /**
   * Too few of the replacement target group's targets were healthy, within the group's
   * target-health timeout, for traffic to move to it.
   */
  HEALTH_CONSTRAINTS,
  /** A wait ran out: the replacement's steady state, or the ready wait. */
  TIMEOUT,
  /** The revision exists but is not what was asked for (ETag, size) or is not a valid AppSpec. */
  INVALID_REVISION,
  /** The revision object (S3) does not exist, or the revision names no source. */
  REVISION_MISSING,
  /** The role to assume does not exist or cannot be assumed. */
  IAM_ROLE_MISSING,
  /** The credentials in use are not allowed to make the call. */
  IAM_ROLE_PERMISSIONS,
  /** AWS throttled the call; the account's API rate budget is spent for now. */
  THROTTLED,
  /** An account quota (task sets, rules, ...) is exhausted. */
  RESOURCE_LIMIT_EXCEEDED,
  /** Anything else: AWS server errors, network failures, unexpected answers. */
  INTERNAL_ERROR,
  DEPLOYMENT_GROUP_MISSING,
  APPLICATION_MISSING
}
