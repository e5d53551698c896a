package io.ecsdeploy.operator.aws.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Shared reads with a clock the test moves and a fetcher that records its calls; keys are {@code
 * cluster/service} and group by cluster.
 */
class SharedReadsTest {

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<String> version = new AtomicReference<>("v1");

  private final SharedReads<String, String> reads =
      new SharedReads<>(
          Duration.ofSeconds(2),
          3,
          key -> key.substring(0, key.indexOf('/')),
          (group, keys) -> {
            calls.add(List.copyOf(keys));
            Map<String, String> values = new LinkedHashMap<>();
            keys.forEach(key -> values.put(key, key + "@" + version.get()));
            return values;
          },
          now::get);

  private void advanceMillis(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void aValueIsSharedForTheTtlThenReadAgain() {
    assertThat(reads.get("c1/a")).isEqualTo("c1/a@v1");
    version.set("v2");
    advanceMillis(1999);
    assertThat(reads.get("c1/a")).isEqualTo("c1/a@v1");
    assertThat(calls).hasSize(1);

    advanceMillis(1);
    assertThat(reads.get("c1/a")).isEqualTo("c1/a@v2");
    assertThat(calls).hasSize(2);
  }

  @Test
  void aCallAlsoReadsTheGroupsOtherKeysAskedForLately() {
    reads.get("c1/a");
    reads.get("c1/b");
    reads.get("c2/x");
    // a was read just now: b's call does not read it again.
    assertThat(calls).containsExactly(List.of("c1/a"), List.of("c1/b"), List.of("c2/x"));

    // Past the TTL, the first deployment to ask reads for both; the second finds its value read.
    advanceMillis(2500);
    reads.get("c1/b");
    reads.get("c1/a");
    assertThat(calls).hasSize(4);
    assertThat(calls.get(3)).containsExactlyInAnyOrder("c1/a", "c1/b");
  }

  @Test
  void manyKeysOfOneGroupAreReadInBatchesOfTheMaximum() {
    Map<String, String> values = reads.getAll(List.of("c1/a", "c1/b", "c1/c", "c1/d", "c2/x"));

    assertThat(values.keySet()).containsExactly("c1/a", "c1/b", "c1/c", "c1/d", "c2/x");
    assertThat(calls)
        .containsExactly(List.of("c1/a", "c1/b", "c1/c"), List.of("c1/d"), List.of("c2/x"));
  }

  @Test
  void ourOwnChangeDropsTheStoredValue() {
    reads.get("c1/a");
    reads.get("c1/b");
    version.set("v2");
    advanceMillis(1500);

    reads.invalidate("c1/a"::equals);

    assertThat(reads.get("c1/a")).isEqualTo("c1/a@v2");
    // b, read more than half a TTL ago, was read again with a, in the same call.
    assertThat(reads.get("c1/b")).isEqualTo("c1/b@v2");
    assertThat(calls).hasSize(3);
  }

  @Test
  void keysAskedForLongAgoAreNoLongerReadAlong() {
    reads.get("c1/a");
    advanceMillis(TimeUnit.NANOSECONDS.toMillis(SharedReads.INTEREST_NANOS) + 1);
    reads.get("c1/b");
    assertThat(calls.get(1)).containsExactly("c1/b");
    assertThat(reads.storedCount()).isEqualTo(1);
  }

  @Test
  void concurrentCallersJoinTheCallInFlight() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SharedReads<String, String> slow =
        new SharedReads<>(
            Duration.ofSeconds(2),
            10,
            key -> "c1",
            (group, keys) -> {
              calls.add(List.copyOf(keys));
              inside.countDown();
              await(release);
              Map<String, String> values = new LinkedHashMap<>();
              keys.forEach(key -> values.put(key, key + "@" + version.get()));
              return values;
            },
            now::get);

    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> slow.get("c1/a"));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<String>> joiners = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      joiners.add(CompletableFuture.supplyAsync(() -> slow.get("c1/a")));
    }
    release.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("c1/a@v1");
    for (CompletableFuture<String> joiner : joiners) {
      assertThat(joiner.get(30, TimeUnit.SECONDS)).isEqualTo("c1/a@v1");
    }
    assertThat(calls).hasSize(1);
  }

  @Test
  void callersArrivingWhileTheGroupIsReadShareTheNextCall() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SharedReads<String, String> slow =
        new SharedReads<>(
            Duration.ofSeconds(2),
            10,
            key -> "c1",
            (group, keys) -> {
              calls.add(List.copyOf(keys));
              if (calls.size() == 1) {
                inside.countDown();
                await(release);
              }
              Map<String, String> values = new LinkedHashMap<>();
              keys.forEach(key -> values.put(key, key + "@" + version.get()));
              return values;
            },
            now::get);

    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> slow.get("c1/a"));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<String>> others = new ArrayList<>();
    for (String key : List.of("c1/b", "c1/c", "c1/d", "c1/e")) {
      others.add(CompletableFuture.supplyAsync(() -> slow.get(key)));
    }
    // All four are queued behind the call in flight before it ends.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> others.stream().noneMatch(CompletableFuture::isDone) && queuedKeys(slow) == 5);
    release.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("c1/a@v1");
    for (CompletableFuture<String> other : others) {
      assertThat(other.get(30, TimeUnit.SECONDS)).endsWith("@v1");
    }
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1)).containsExactlyInAnyOrder("c1/b", "c1/c", "c1/d", "c1/e");
  }

  private static int queuedKeys(SharedReads<String, String> reads) {
    return reads.readingCount();
  }

  private static boolean queued(SharedReads<String, String> reads) {
    return reads.queuedCalls() == 1;
  }

  @Test
  void aCallInFlightDuringOurChangeIsNeitherJoinedNorStored() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SharedReads<String, String> slow =
        new SharedReads<>(
            Duration.ofSeconds(2),
            10,
            key -> "c1",
            (group, keys) -> {
              String seen = version.get();
              calls.add(List.copyOf(keys));
              if (calls.size() == 1) {
                inside.countDown();
                await(release);
              }
              Map<String, String> values = new LinkedHashMap<>();
              keys.forEach(key -> values.put(key, key + "@" + seen));
              return values;
            },
            now::get);

    CompletableFuture<String> before = CompletableFuture.supplyAsync(() -> slow.get("c1/a"));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    version.set("v2");
    slow.invalidate("c1/a"::equals);

    // The caller after our change does not take the older call's answer: it reads afresh once
    // that call is done.
    CompletableFuture<String> after = CompletableFuture.supplyAsync(() -> slow.get("c1/a"));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> slow.readingCount() == 1 && !after.isDone() && queued(slow));
    release.countDown();
    assertThat(after.get(30, TimeUnit.SECONDS)).isEqualTo("c1/a@v2");
    assertThat(before.get(30, TimeUnit.SECONDS)).isEqualTo("c1/a@v1");
    // The older answer, arriving last, did not replace the newer one.
    assertThat(slow.get("c1/a")).isEqualTo("c1/a@v2");
    assertThat(calls).hasSize(2);
  }

  @Test
  void aFailedCallFailsItsCallersAndStoresNothing() {
    SharedReads<String, String> failing =
        new SharedReads<>(
            Duration.ofSeconds(2),
            10,
            key -> "c1",
            (group, keys) -> {
              calls.add(List.copyOf(keys));
              throw new IllegalStateException("throttled");
            },
            now::get);

    assertThatThrownBy(() -> failing.get("c1/a")).hasMessage("throttled");
    assertThatThrownBy(() -> failing.get("c1/a")).hasMessage("throttled");
    assertThat(calls).hasSize(2);
  }

  @Test
  void aKeyTheFetcherLeftOutFailsItsCaller() {
    SharedReads<String, String> partial =
        new SharedReads<>(
            Duration.ofSeconds(2), 10, key -> "c1", (group, keys) -> Map.of(), now::get);
    assertThatThrownBy(() -> partial.get("c1/a"))
        .hasMessageContaining("the read of c1/a did not answer for it");
  }

  @Test
  void callersAskingAcrossGroupsInAnyOrderAllGetTheirAnswers() throws Exception {
    SharedReads<String, String> busy =
        new SharedReads<>(
            Duration.ofMillis(1),
            2,
            key -> key.substring(0, key.indexOf('/')),
            (group, keys) -> {
              Thread.yield();
              Map<String, String> values = new LinkedHashMap<>();
              keys.forEach(key -> values.put(key, key.toUpperCase()));
              return values;
            });
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    List<CompletableFuture<Void>> callers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      callers.add(
          CompletableFuture.runAsync(
              () -> {
                java.util.Random random = new java.util.Random(thread);
                for (int i = 0; i < 300; i++) {
                  List<String> keys = new ArrayList<>();
                  for (int k = 0; k < 1 + random.nextInt(5); k++) {
                    keys.add("c" + random.nextInt(3) + "/" + random.nextInt(6));
                  }
                  Map<String, String> values = busy.getAll(keys);
                  for (String key : keys) {
                    assertThat(values.get(key)).isEqualTo(key.toUpperCase());
                  }
                }
              },
              pool));
    }
    try {
      CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(busy.readingCount()).isZero();
    assertThat(busy.queuedCalls()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
