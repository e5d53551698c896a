package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.AwsCallCounter.AttemptError;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts the HTTP attempts behind each SDK call in an {@link AwsCallCounter}: the retries the SDK
 * made and why each failed attempt failed, by service and operation.
 *
 * <p>{@link CallCountingInterceptor} sees a call once, after the SDK's retries: a call throttled
 * twice and answered the third time counts as one successful call. The SDK reports every attempt to
 * its metric publishers, each with its error type (throttling, a service error, the configured
 * timeout, an I/O error) as the SDK's retry policy classified it, so this publisher counts what
 * throttling and errors the operator really met.
 */
public final class AttemptCountingPublisher implements MetricPublisher {

  /** The name the SDK gives the metric collection of one attempt. */
  static final String ATTEMPT = "ApiCallAttempt";

  private final AwsCallCounter counter;

  public AttemptCountingPublisher(AwsCallCounter counter) {
    this.counter = counter;
  }

  @Override
  public void publish(MetricCollection call) {
    String service = first(call, CoreMetric.SERVICE_ID);
    String operation = first(call, CoreMetric.OPERATION_NAME);
    Integer retries = first(call, CoreMetric.RETRY_COUNT);
    List<AttemptError> failed = new ArrayList<>();
    for (MetricCollection attempt : call.children()) {
      if (ATTEMPT.equals(attempt.name())) {
        for (String errorType : attempt.metricValues(CoreMetric.ERROR_TYPE)) {
          failed.add(attemptError(errorType));
        }
      }
    }
    // The attempt the call's timeout cut short reports "Other" (its thread was interrupted); the
    // interceptor saw the call end in the timeout and said so.
    if (!call.metricValues(CallCountingInterceptor.CALL_TIMED_OUT).isEmpty()
        && !failed.isEmpty()
        && failed.get(failed.size() - 1) == AttemptError.OTHER) {
      failed.set(failed.size() - 1, AttemptError.TIMEOUT);
    }
    counter.recordAttempts(
        CallCountingInterceptor.serviceName(service),
        operation == null ? "unknown" : operation,
        retries == null ? 0 : retries,
        failed);
  }

  /** The SDK's error types: Throttling, ServerError, ConfiguredTimeout, IO, Other. */
  static AttemptError attemptError(String sdkErrorType) {
    if (sdkErrorType == null) {
      return AttemptError.OTHER;
    }
    return switch (sdkErrorType) {
      case "Throttling" -> AttemptError.THROTTLING;
      case "ServerError" -> AttemptError.SERVER_ERROR;
      case "ConfiguredTimeout" -> AttemptError.TIMEOUT;
      case "IO" -> AttemptError.IO;
      default -> AttemptError.OTHER;
    };
  }

  private static <T> T first(
      MetricCollection collection, software.amazon.awssdk.metrics.SdkMetric<T> metric) {
    List<T> values = collection.metricValues(metric);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void close() {}
}
