package io.ecsdeploy.operator.aws.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 *   <li>a caller whose key is already being read by a call in flight waits for that call instead of
 *       making its own;
 *   <li>a call reads up to {@code maxBatch} keys of one group at once: the keys asked for, then
 *       other keys of the group that were asked for lately, oldest read first, so the next
 *       deployment to ask finds its value read already.
 * </ul>
 *
 * <p>Our own changes come first: {@link #invalidate} after a write drops the stored value, and a
 * call that was in flight during the write is neither joined nor stored for the keys it changed, so
 * a read after our write always goes to AWS.
 *
 * <p>The fetcher answers every key it was given (it may answer more, which are stored too); a key
 * it leaves out fails its caller. A failed call fails its callers and stores nothing. Thread-safe;
 * the fetcher runs outside the lock.
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
    final List<K> keys;

    /** Our own changes made while the call was in flight: its answer may predate them. */
    final List<Predicate<K>> changesDuring = new ArrayList<>();

    final CompletableFuture<Map<K, V>> result = new CompletableFuture<>();

    Call(List<K> keys) {
      this.keys = keys;
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

  private final long ttlNanos;
  private final int maxBatch;
  private final Function<K, ?> groupOf;
  private final Fetcher<K, V> fetcher;
  private final LongSupplier clock;

  private final Map<K, Stored<V>> stored = new HashMap<>();
  private final Map<K, Call> inFlight = new HashMap<>();
  private final Map<Object, LinkedHashMap<K, Long>> askedByGroup = new HashMap<>();

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
    Map<K, V> found = new HashMap<>();
    Map<K, Call> joined = new HashMap<>();
    List<Call> mine = new ArrayList<>();
    synchronized (this) {
      long now = clock.getAsLong();
      Map<Object, List<K>> toRead = new LinkedHashMap<>();
      for (K key : new LinkedHashSet<>(keys)) {
        Object group = groupOf.apply(key);
        askedByGroup.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(key, now);
        Stored<V> value = stored.get(key);
        if (value != null && now - value.readAt() < ttlNanos) {
          found.put(key, value.value());
          continue;
        }
        Call running = inFlight.get(key);
        if (running != null && !running.changedDuring(key)) {
          joined.put(key, running);
          continue;
        }
        toRead.computeIfAbsent(group, g -> new ArrayList<>()).add(key);
      }
      toRead.forEach((group, wanted) -> mine.addAll(startCalls(group, wanted, now)));
    }
    for (Call call : mine) {
      run(call);
    }
    for (Call call : mine) {
      collect(call, keys, found);
    }
    for (Map.Entry<K, Call> join : joined.entrySet()) {
      collect(join.getValue(), List.of(join.getKey()), found);
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
    for (Call running : new HashSet<>(inFlight.values())) {
      running.changesDuring.add(which);
    }
  }

  /** How many values are stored, for tests. */
  synchronized int storedCount() {
    return stored.size();
  }

  private List<Call> startCalls(Object group, List<K> wanted, long now) {
    List<Call> calls = new ArrayList<>();
    for (int from = 0; from < wanted.size(); from += maxBatch) {
      List<K> batch =
          new ArrayList<>(wanted.subList(from, Math.min(wanted.size(), from + maxBatch)));
      if (batch.size() < maxBatch) {
        batch.addAll(alsoRead(group, batch, maxBatch - batch.size(), now));
      }
      Call call = new Call(List.copyOf(batch));
      for (K key : batch) {
        inFlight.put(key, call);
      }
      calls.add(call);
    }
    return calls;
  }

  /**
   * Keys of the group asked for lately and not being read already, oldest read first: reading them
   * now costs nothing more, and spares their next caller a call.
   */
  private List<K> alsoRead(Object group, List<K> batch, int room, long now) {
    LinkedHashMap<K, Long> asked = askedByGroup.get(group);
    if (asked == null) {
      return List.of();
    }
    List<K> candidates = new ArrayList<>();
    Iterator<Map.Entry<K, Long>> entries = asked.entrySet().iterator();
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
      Call running = inFlight.get(key);
      if (batch.contains(key) || (running != null && !running.changedDuring(key))) {
        continue;
      }
      candidates.add(key);
    }
    candidates.sort(
        Comparator.comparingLong(
            key -> {
              Stored<V> value = stored.get(key);
              return value == null ? Long.MIN_VALUE : value.readAt();
            }));
    return candidates.subList(0, Math.min(room, candidates.size()));
  }

  private void run(Call call) {
    long startedAt;
    synchronized (this) {
      startedAt = clock.getAsLong();
    }
    Map<K, V> values;
    try {
      values = fetcher.fetch(groupOf.apply(call.keys.get(0)), call.keys);
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
            Call running = inFlight.get(key);
            boolean newerCall = running != null && running != call;
            Stored<V> before = stored.get(key);
            boolean newerValue = before != null && before.readAt() > startedAt;
            if (!call.changedDuring(key) && !newerCall && !newerValue) {
              // Counted from when the call started: AWS answered somewhere after that.
              stored.put(key, new Stored<>(value, startedAt));
            }
          });
      finish(call);
    }
    call.result.complete(values);
  }

  private void finish(Call call) {
    for (K key : call.keys) {
      inFlight.remove(key, call);
    }
  }

  private void collect(Call call, Collection<K> keys, Map<K, V> found) {
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
    for (K key : keys) {
      if (call.keys.contains(key)) {
        if (!values.containsKey(key)) {
          throw new IllegalStateException("the read of " + key + " did not answer for it");
        }
        found.put(key, values.get(key));
      }
    }
  }
}
