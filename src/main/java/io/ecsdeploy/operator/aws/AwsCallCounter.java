package io.ecsdeploy.operator.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts AWS API calls and failed calls per service and operation, for the metrics layer and for
 * the calls-per-deployment figure; and, per attempt, the SDK's own retries and the errors of each
 * attempt (which a call that succeeded on a retry hides). Thread-safe; cheap enough to update on
 * every call.
 */
public final class AwsCallCounter {

  /**
   * Why one HTTP attempt of a call failed, as the SDK classifies it: the service throttled it, the
   * service answered with another error (a 5xx, or a 4xx that is not throttling), the client's
   * timeout ran out, the connection failed, or anything else.
   */
  public enum AttemptError {
    THROTTLING("throttling"),
    SERVER_ERROR("server_error"),
    TIMEOUT("timeout"),
    IO("io"),
    OTHER("other");

    private final String label;

    AttemptError(String label) {
      this.label = label;
    }

    /** The value of the metrics' {@code error} label. */
    public String label() {
      return label;
    }
  }

  /** Failed attempts of one operation with one kind of error. */
  public record AttemptErrorKey(Operation operation, AttemptError error) {}

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
    final LongAdder retries = new LongAdder();
  }

  private final Map<Operation, Tally> tallies = new ConcurrentHashMap<>();
  private final Map<AttemptErrorKey, LongAdder> attemptErrors = new ConcurrentHashMap<>();
  private volatile java.util.function.Consumer<Operation> onFirstCall = operation -> {};
  private volatile java.util.function.Consumer<AttemptErrorKey> onFirstAttemptError = key -> {};

  /**
   * Called once for each operation, at its first call (and at once for those already called), so a
   * metrics registry can expose it.
   */
  public void onFirstCall(java.util.function.Consumer<Operation> listener) {
    this.onFirstCall = listener;
    tallies.keySet().forEach(listener);
  }

  /**
   * Called once for each operation and kind of attempt error, at its first occurrence (and at once
   * for those already seen).
   */
  public void onFirstAttemptError(java.util.function.Consumer<AttemptErrorKey> listener) {
    this.onFirstAttemptError = listener;
    attemptErrors.keySet().forEach(listener);
  }

  /** Records one finished call; {@code failed} when it ended in an exception. */
  public void record(String service, String operation, boolean failed) {
    Tally tally = tally(new Operation(service, operation));
    tally.calls.increment();
    if (failed) {
      tally.errors.increment();
    }
  }

  /**
   * Records the attempts of one finished call: how many times the SDK retried it, and the error of
   * each attempt that failed.
   */
  public void recordAttempts(
      String service, String operation, int retries, Iterable<AttemptError> failedAttempts) {
    Operation key = new Operation(service, operation);
    tally(key).retries.add(retries);
    for (AttemptError error : failedAttempts) {
      AttemptErrorKey errorKey = new AttemptErrorKey(key, error);
      LongAdder count = attemptErrors.get(errorKey);
      if (count == null) {
        LongAdder fresh = new LongAdder();
        count = attemptErrors.putIfAbsent(errorKey, fresh);
        if (count == null) {
          count = fresh;
          onFirstAttemptError.accept(errorKey);
        }
      }
      count.increment();
    }
  }

  private Tally tally(Operation key) {
    Tally tally = tallies.get(key);
    if (tally == null) {
      Tally fresh = new Tally();
      tally = tallies.putIfAbsent(key, fresh);
      if (tally == null) {
        tally = fresh;
        onFirstCall.accept(key);
      }
    }
    return tally;
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

  /** Times the SDK retried calls to one operation so far. */
  public long retries(String service, String operation) {
    Tally tally = tallies.get(new Operation(service, operation));
    return tally == null ? 0 : tally.retries.sum();
  }

  /** Attempts of one operation that failed with one kind of error so far. */
  public long attemptErrors(String service, String operation, AttemptError error) {
    LongAdder count =
        attemptErrors.get(new AttemptErrorKey(new Operation(service, operation), error));
    return count == null ? 0 : count.sum();
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
