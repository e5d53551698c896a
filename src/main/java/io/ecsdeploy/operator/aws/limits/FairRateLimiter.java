package io.ecsdeploy.operator.aws.limits;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Hands out the tokens of one {@link TokenBucket} to callers that queue for them, fairly across
 * keys (a deployment): when calls wait, each key in turn gets the next token, so a burst of calls
 * from one deployment waits behind the others' next call instead of in front of all of them.
 *
 * <p>A call that finds nobody waiting and a token in the bucket goes at once. The queueing logic
 * ({@link #enqueue}, {@link #dispatch}) is separate from the blocking ({@link #acquire}) so that it
 * can be tested with a hand-driven clock.
 */
public final class FairRateLimiter {

  /** One caller's place in the queue. */
  public static final class Ticket {
    private final String key;
    private final long enqueuedAt;
    private long grantedAt = -1;

    private Ticket(String key, long enqueuedAt) {
      this.key = key;
      this.enqueuedAt = enqueuedAt;
    }

    public String key() {
      return key;
    }

    /** Whether the ticket got its token. */
    public synchronized boolean granted() {
      return grantedAt >= 0;
    }

    /** Nanoseconds between queueing and getting the token (0 until granted). */
    public synchronized long waitedNanos() {
      return grantedAt < 0 ? 0 : grantedAt - enqueuedAt;
    }

    private synchronized void grant(long now) {
      grantedAt = now;
    }
  }

  private final TokenBucket bucket;
  private final LongSupplier clock;

  /** Waiting tickets by key; iteration order is the round-robin order of keys. */
  private final LinkedHashMap<String, ArrayDeque<Ticket>> waiting = new LinkedHashMap<>();

  public FairRateLimiter(Rate rate, LongSupplier nanoClock) {
    this.clock = nanoClock;
    this.bucket = new TokenBucket(rate, nanoClock.getAsLong());
  }

  /** A limiter on {@link System#nanoTime()}. */
  public FairRateLimiter(Rate rate) {
    this(rate, System::nanoTime);
  }

  /**
   * Queues a call for {@code key}. The ticket is granted at once when nobody waits and the bucket
   * has a token; otherwise it waits for {@link #dispatch}.
   */
  public synchronized Ticket enqueue(String key) {
    long now = clock.getAsLong();
    Ticket ticket = new Ticket(key, now);
    if (waiting.isEmpty() && bucket.tryTake(now)) {
      ticket.grant(now);
      return ticket;
    }
    waiting.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(ticket);
    return ticket;
  }

  /**
   * Grants the tokens the bucket has to waiting tickets: the first waiting ticket of the key whose
   * turn it is, then that key goes to the back of the round. Returns how many were granted.
   */
  public synchronized int dispatch() {
    long now = clock.getAsLong();
    int granted = 0;
    while (!waiting.isEmpty() && bucket.tryTake(now)) {
      Iterator<Map.Entry<String, ArrayDeque<Ticket>>> first = waiting.entrySet().iterator();
      Map.Entry<String, ArrayDeque<Ticket>> turn = first.next();
      first.remove();
      turn.getValue().pollFirst().grant(now);
      granted++;
      if (!turn.getValue().isEmpty()) {
        waiting.put(turn.getKey(), turn.getValue());
      }
    }
    if (granted > 0) {
      notifyAll();
    }
    return granted;
  }

  /** Nanoseconds until the bucket has a token again (0 when it has one). */
  public synchronized long nanosUntilToken() {
    return bucket.nanosUntilToken(clock.getAsLong());
  }

  /** Tickets waiting for a token. */
  public synchronized int waitingCount() {
    return waiting.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  /**
   * Takes a token for {@code key}, waiting for its turn when calls queue. Returns the nanoseconds
   * spent waiting.
   */
  public long acquire(String key) throws InterruptedException {
    Ticket ticket = enqueue(key);
    if (ticket.granted()) {
      return 0;
    }
    synchronized (this) {
      try {
        while (!ticket.granted()) {
          dispatch();
          if (ticket.granted()) {
            break;
          }
          long nanos = Math.max(bucket.nanosUntilToken(clock.getAsLong()), 100_000L);
          wait(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
        }
      } catch (InterruptedException e) {
        if (!ticket.granted()) {
          ArrayDeque<Ticket> queue = waiting.get(key);
          if (queue != null) {
            queue.remove(ticket);
            if (queue.isEmpty()) {
              waiting.remove(key);
            }
          }
        }
        throw e;
      }
    }
    return ticket.waitedNanos();
  }
}
