package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.limits.ApiClass;
import io.ecsdeploy.operator.aws.limits.RateLimiters;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Holds each call of a client until its {@link ApiClass}'s limiter lets it go, so the operator
 * stays under AWS's request rates instead of being throttled by them. Runs before the call starts,
 * so the wait does not count against the call's timeout; once per call (the SDK's retries of a
 * throttled attempt are rare when the limits hold).
 *
 * <p>Callers take turns by deployment: the fairness key is the deployment of the thread's log
 * context ({@link DeploymentLogContext}), or its deployment group, or {@code operator} for work
 * that belongs to no deployment.
 */
final class RateLimitingInterceptor implements ExecutionInterceptor {

  private final RateLimiters limiters;
  private final String account;
  private final String region;

  /**
   * @param account the account the calls go to: that of the assumed role, or empty for the
   *     operator's own identity
   */
  RateLimitingInterceptor(RateLimiters limiters, String account, String region) {
    this.limiters = limiters;
    this.account = account;
    this.region = region;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String service =
        CallCountingInterceptor.serviceName(
            attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    var apiClass = ApiClass.of(service, operation);
    if (apiClass.isEmpty()) {
      return;
    }
    try {
      limiters.acquire(account, region, apiClass.get(), fairKey());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder()
          .message("interrupted while waiting to call " + service + " " + operation)
          .cause(e)
          .build();
    }
  }

  static String fairKey() {
    String namespace = MDC.get(DeploymentLogContext.NAMESPACE);
    String deployment = MDC.get(DeploymentLogContext.DEPLOYMENT);
    if (deployment != null) {
      return namespace + "/" + deployment;
    }
    String group = MDC.get(DeploymentLogContext.GROUP);
    if (group != null) {
      return namespace + "/group/" + group;
    }
    return "operator";
  }

  /** The account of a role ARN ({@code arn:aws:iam::123456789012:role/x}), or empty. */
  static String accountOf(String roleArn) {
    if (roleArn == null) {
      return "";
    }
    String[] parts = roleArn.split(":", 6);
    return parts.length >= 5 ? parts[4] : roleArn;
  }
}
