package io.ecsdeploy.operator.metrics;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Exposes the AWS calls the operator makes, by service and operation: {@code
 * ecsdeploy_aws_calls_total} and {@code ecsdeploy_aws_errors_total}. They tell how much of the
 * account's API budget (DescribeServices, ModifyListener, DescribeAlarms...) the operator spends.
 * Below them, per attempt: {@code ecsdeploy_aws_retries_total}, the SDK's retries, and {@code
 * ecsdeploy_aws_attempt_errors_total}, the attempts that failed by {@code error} ({@code
 * throttling}, {@code server_error}, {@code timeout}, {@code io}, {@code other}), which show
 * throttling and errors that a retry hid from the calls' errors.
 */
public final class AwsCallMetrics {
  private AwsCallMetrics() {}

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
