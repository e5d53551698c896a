package io.ecsdeploy.operator.metrics;

import java.util.function.Supplier;

/**
 * The time each thread has spent in calls of one kind (to AWS, to the Kubernetes API server), so
 * that a reconcile can tell its own time from its time waiting on others: it reads {@link #nanos}
 * before and after. Measures nest: only the outermost counts, so a wait that contains a call is not
 * counted twice.
 */
public final class ThreadCallTime {
  /** Per thread: the total so far, and how many measures are running. */
  private final ThreadLocal<long[]> perThread = ThreadLocal.withInitial(() -> new long[2]);

  /** Nanoseconds this thread has spent in these calls so far (a running total). */
  public long nanos() {
    return perThread.get()[0];
  }

  /** Runs a call on this thread, adding its time to the thread's total. */
  public <T> T measure(Supplier<T> call) {
    long[] thread = perThread.get();
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

  /** {@link #measure(Supplier)} for a call without a result. */
  public void run(Runnable call) {
    measure(
        () -> {
          call.run();
          return null;
        });
  }
}
