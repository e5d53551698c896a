package io.ecsdeploy.operator.metrics;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Exposes the AWS calls the operator makes, by service and operation: {@code
 * ecsdeploy_aws_calls_total} and {@code ecsdeploy_aws_errors_total}. They tell how much of the
 * account's API budget (DescribeServices, ModifyListener, DescribeAlarms...) the operator spends.
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
        });
  }
}
