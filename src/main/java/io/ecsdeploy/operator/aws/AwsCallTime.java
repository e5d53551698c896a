package io.ecsdeploy.operator.aws;

/**
 * The time the current thread has spent in AWS calls, so that a reconcile's own time can be told
 * from its time waiting on AWS ({@code ecsdeploy_deployment_reconcile_own_seconds}). The SDK
 * adapters add every call's time ({@link #measure}), and so do shared reads for the time a caller
 * waits on a call another thread makes; a reconcile reads it before and after. Measures nest: only
 * the outermost counts, so a wait that contains a call is not counted twice.
 */
public final class AwsCallTime {
  /** Per thread: the total so far, and how many measures are running. */
  private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[2]);

  private AwsCallTime() {}

  /** Nanoseconds this thread has spent in AWS calls so far (a running total). */
  public static long nanos() {
    return NANOS.get()[0];
  }

  /** Runs an AWS call on this thread, adding its time to the thread's total. */
  public static <T> T measure(java.util.function.Supplier<T> call) {
    long[] thread = NANOS.get();
    long start = System.nanoTime();
    thread[1]++;
    try {
      return call.get();
    } finally {
      if (--thread[1] == 0) {
        thread[0] += System.nanoTime() - start;
      }
    }
  }
}
