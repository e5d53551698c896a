package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.AwsCallTime;
import io.ecsdeploy.operator.aws.AwsFailure;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs an SDK call, adds its time to the thread's time in AWS ({@link AwsCallTime}) and turns its
 * failure into an {@link AwsFailure}.
 */
final class SdkCalls {
  private SdkCalls() {}

  static <T> T call(Supplier<T> call) {
    try {
      return AwsCallTime.measure(call);
    } catch (SdkException | UncheckedIOException e) {
      throw AwsErrors.classify(e);
    }
  }
}
