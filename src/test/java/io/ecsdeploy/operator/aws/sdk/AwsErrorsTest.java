package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.ecs.model.AccessDeniedException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServerException;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TooManyRulesException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sts.model.StsException;

class AwsErrorsTest {

  private static AwsErrorDetails details(String code, String message) {
    return AwsErrorDetails.builder().errorCode(code).errorMessage(message).build();
  }

  private static AwsServiceException ecs(String code, String message, int status) {
    return EcsException.builder()
        .awsErrorDetails(details(code, message))
        .statusCode(status)
        .message(message)
        .build();
  }

  private static AwsServiceException elb(String code, int status) {
    return ElasticLoadBalancingV2Exception.builder()
        .awsErrorDetails(details(code, code))
        .statusCode(status)
        .build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded"
      })
  void throttlingIsThrottledAndRetryable(String code) {
    AwsFailure failure = AwsErrors.classify(ecs(code, "Rate exceeded", 400));

    assertThat(failure.code()).isEqualTo(ErrorCode.THROTTLED);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.awsErrorCode()).isEqualTo(code.replace("Exception", ""));
  }

  @Test
  void elbQueryProtocolThrottlingIsThrottled() {
    assertThat(AwsErrors.code(elb("Throttling", 400))).isEqualTo(ErrorCode.THROTTLED);
    assertThat(AwsErrors.isRetryable(elb("Throttling", 400))).isTrue();
  }

  @Test
  void lambdaTooManyRequestsIsThrottledNotAnInvalidFunction() {
    TooManyRequestsException e =
        TooManyRequestsException.builder().message("Rate exceeded").statusCode(429).build();

    assertThat(AwsErrors.code(e)).isEqualTo(ErrorCode.THROTTLED);
    assertThat(AwsErrors.isRetryable(e)).isTrue();
  }

  @Test
  void missingLambdaFunctionIsInvalidLambdaFunction() {
    ResourceNotFoundException e =
        ResourceNotFoundException.builder()
            .message("Function not found: arn:aws:lambda:us-east-1:1:function:gone")
            .statusCode(404)
            .build();

    AwsFailure failure = AwsErrors.classify(e);

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_LAMBDA_FUNCTION);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.service()).isEqualTo("Lambda");
  }

  @Test
  void resourceNotFoundFromAnotherServiceIsNotALambdaProblem() {
    AwsServiceException e =
        CloudWatchException.builder()
            .awsErrorDetails(details("ResourceNotFoundException", "no such thing"))
            .statusCode(404)
            .build();

    assertThat(AwsErrors.code(e)).isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void lambdaConfigurationProblemIsInvalidLambdaConfiguration() {
    AwsServiceException e =
        LambdaException.builder()
            .awsErrorDetails(details("InvalidRuntimeException", "runtime python2.7 is retired"))
            .statusCode(502)
            .build();

    assertThat(AwsErrors.code(e)).isEqualTo(ErrorCode.INVALID_LAMBDA_CONFIGURATION);
  }

  @Test
  void ecsServiceProblemsAreInvalidEcsService() {
    assertThat(AwsErrors.code(ServiceNotFoundException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.INVALID_ECS_SERVICE);
    assertThat(AwsErrors.code(ServiceNotActiveException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.INVALID_ECS_SERVICE);
    assertThat(AwsErrors.code(ClusterNotFoundException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.INVALID_ECS_SERVICE);
    assertThat(AwsErrors.isRetryable(ServiceNotFoundException.builder().statusCode(400).build()))
        .isFalse();
  }

  @Test
  void invalidParameterAboutTheControllerIsInvalidEcsService() {
    InvalidParameterException controller =
        InvalidParameterException.builder()
            .message(
                "Amazon ECS only supports task set management on services configured to use"
                    + " external deployment controllers.")
            .statusCode(400)
            .build();
    AwsServiceException otherParameter =
        ecs("InvalidParameterException", "Task definition does not support FARGATE", 400);

    assertThat(AwsErrors.code(controller)).isEqualTo(ErrorCode.INVALID_ECS_SERVICE);
    assertThat(AwsErrors.code(otherParameter)).isEqualTo(ErrorCode.ECS_UPDATE_ERROR);
  }

  @Test
  void missingElbResourcesAreElasticLoadBalancingInvalid() {
    assertThat(AwsErrors.code(ListenerNotFoundException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID);
    assertThat(AwsErrors.code(TargetGroupNotFoundException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID);
    assertThat(AwsErrors.code(RuleNotFoundException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID);
    assertThat(AwsErrors.code(elb("ListenerNotFound", 400)))
        .isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID);
  }

  @Test
  void accessDeniedIsIamRolePermissions() {
    assertThat(AwsErrors.code(AccessDeniedException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.IAM_ROLE_PERMISSIONS);
    assertThat(AwsErrors.code(elb("AccessDenied", 403))).isEqualTo(ErrorCode.IAM_ROLE_PERMISSIONS);
    assertThat(AwsErrors.code(AuthorizationErrorException.builder().statusCode(403).build()))
        .isEqualTo(ErrorCode.IAM_ROLE_PERMISSIONS);
    assertThat(AwsErrors.isRetryable(elb("AccessDenied", 403))).isFalse();
  }

  @Test
  void refusedAssumeRoleIsIamRoleMissingEvenWhenWrappedInACredentialsError() {
    StsException refused =
        (StsException)
            StsException.builder()
                .awsErrorDetails(
                    details("AccessDenied", "not authorized to perform sts:AssumeRole"))
                .statusCode(403)
                .build();
    SdkClientException wrapped =
        SdkClientException.builder()
            .message("Unable to load credentials from StsAssumeRoleCredentialsProvider")
            .cause(refused)
            .build();

    AwsFailure failure = AwsErrors.classify(wrapped);

    assertThat(failure.code()).isEqualTo(ErrorCode.IAM_ROLE_MISSING);
    assertThat(failure.service()).isEqualTo("STS");
    assertThat(failure.retryable()).isFalse();
  }

  @Test
  void missingS3ObjectOrBucketIsRevisionMissing() {
    assertThat(AwsErrors.code(NoSuchKeyException.builder().statusCode(404).build()))
        .isEqualTo(ErrorCode.REVISION_MISSING);
    assertThat(AwsErrors.code(NoSuchBucketException.builder().statusCode(404).build()))
        .isEqualTo(ErrorCode.REVISION_MISSING);
    AwsServiceException noSuchVersion =
        S3Exception.builder()
            .awsErrorDetails(details("NoSuchVersion", "The specified version does not exist."))
            .statusCode(404)
            .build();
    assertThat(AwsErrors.code(noSuchVersion)).isEqualTo(ErrorCode.REVISION_MISSING);
    AwsServiceException badVersion =
        S3Exception.builder()
            .awsErrorDetails(details("InvalidArgument", "Invalid version id specified"))
            .statusCode(400)
            .build();
    assertThat(AwsErrors.code(badVersion)).isEqualTo(ErrorCode.INVALID_REVISION);
  }

  @Test
  void limitsAreResourceLimitExceeded() {
    assertThat(AwsErrors.code(ecs("LimitExceededException", "too many task sets", 400)))
        .isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
    assertThat(AwsErrors.code(TooManyRulesException.builder().statusCode(400).build()))
        .isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
    assertThat(AwsErrors.isRetryable(ecs("LimitExceededException", "quota", 400))).isFalse();
  }

  @Test
  void serverErrorsAreRetryableInternalErrors() {
    AwsFailure failure = AwsErrors.classify(ServerException.builder().statusCode(500).build());

    assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(failure.retryable()).isTrue();
    assertThat(AwsErrors.isRetryable(elb("ServiceUnavailable", 503))).isTrue();
  }

  @Test
  void unknownClientErrorIsAnInternalErrorThatWillNotHeal() {
    AwsFailure failure = AwsErrors.classify(ecs("SomethingNew", "what", 400));

    assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("ECS").contains("SomethingNew").contains("what");
  }

  @Test
  void callsThatNeverReachedAwsAreRetryable() {
    SdkClientException network =
        SdkClientException.builder()
            .message("Unable to execute HTTP request")
            .cause(new IOException("Connection refused"))
            .build();

    assertThat(AwsErrors.classify(network).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(AwsErrors.isRetryable(network)).isTrue();
    assertThat(AwsErrors.isRetryable(ApiCallTimeoutException.create(30_000))).isTrue();
    assertThat(AwsErrors.errorCode(network)).isNull();
  }

  @Test
  void programmingErrorsAreNotRetryable() {
    assertThat(AwsErrors.isRetryable(new IllegalStateException("bug"))).isFalse();
  }
}
