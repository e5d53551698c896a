package io.ecsdeploy.operator.metrics;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.limits.ApiClass;
import io.ecsdeploy.operator.aws.limits.RateLimiters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exposes the AWS calls the operator makes, by service and operation: {@code
 * ecsdeploy_aws_calls_total} and {@code ecsdeploy_aws_errors_total}. They tell how much of the
 * account's API budget (DescribeServices, ModifyListener, DescribeAlarms...) the operator spends.
 * Below them, per attempt: {@code ecsdeploy_aws_retries_total}, the SDK's retries, and {@code
 * ecsdeploy_aws_attempt_errors_total}, the attempts that failed by {@code error} ({@code
 * throttling}, {@code server_error}, {@code timeout}, {@code io}, {@code other}), which show
 * throttling and errors that a retry hid from the calls' errors.
 *
 * <p>{@code ecsdeploy_aws_rate_limit_wait_seconds}, by {@code api_class}, is the time calls waited
 * for a token of the operator's own rate limits ({@link RateLimiters}): when it grows, the operator
 * runs at the rate its limits allow (AWS's documented rates, or the share of them it was given).
 */
public final class AwsCallMetrics {
  private AwsCallMetrics() {}

  /** Times the waits for the rate limits' tokens, by API class. */
  public static void bind(RateLimiters limiters, MeterRegistry registry) {
    Map<ApiClass, Timer> timers = new EnumMap<>(ApiClass.class);
    for (ApiClass apiClass : ApiClass.values()) {
      if (limiters.settings().rateOf(apiClass).isPresent()) {
        timers.put(
            apiClass,
            Timer.builder("ecsdeploy_aws_rate_limit_wait")
                .description(
                    "Time AWS calls waited for a token of the operator's client-side rate limits")
                .tag("api_class", apiClass.label())
                .register(registry));
      }
    }
    limiters.onWait(
        (apiClass, nanos) -> {
          Timer timer = timers.get(apiClass);
          if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
          }
        });
  }

  public static void bind(AwsCallCounter counter, MeterRegistry registry) {
    counter.onFirstCall(
        operation -> {
          FunctionCounter.builder(
                  "ecsdeploy_aws_calls",
                  counter,
                  c -> c.calls(operation.service(), operation.operation()))
              .description("AWS API calls made by the operator")
              .tag("service", operation.service())
              .tag("operation", operation.operation())
              .register(registry);
          FunctionCounter.builder(
                  "ecsdeploy_aws_errors",
                  counter,
                  c -> c.errors(operation.service(), operation.operation()))
              .description("AWS API calls that failed after the SDK's retries")
              .tag("service", operation.service())
              .tag("operation", operation.operation())
              .register(registry);
          FunctionCounter.builder(
                  "ecsdeploy_aws_retries",
                  counter,
                  c -> c.retries(operation.service(), operation.operation()))
              .description("Times the AWS SDK sent a call again after a failed attempt")
              .tag("service", operation.service())
              .tag("operation", operation.operation())
              .register(registry);
        });
    counter.onFirstAttemptError(
        key ->
            FunctionCounter.builder(
                    "ecsdeploy_aws_attempt_errors",
                    counter,
                    c ->
                        c.attemptErrors(
                            key.operation().service(), key.operation().operation(), key.error()))
                .description(
                    "Attempts of AWS calls that failed, retried or not, by the SDK's error type")
                .tag("service", key.operation().service())
                .tag("operation", key.operation().operation())
                .tag("error", key.error().label())
                .register(registry));
  }
}
