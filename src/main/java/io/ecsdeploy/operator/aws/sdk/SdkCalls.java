package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.AwsFailure;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs an SDK call and turns its failure into an {@link AwsFailure}. */
final class SdkCalls {
  private SdkCalls() {}

  static <T> T call(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException | UncheckedIOException e) {
      throw AwsErrors.classify(e);
    }
  }
}
