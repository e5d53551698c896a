package io.ecsdeploy.operator.aws.limits;

import java.util.Locale;
import java.util.Optional;

/**
 * The groups of AWS operations that AWS throttles together, per account and region, with the rates
 * AWS documents for them (bucket refill rate a second, bucket size). The defaults are AWS's
 * published figures; an account's own quotas may differ, hence {@link RateLimitSettings}.
 *
 * <ul>
 *   <li>ECS ("Request throttling for the Amazon ECS API"): service and task set reads ({@code
 *       DescribeServices}, {@code DescribeTaskSets}, {@code DescribeTaskDefinition}) 20 a second,
 *       burst 100; changes to services and task sets 5 a second, burst 50.
 *   <li>ELBv2 ("Request throttling for the ELB API"): {@code Describe*} 10 a second, burst 40;
 *       mutating calls ({@code ModifyListener}, {@code ModifyRule}) 3 a second, burst 20.
 *   <li>CloudWatch ("CloudWatch service quotas"): {@code DescribeAlarms} 9 a second.
 *   <li>Lambda {@code Invoke}, SNS {@code Publish} and S3 {@code GetObject}: their limits
 *       (concurrency, thousands of calls a second) are far above what the operator sends, so they
 *       have no limit unless one is configured.
 * </ul>
 */
public enum ApiClass {
  ECS_READ(new Rate(20, 100)),
  ECS_WRITE(new Rate(5, 50)),
  ELB_READ(new Rate(10, 40)),
  ELB_WRITE(new Rate(3, 20)),
  CLOUDWATCH_DESCRIBE_ALARMS(new Rate(9, 9)),
  LAMBDA_INVOKE(null),
  SNS_PUBLISH(null),
  S3_READ(null);

  private final Rate awsRate;

  ApiClass(Rate awsRate) {
    this.awsRate = awsRate;
  }

  /** AWS's documented rate, empty for the classes without a limit by default. */
  public Optional<Rate> awsRate() {
    return Optional.ofNullable(awsRate);
  }

  /**
   * The class's name in settings and in the metrics' {@code api_class} label: {@code elb-write}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<ApiClass> ofLabel(String label) {
    for (ApiClass apiClass : values()) {
      if (apiClass.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(apiClass);
      }
    }
    return Optional.empty();
  }

  /**
   * The class of an operation, by the service names of {@code AwsCallCounter} ({@code ECS}, {@code
   * ElasticLoadBalancingV2}, {@code CloudWatch}, {@code Lambda}, {@code SNS}, {@code S3}); empty
   * for operations no class covers (STS, other CloudWatch calls).
   */
  public static Optional<ApiClass> of(String service, String operation) {
    if (service == null || operation == null) {
      return Optional.empty();
    }
    boolean read = operation.startsWith("Describe") || operation.startsWith("List");
    return Optional.ofNullable(
        switch (service) {
          case "ECS" -> read ? ECS_READ : ECS_WRITE;
          case "ElasticLoadBalancingV2" -> read ? ELB_READ : ELB_WRITE;
          case "CloudWatch" ->
              "DescribeAlarms".equals(operation) ? CLOUDWATCH_DESCRIBE_ALARMS : null;
          case "Lambda" -> "Invoke".equals(operation) ? LAMBDA_INVOKE : null;
          case "SNS" -> "Publish".equals(operation) ? SNS_PUBLISH : null;
          case "S3" -> "GetObject".equals(operation) ? S3_READ : null;
          default -> null;
        });
  }
}
