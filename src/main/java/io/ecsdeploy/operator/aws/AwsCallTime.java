package io.ecsdeploy.operator.aws;

/**
 * The time the current thread has spent in AWS calls, so that a reconcile's own time can be told
 * from its time waiting on AWS ({@code ecsdeploy_deployment_reconcile_own_seconds}). The SDK
 * adapters add every call's time ({@link #measure}); a reconcile reads it before and after.
 */
public final class AwsCallTime {
  private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[1]);

  private AwsCallTime() {}

  /** Nanoseconds this thread has spent in AWS calls so far (a running total). */
  public static long nanos() {
    return NANOS.get()[0];
  }

  /** Runs an AWS call on this thread, adding its time to the thread's total. */
  public static <T> T measure(java.util.function.Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      NANOS.get()[0] += System.nanoTime() - start;
    }
  }
}
