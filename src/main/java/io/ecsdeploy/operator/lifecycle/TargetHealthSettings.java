package io.ecsdeploy.operator.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * The target-health gate: before traffic moves to the replacement (the test listener, and each
 * change of the production weights), enough targets of the replacement target group must be
 * healthy, within a bounded time.
 *
 * @param enabled whether the gate applies at all
 * @param minHealthyCount how many targets must be healthy; {@code null} to use the share
 * @param minHealthyPercent the share of the replacement task set's desired count that must be
 *     healthy, 0 to 100, rounded up; used when {@code minHealthyCount} is {@code null}
 * @param timeout how long the deployment waits for them before it fails
 */
public record TargetHealthSettings(
    boolean enabled, Integer minHealthyCount, int minHealthyPercent, Duration timeout) {

  /** The default wait for healthy targets. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public TargetHealthSettings {
    if (minHealthyCount != null && minHealthyCount < 0) {
      throw new IllegalArgumentException("minHealthyCount must not be negative");
    }
    if (minHealthyPercent < 0 || minHealthyPercent > 100) {
      throw new IllegalArgumentException("minHealthyPercent must be 0..100");
    }
    Objects.requireNonNull(timeout, "timeout");
  }

  /** No gate: traffic moves as soon as the task set is steady, as with CodeDeploy. */
  public static TargetHealthSettings disabled() {
    return new TargetHealthSettings(false, null, 100, DEFAULT_TIMEOUT);
  }

  /** Wait up to {@code timeout} for all of the desired count to be healthy. */
  public static TargetHealthSettings allHealthy(Duration timeout) {
    return new TargetHealthSettings(true, null, 100, timeout);
  }

  /**
   * How many healthy targets are needed when the replacement task set wants {@code desiredCount}
   * tasks: the count as given, or the share of the desired count rounded up.
   */
  public int needed(int desiredCount) {
    if (minHealthyCount != null) {
      return minHealthyCount;
    }
    int desired = Math.max(0, desiredCount);
    return (desired * minHealthyPercent + 99) / 100;
  }
}
