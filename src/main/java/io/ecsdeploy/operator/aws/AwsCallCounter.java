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

  /** Records one finished call; {@code failed} when it ended in an exception. */
  public void record(String service, String operation, boolean failed) {
    Tally tally = tallies.computeIfAbsent(new Operation(service, operation), key -> new Tally());
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
