package io.ecsdeploy.operator.aws;

import io.ecsdeploy.operator.metrics.ThreadCallTime;

/**
 * The time the current thread has spent in AWS calls, so that a reconcile's own time can be told
 * from its time waiting on AWS ({@code ecsdeploy_deployment_reconcile_own_seconds}). The SDK
 * adapters add every call's time ({@link #measure}), and so do shared reads for the time a caller
 * waits on a call another thread makes; a reconcile reads it before and after.
 */
public final class AwsCallTime {
  private static final ThreadCallTime TIME = new ThreadCallTime();

  private AwsCallTime() {}

  /** Nanoseconds this thread has spent in AWS calls so far (a running total). */
  public static long nanos() {
    return TIME.nanos();
  }

  /** Runs an AWS call on this thread, adding its time to the thread's total. */
  public static <T> T measure(java.util.function.Supplier<T> call) {
    return TIME.measure(call);
  }
}
