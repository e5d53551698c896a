package io.ecsdeploy.operator.aws.shared;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Reads of one kind (services, alarms, listeners...) shared by every deployment that asks, so that
 * the number of calls follows the number of groups (a cluster, a load balancer), not the number of
 * deployments:
 *
 * <ul>
 *   <li>a value read less than {@code ttl} ago is answered from memory;
 *   <li>a caller whose key is already being read waits for that call instead of making its own;
 *   <li>a group has one call in flight at a time: callers that arrive meanwhile queue their keys
 *       into the group's next call, which reads up to {@code maxBatch} keys at once, so callers
 *       arriving together share one call (and a lone caller waits for nobody);
 *   <li>a call fills its batch with other keys of the group asked for lately, oldest read first, so
 *       the next deployment to ask finds its value read already.
 * </ul>
 *
 * <p>Our own changes come first: {@link #invalidate} after a write drops the stored value, and a
 * call that was in flight during the write is neither joined nor stored for the keys it changed, so
 * a read after our write always goes to AWS.
 *
 * <p>The fetcher answers every key it was given (it may answer more, which are stored too); a key
 * it leaves out fails its caller. A failed call fails its callers and stores nothing. Thread-safe;
 * the fetcher runs outside the lock, and a thread waits only for calls that other threads are
 * making, never for a call that has yet to start, so callers cannot wait for each other in a
 * circle.
 *
 * @param <K> what is read (a service, an alarm name, a listener ARN)
 * @param <V> what a read returns for one key
 */
public final class SharedReads<K, V> {

  /** Reads the keys of one group with one call (or as few as the API allows). */
  public interface Fetcher<K, V> {
    Map<K, V> fetch(Object group, List<K> keys);
  }

  /** How long a key counts as asked for lately: longer than any poll interval. */
  static final long INTEREST_NANOS = Duration.ofMinutes(1).toNanos();

  private record Stored<V>(V value, long readAt) {}

  private final class Call {
    final Object group;
    final List<K> keys = new ArrayList<>();
    long startedAt;

    /** Our own changes made while the call was in flight: its answer may predate them. */
    final List<Predicate<K>> changesDuring = new ArrayList<>();

    final CompletableFuture<Map<K, V>> result = new CompletableFuture<>();

    Call(Object group) {
      this.group = group;
    }

    boolean changedDuring(K key) {
      for (Predicate<K> change : changesDuring) {
        if (change.test(key)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A group's call in flight and the calls queued behind it. */
  private final class Group {
    Call running;
    final Deque<Call> queued = new ArrayDeque<>();
    final LinkedHashMap<K, Long> asked = new LinkedHashMap<>();
  }

  private final long ttlNanos;
  private final int maxBatch;
  private final Function<K, ?> groupOf;
  private final Fetcher<K, V> fetcher;
  private final LongSupplier clock;

  private final Map<K, Stored<V>> stored = new HashMap<>();
  private final Map<K, Call> reading = new HashMap<>();
  private final Map<Object, Group> groups = new HashMap<>();

  public SharedReads(
      Duration ttl,
      int maxBatch,
      Function<K, ?> groupOf,
      Fetcher<K, V> fetcher,
      LongSupplier nanoClock) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch " + maxBatch);
    }
    this.ttlNanos = ttl.toNanos();
    this.maxBatch = maxBatch;
    this.groupOf = groupOf;
    this.fetcher = fetcher;
    this.clock = nanoClock;
  }

  public SharedReads(Duration ttl, int maxBatch, Function<K, ?> groupOf, Fetcher<K, V> fetcher) {
    this(ttl, maxBatch, groupOf, fetcher, System::nanoTime);
  }

  /** The value of one key. */
  public V get(K key) {
    return getAll(List.of(key)).get(key);
  }

  /** The values of these keys, in the order given. */
  public Map<K, V> getAll(Collection<K> keys) {
    // Waiting on a call another caller makes is time in AWS too (AwsCallTime).
    return io.ecsdeploy.operator.aws.AwsCallTime.measure(() -> read(keys));
  }

  private Map<K, V> read(Collection<K> keys) {
    Map<K, V> found = new HashMap<>();
    Map<K, Call> joined = new LinkedHashMap<>();
    synchronized (this) {
      long now = clock.getAsLong();
      for (K key : new LinkedHashSet<>(keys)) {
        Group group = groups.computeIfAbsent(groupOf.apply(key), g -> new Group());
        group.asked.put(key, now);
        Stored<V> value = stored.get(key);
        if (value != null && now - value.readAt() < ttlNanos) {
          found.put(key, value.value());
          continue;
        }
        Call call = reading.get(key);
        if (call == null || call.changedDuring(key)) {
          Call last = group.queued.peekLast();
          if (last == null || last.keys.size() >= maxBatch) {
            last = new Call(groupOf.apply(key));
            group.queued.addLast(last);
          }
          last.keys.add(key);
          reading.put(key, last);
          call = last;
        }
        joined.put(key, call);
      }
    }
    for (Call call : new LinkedHashSet<>(joined.values())) {
      drive(call);
    }
    for (Map.Entry<K, Call> join : joined.entrySet()) {
      found.put(join.getKey(), valueOf(join.getValue(), join.getKey()));
    }
    Map<K, V> ordered = new LinkedHashMap<>();
    for (K key : keys) {
      ordered.put(key, found.get(key));
    }
    return ordered;
  }

  /**
   * Forgets the stored values of the keys that match, and keeps calls in flight from answering for
   * them: to be called after our own change of what those keys read.
   */
  public synchronized void invalidate(Predicate<K> which) {
    stored.keySet().removeIf(which);
    for (Group group : groups.values()) {
      if (group.running != null) {
        group.running.changesDuring.add(which);
      }
    }
  }

  /** How many keys are being read or queued to be, for tests. */
  synchronized int readingCount() {
    return reading.size();
  }

  /** How many calls wait behind calls in flight, for tests. */
  synchronized int queuedCalls() {
    return groups.values().stream().mapToInt(group -> group.queued.size()).sum();
  }

  /** How many values are stored, for tests. */
  synchronized int storedCount() {
    return stored.size();
  }

  /**
   * Returns once the call has its answer. Meanwhile, whenever the call's group has no call in
   * flight, this thread makes the group's next queued call (its own or another caller's): so a
   * thread only ever waits for a call that some thread is making, and queued calls never wait for a
   * caller busy elsewhere.
   */
  private void drive(Call call) {
    while (!call.result.isDone()) {
      Call next = null;
      CompletableFuture<?> ahead;
      synchronized (this) {
        Group group = groups.get(call.group);
        if (group.running == null && !group.queued.isEmpty()) {
          next = group.queued.removeFirst();
          group.running = next;
          next.startedAt = clock.getAsLong();
          fill(group, next, next.startedAt);
          ahead = null;
        } else {
          ahead = group.running != null ? group.running.result : call.result;
        }
      }
      if (next != null) {
        run(next);
      } else {
        try {
          ahead.join();
        } catch (CompletionException | CancellationException e) {
          // The call ahead failed its own callers; ours is still to be made.
        }
      }
    }
  }

  /**
   * Adds to the call keys of the group asked for lately, not being read already and read more than
   * half a TTL ago, oldest read first: reading them now costs nothing more, and spares their next
   * caller a call. Drops keys nobody asked for in a long while.
   */
  private void fill(Group group, Call call, long now) {
    List<K> candidates = new ArrayList<>();
    Iterator<Map.Entry<K, Long>> entries = group.asked.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<K, Long> entry = entries.next();
      K key = entry.getKey();
      if (now - entry.getValue() > INTEREST_NANOS) {
        entries.remove();
        Stored<V> old = stored.get(key);
        if (old != null && now - old.readAt() >= ttlNanos) {
          stored.remove(key);
        }
        continue;
      }
      Stored<V> value = stored.get(key);
      boolean freshEnough = value != null && now - value.readAt() < ttlNanos / 2;
      if (!reading.containsKey(key) && !freshEnough) {
        candidates.add(key);
      }
    }
    candidates.sort(
        Comparator.comparingLong(
            key -> {
              Stored<V> value = stored.get(key);
              return value == null ? Long.MIN_VALUE : value.readAt();
            }));
    for (K key : candidates) {
      if (call.keys.size() >= maxBatch) {
        break;
      }
      call.keys.add(key);
      reading.put(key, call);
    }
  }

  private void run(Call call) {
    Map<K, V> values;
    try {
      values = fetcher.fetch(call.group, List.copyOf(call.keys));
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        finish(call);
      }
      call.result.completeExceptionally(e);
      return;
    }
    synchronized (this) {
      values.forEach(
          (key, value) -> {
            Call newer = reading.get(key);
            Stored<V> before = stored.get(key);
            boolean newerValue = before != null && before.readAt() > call.startedAt;
            if (!call.changedDuring(key) && (newer == null || newer == call) && !newerValue) {
              // Counted from when the call started: AWS answered somewhere after that.
              stored.put(key, new Stored<>(value, call.startedAt));
            }
          });
      finish(call);
    }
    call.result.complete(values);
  }

  private void finish(Call call) {
    for (K key : call.keys) {
      reading.remove(key, call);
    }
    Group group = groups.get(call.group);
    if (group.running == call) {
      group.running = null;
    }
  }

  private V valueOf(Call call, K key) {
    Map<K, V> values;
    try {
      values = call.result.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
    if (!values.containsKey(key)) {
      throw new IllegalStateException("the read of " + key + " did not answer for it");
    }
    return values.get(key);
  }
}
