package io.ecsdeploy.operator.aws.limits;

/**
 * A token bucket as AWS describes its own API throttling: it holds at most {@code burst} tokens,
 * gains {@code perSecond} tokens a second, and each call takes one. Starts full. Not thread-safe:
 * {@link FairRateLimiter} uses it under its lock. Times are {@link System#nanoTime()}-style
 * nanoseconds from the caller's clock, so tests can drive it without sleeping.
 */
final class TokenBucket {
  private final double tokensPerNano;
  private final double burst;
  private double tokens;
  private long updatedAt;

  TokenBucket(Rate rate, long now) {
    this.tokensPerNano = rate.perSecond() / 1e9;
    this.burst = rate.burst();
    this.tokens = rate.burst();
    this.updatedAt = now;
  }

  /** Takes a token if there is one. */
  boolean tryTake(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Nanoseconds until a token is there (0 when one is there now). */
  long nanosUntilToken(long now) {
    refill(now);
    if (tokens >= 1) {
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
  }

  private void refill(long now) {
    long elapsed = now - updatedAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
      updatedAt = now;
    }
  }
}
