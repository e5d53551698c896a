package io.ecsdeploy.operator.aws.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.aws.limits.FairRateLimiter.Ticket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket and its fair queue, on a clock the test moves by hand. */
class FairRateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private void advanceMillis(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void theBucketStartsFullAndRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket(new Rate(2, 3), now.get());

    assertThat(bucket.tryTake(now.get())).isTrue();
    assertThat(bucket.tryTake(now.get())).isTrue();
    assertThat(bucket.tryTake(now.get())).isTrue();
    assertThat(bucket.tryTake(now.get())).isFalse();
    assertThat(bucket.nanosUntilToken(now.get())).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));

    advanceMillis(499);
    assertThat(bucket.tryTake(now.get())).isFalse();
    advanceMillis(1);
    assertThat(bucket.tryTake(now.get())).isTrue();

    // A long pause refills the bucket to its size, not beyond.
    advanceMillis(60_000);
    int taken = 0;
    while (bucket.tryTake(now.get())) {
      taken++;
    }
    assertThat(taken).isEqualTo(3);
  }

  @Test
  void callsGoAtOnceWhileTheBurstLastsThenAtTheRate() {
    FairRateLimiter limiter = new FairRateLimiter(new Rate(10, 5), now::get);

    for (int i = 0; i < 5; i++) {
      assertThat(limiter.enqueue("a").granted()).isTrue();
    }
    Ticket sixth = limiter.enqueue("a");
    assertThat(sixth.granted()).isFalse();
    assertThat(limiter.dispatch()).isZero();

    advanceMillis(100);
    assertThat(limiter.dispatch()).isEqualTo(1);
    assertThat(sixth.granted()).isTrue();
    assertThat(sixth.waitedNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
  }

  @Test
  void aBurstFromOneDeploymentDoesNotStarveTheOthers() {
    FairRateLimiter limiter = new FairRateLimiter(new Rate(1, 1), now::get);
    assertThat(limiter.enqueue("drain").granted()).isTrue();

    // Deployment a queues 5 calls first, then b and c one each.
    List<Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      tickets.add(limiter.enqueue("a"));
    }
    tickets.add(limiter.enqueue("b"));
    tickets.add(limiter.enqueue("c"));
    assertThat(limiter.waitingCount()).isEqualTo(7);

    List<Integer> order = new ArrayList<>();
    for (int second = 0; second < 7; second++) {
      advanceMillis(1000);
      assertThat(limiter.dispatch()).isEqualTo(1);
      for (int i = 0; i < tickets.size(); i++) {
        if (tickets.get(i).granted() && !order.contains(i)) {
          order.add(i);
        }
      }
    }
    // b (#5) and c (#6) go in the first round with a, not after all of a's burst; a's own calls
    // keep their order.
    assertThat(order).containsExactly(0, 5, 6, 1, 2, 3, 4);
  }

  @Test
  void aNewcomerQueuesBehindWaitingCallsEvenWhenATokenIsThere() {
    FairRateLimiter limiter = new FairRateLimiter(new Rate(1, 1), now::get);
    limiter.enqueue("a");
    Ticket waiting = limiter.enqueue("a");
    advanceMillis(1000);
    // A token is there, but a's call waits for it: the newcomer does not jump the queue.
    Ticket newcomer = limiter.enqueue("b");
    assertThat(newcomer.granted()).isFalse();
    limiter.dispatch();
    assertThat(waiting.granted()).isTrue();
    assertThat(newcomer.granted()).isFalse();
  }

  @Test
  void acquireReturnsAtOnceWithATokenAndReportsNoWait() throws InterruptedException {
    FairRateLimiter limiter = new FairRateLimiter(new Rate(1, 2), now::get);
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.nanosUntilToken()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void aWaitingCallerGoesWhenItsTokenIsGranted() throws Exception {
    FairRateLimiter limiter = new FairRateLimiter(new Rate(1, 1), now::get);
    limiter.acquire("a");
    CompletableFuture<Long> waited =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return limiter.acquire("b");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> limiter.waitingCount() == 1);

    advanceMillis(1000);
    limiter.dispatch();

    assertThat(waited.get(30, TimeUnit.SECONDS)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
  }
}
