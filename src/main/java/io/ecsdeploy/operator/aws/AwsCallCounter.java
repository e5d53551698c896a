package io.ecsdeploy.operator.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts AWS API calls and failed calls per service and operation, for the metrics layer and for
 * the calls-per-deployment figure. Thread-safe; cheap enough to update on every call.
 */
public final class AwsCallCounter {

  /** One AWS operation, such as {@code ECS} / {@code DescribeServices}. */
  public record Operation(String service, String operation) implements Comparable<Operation> {
    @Override
    public int compareTo(Operation other) {
      int byService = service.compareTo(other.service);
      return byService != 0 ? byService : operation.compareTo(other.operation);
    }

    @Override
    public String toString() {
      return service + ":" + operation;
    }
  }

  /** Calls made and how many of them failed (after the SDK's own retries). */
  public record Counts(long calls, long errors) {}

  private static final class Tally {
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();
  }

  private final Map<Operation, Tally> tallies = new ConcurrentHashMap<>();
  private volatile java.util.function.Consumer<Operation> onFirstCall = operation -> {};

  /**
   * Called once for each operation, at its first call (and at once for those already called), so a
   * metrics registry can expose it.
   */
  public void onFirstCall(java.util.function.Consumer<Operation> listener) {
    this.onFirstCall = listener;
    tallies.keySet().forEach(listener);
  }

  /** Records one finished call; {@code failed} when it ended in an exception. */
  public void record(String service, String operation, boolean failed) {
    Operation key = new Operation(service, operation);
    Tally tally = tallies.get(key);
    if (tally == null) {
      Tally fresh = new Tally();
      tally = tallies.putIfAbsent(key, fresh);
      if (tally == null) {
        tally = fresh;
        onFirstCall.accept(key);
      }
    }
    tally.calls.increment();
    if (failed) {
      tally.errors.increment();
    }
  }

  /** Calls made to one operation so far. */
  public long calls(String service, String operation) {
    Tally tally = tallies.get(new Operation(service, operation));
    return tally == null ? 0 : tally.calls.sum();
  }

  /** Failed calls to one operation so far. */
  public long errors(String service, String operation) {
    Tally tally = tallies.get(new Operation(service, operation));
    return tally == null ? 0 : tally.errors.sum();
  }

  /** Every operation called so far, sorted by service then operation. */
  public Map<Operation, Counts> snapshot() {
    Map<Operation, Counts> snapshot = new TreeMap<>();
    tallies.forEach(
        (operation, tally) ->
            snapshot.put(operation, new Counts(tally.calls.sum(), tally.errors.sum())));
    return snapshot;
  }
}
