package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.metrics.MetricCategory;
import software.amazon.awssdk.metrics.MetricCollector;
import software.amazon.awssdk.metrics.MetricLevel;
import software.amazon.awssdk.metrics.SdkMetric;

/**
 * Counts every finished SDK call (after the SDK's own retries) and every failed one in an {@link
 * AwsCallCounter}, keyed by service and operation name ({@code DescribeServices}, ...). Service
 * names are the ones {@link io.ecsdeploy.operator.aws.AwsFailure#service()} uses ({@code ECS},
 * {@code ElasticLoadBalancingV2}, {@code Lambda}, {@code CloudWatch}, {@code SNS}, {@code S3},
 * {@code STS}, {@code EventBridge}), not the SDK's internal spelling ({@code Ecs}, {@code Sns},
 * ...).
 */
public final class CallCountingInterceptor implements ExecutionInterceptor {

  private static final Map<String, String> SERVICE_NAMES =
      Map.of(
          "ecs", "ECS",
          "elasticloadbalancingv2", "ElasticLoadBalancingV2",
          "lambda", "Lambda",
          "cloudwatch", "CloudWatch",
          "sns", "SNS",
          "s3", "S3",
          "sts", "STS",
          "eventbridge", "EventBridge");

  /**
   * Reported to the call's metrics when it ended because its timeout ran out, for {@link
   * AttemptCountingPublisher}: the SDK reports the attempt the timeout interrupted as "Other".
   */
  static final SdkMetric<Boolean> CALL_TIMED_OUT =
      SdkMetric.create(
          "EcsDeployCallTimedOut", Boolean.class, MetricLevel.ERROR, MetricCategory.CUSTOM);

  private final AwsCallCounter counter;

  public CallCountingInterceptor(AwsCallCounter counter) {
    this.counter = counter;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, false);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    record(attributes, true);
    MetricCollector metrics =
        attributes.getAttribute(SdkExecutionAttribute.API_CALL_METRIC_COLLECTOR);
    if (metrics != null && timedOut(context.exception())) {
      metrics.reportMetric(CALL_TIMED_OUT, true);
    }
  }

  private static boolean timedOut(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private void record(ExecutionAttributes attributes, boolean failed) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counter.record(serviceName(service), operation == null ? "unknown" : operation, failed);
  }

  static String serviceName(String sdkServiceName) {
    if (sdkServiceName == null) {
      return "unknown";
    }
    String key = sdkServiceName.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "");
    return SERVICE_NAMES.getOrDefault(key, sdkServiceName);
  }
}
