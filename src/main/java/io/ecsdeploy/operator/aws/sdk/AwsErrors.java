package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Maps AWS SDK exceptions to the CodeDeploy error code a deployment fails with, and says whether
 * the same call may succeed later (then the executor requeues instead of failing).
 *
 * <p>AWS's error code is read from the response ({@code awsErrorDetails().errorCode()}) or, for an
 * exception built without one, from the exception's class name; a trailing {@code Exception} is
 * ignored, so {@code ListenerNotFound} (ELB's query protocol) and {@code ListenerNotFoundException}
 * (the SDK class) are the same code. Which service answered comes from the exception's type, since
 * the same code means different things per service ({@code ResourceNotFoundException} from Lambda
 * is a missing hook function).
 *
 * <p>A call that never reached the service ({@link SdkClientException}: network, timeouts) is a
 * retryable INTERNAL_ERROR, unless its cause is a service error (credentials from an STS AssumeRole
 * that AWS refused), which is classified instead.
 */
public final class AwsErrors {

  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "Throttled",
          "TooManyRequests",
          "RequestLimitExceeded",
          "RequestThrottled",
          "SlowDown",
          "ProvisionedThroughputExceeded",
          "KMSThrottling",
          "EC2ThrottledException",
          "PriorRequestNotComplete");

  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied",
          "AuthorizationError",
          "UnauthorizedOperation",
          "Unauthorized",
          "Forbidden",
          "KMSAccessDenied",
          "KmsAccessDenied",
          "InvalidClientTokenId",
          "UnrecognizedClient",
          "SignatureDoesNotMatch");

  private static final Set<String> RESOURCE_LIMIT =
      Set.of(
          "LimitExceeded",
          "ServiceQuotaExceeded",
          "AttributeLimitExceeded",
          "CodeStorageExceeded",
          "TopicLimitExceeded",
          "SubscriptionLimitExceeded",
          "TargetGroupAssociationLimit",
          "CapacityUnitsLimitExceeded");

  private static final Set<String> SERVER_SIDE_TRANSIENT =
      Set.of(
          "ServiceUnavailable",
          "InternalFailure",
          "InternalError",
          "InternalServiceError",
          "InternalService",
          "Server",
          "Service",
          "RequestTimeout",
          "ResourceNotReady",
          "EniNotReady",
          "UpdateInProgress",
          "ConcurrentModification",
          "ConcurrentAccess",
          "ExpiredToken",
          "RequestExpired",
          "IDPCommunicationError");

  private static final Set<String> ECS_INVALID_SERVICE =
      Set.of("ServiceNotFound", "ServiceNotActive", "ClusterNotFound");

  private static final Set<String> ELB_INVALID =
      Set.of(
          "ListenerNotFound",
          "TargetGroupNotFound",
          "RuleNotFound",
          "LoadBalancerNotFound",
          "InvalidLoadBalancerAction",
          "InvalidConfigurationRequest",
          "IncompatibleProtocols",
          "OperationNotPermitted",
          "ValidationError");

  private static final Set<String> LAMBDA_CONFIGURATION =
      Set.of(
          "InvalidRuntime",
          "InvalidSubnetID",
          "InvalidSecurityGroupID",
          "InvalidZipFile",
          "EniLimitReached",
          "SubnetIPAddressLimitReached",
          "EC2AccessDenied",
          "EC2Unexpected",
          "KMSDisabled",
          "KMSInvalidState",
          "KMSNotFound",
          "EFSMountConnectivity",
          "EFSMountFailure",
          "EFSMountTimeout",
          "EFSIO",
          "SnapStart",
          "SnapStartNotReady",
          "SnapStartTimeout",
          "RecursiveInvocation",
          "RequestTooLarge",
          "ResourceNotReady");

  private static final Set<String> REVISION_MISSING = Set.of("NoSuchKey", "NoSuchBucket");

  private AwsErrors() {}

  /** Classifies any failure of an AWS call. */
  public static AwsFailure classify(Throwable failure) {
    if (failure instanceof AwsFailure already) {
      return already;
    }
    AwsServiceException service = serviceCause(failure);
    if (service != null) {
      return classifyService(service, failure);
    }
    if (failure instanceof SdkServiceException generic) {
      boolean transientStatus = generic.statusCode() >= 500 || generic.statusCode() == 429;
      return new AwsFailure(
          generic.statusCode() == 429 ? ErrorCode.THROTTLED : ErrorCode.INTERNAL_ERROR,
          transientStatus || generic.isThrottlingException(),
          null,
          null,
          describe(failure),
          failure);
    }
    boolean unreachable =
        failure instanceof SdkClientException
            || failure instanceof ApiCallTimeoutException
            || failure instanceof ApiCallAttemptTimeoutException
            || failure instanceof java.io.UncheckedIOException;
    return new AwsFailure(
        ErrorCode.INTERNAL_ERROR, unreachable, null, null, describe(failure), failure);
  }

  /** The CodeDeploy error code for a failure. */
  public static ErrorCode code(Throwable failure) {
    return classify(failure).code();
  }

  /** Whether the failed call may succeed if made again later. */
  public static boolean isRetryable(Throwable failure) {
    return classify(failure).retryable();
  }

  /** AWS's error code without a trailing {@code Exception}, or {@code null} for client errors. */
  public static String errorCode(Throwable failure) {
    AwsServiceException service = serviceCause(failure);
    return service == null ? null : normalizedCode(service);
  }

  private static AwsFailure classifyService(AwsServiceException e, Throwable thrown) {
    String code = normalizedCode(e);
    String service = serviceName(e);
    ErrorCode failureCode = codeFor(e, code);
    boolean retryable =
        failureCode == ErrorCode.THROTTLED
            || SERVER_SIDE_TRANSIENT.contains(code)
            || e.statusCode() >= 500
            || e.isThrottlingException();
    String message =
        service
            + " "
            + (rawCode(e) == null ? code : rawCode(e))
            + ": "
            + (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage()
                : e.getMessage());
    return new AwsFailure(failureCode, retryable, service, code, message, thrown);
  }

  private static ErrorCode codeFor(AwsServiceException e, String code) {
    if (THROTTLING.contains(code) || e.isThrottlingException() || e.statusCode() == 429) {
      return ErrorCode.THROTTLED;
    }
    if (e instanceof StsException) {
      // The role to assume does not exist, or its trust policy does not let the operator in.
      return ACCESS_DENIED.contains(code) || "RegionDisabled".equals(code)
          ? ErrorCode.IAM_ROLE_MISSING
          : ErrorCode.INTERNAL_ERROR;
    }
    if (ACCESS_DENIED.contains(code)) {
      return ErrorCode.IAM_ROLE_PERMISSIONS;
    }
    if (e instanceof EcsException) {
      if (ECS_INVALID_SERVICE.contains(code)) {
        return ErrorCode.INVALID_ECS_SERVICE;
      }
      if ("InvalidParameter".equals(code) && mentionsDeploymentController(e)) {
        return ErrorCode.INVALID_ECS_SERVICE;
      }
      if (Set.of(
              "InvalidParameter",
              "Client",
              "TaskSetNotFound",
              "PlatformUnknown",
              "PlatformTaskDefinitionIncompatibility",
              "UnsupportedFeature")
          .contains(code)) {
        return ErrorCode.ECS_UPDATE_ERROR;
      }
    }
    if (e instanceof ElasticLoadBalancingV2Exception) {
      if (ELB_INVALID.contains(code)) {
        return ErrorCode.ELASTIC_LOAD_BALANCING_INVALID;
      }
      if (code.startsWith("TooMany")) {
        return ErrorCode.RESOURCE_LIMIT_EXCEEDED;
      }
    }
    if (e instanceof LambdaException) {
      if ("ResourceNotFound".equals(code)) {
        return ErrorCode.INVALID_LAMBDA_FUNCTION;
      }
      if (LAMBDA_CONFIGURATION.contains(code)) {
        return ErrorCode.INVALID_LAMBDA_CONFIGURATION;
      }
    }
    if (REVISION_MISSING.contains(code)
        || (e instanceof S3Exception && "NoSuchVersion".equals(code))) {
      return ErrorCode.REVISION_MISSING;
    }
    if (e instanceof S3Exception && "InvalidArgument".equals(code)) {
      // a malformed version id
      return ErrorCode.INVALID_REVISION;
    }
    if (RESOURCE_LIMIT.contains(code)) {
      return ErrorCode.RESOURCE_LIMIT_EXCEEDED;
    }
    return ErrorCode.INTERNAL_ERROR;
  }

  private static boolean mentionsDeploymentController(AwsServiceException e) {
    String message =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage()
            : e.getMessage();
    return message != null
        && message.toLowerCase(Locale.ROOT).replace(" ", "").contains("deploymentcontroller");
  }

  private static AwsServiceException serviceCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException service) {
        return service;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String rawCode(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static String normalizedCode(AwsServiceException e) {
    String code = rawCode(e);
    if (code == null || code.isBlank()) {
      code = e.getClass().getSimpleName();
    }
    // Some JSON protocols send "prefix#Code" or "Code:detail".
    int hash = code.lastIndexOf('#');
    if (hash >= 0) {
      code = code.substring(hash + 1);
    }
    int colon = code.indexOf(':');
    if (colon >= 0) {
      code = code.substring(0, colon);
    }
    return code.endsWith("Exception") ? code.substring(0, code.length() - 9) : code;
  }

  private static String serviceName(AwsServiceException e) {
    if (e instanceof EcsException) {
      return "ECS";
    }
    if (e instanceof ElasticLoadBalancingV2Exception) {
      return "ElasticLoadBalancingV2";
    }
    if (e instanceof LambdaException) {
      return "Lambda";
    }
    if (e instanceof CloudWatchException) {
      return "CloudWatch";
    }
    if (e instanceof SnsException) {
      return "SNS";
    }
    if (e instanceof S3Exception) {
      return "S3";
    }
    if (e instanceof StsException) {
      return "STS";
    }
    if (e instanceof EventBridgeException) {
      return "EventBridge";
    }
    if (e.awsErrorDetails() != null && e.awsErrorDetails().serviceName() != null) {
      return e.awsErrorDetails().serviceName();
    }
    return "AWS";
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }
}
