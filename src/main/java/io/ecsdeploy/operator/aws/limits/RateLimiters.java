package io.ecsdeploy.operator.aws.limits;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The limiters of one operator: one {@link FairRateLimiter} per account, region and {@link
 * ApiClass}, made on first use, and the time callers spent waiting for tokens, by class.
 */
public final class RateLimiters {

  /** Told how long each call waited for its token. */
  public interface WaitListener {
    void waited(ApiClass apiClass, long nanos);
  }

  private record Key(String account, String region, ApiClass apiClass) {}

  private final RateLimitSettings settings;
  private final LongSupplier clock;
  private final Map<Key, FairRateLimiter> limiters = new ConcurrentHashMap<>();
  private volatile WaitListener listener = (apiClass, nanos) -> {};

  public RateLimiters(RateLimitSettings settings, LongSupplier nanoClock) {
    this.settings = settings;
    this.clock = nanoClock;
  }

  public RateLimiters(RateLimitSettings settings) {
    this(settings, System::nanoTime);
  }

  public RateLimitSettings settings() {
    return settings;
  }

  public void onWait(WaitListener listener) {
    this.listener = listener;
  }

  /**
   * Waits until a call of this class may go, in turn with the other callers (by {@code fairKey}).
   * Returns at once for a class without a limit.
   */
  public void acquire(String account, String region, ApiClass apiClass, String fairKey)
      throws InterruptedException {
    Optional<Rate> rate = settings.rateOf(apiClass);
    if (rate.isEmpty()) {
      return;
    }
    FairRateLimiter limiter =
        limiters.computeIfAbsent(
            new Key(account, region, apiClass), key -> new FairRateLimiter(rate.get(), clock));
    long waited = limiter.acquire(fairKey);
    listener.waited(apiClass, waited);
  }
}
