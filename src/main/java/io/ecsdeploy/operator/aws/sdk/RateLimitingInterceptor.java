package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.limits.ApiClass;
import io.ecsdeploy.operator.aws.limits.RateLimiters;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Holds each call of a client until its {@link ApiClass}'s limiter lets it go, so the operator
 * stays under AWS's request rates instead of being throttled by them. Runs before the call starts,
 * so the wait does not count against the call's timeout; a retry of the call (after a throttled
 * attempt, a 5xx) waits for a token too, before it is sent, since AWS counts every attempt.
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

  /** Attempts of the call sent so far. */
  private static final ExecutionAttribute<Integer> ATTEMPTS =
      new ExecutionAttribute<>("ecsdeploy.rateLimitedAttempts");

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    acquire(attributes);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    Integer sent = attributes.getAttribute(ATTEMPTS);
    int attempts = sent == null ? 1 : sent + 1;
    attributes.putAttribute(ATTEMPTS, attempts);
    if (attempts > 1) {
      // The first attempt took its token before the call started.
      acquire(attributes);
    }
  }

  private void acquire(ExecutionAttributes attributes) {
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
