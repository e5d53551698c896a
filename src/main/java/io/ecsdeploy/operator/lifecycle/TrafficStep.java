package io.ecsdeploy.operator.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a traffic shift: send {@code replacementPercent} of production traffic to the
 * replacement, then wait {@code waitAfter} before the next step. A {@code pause} step holds its
 * weight until the user continues it (as Argo Rollouts' {@code pause}); a positive {@code
 * waitAfter} is then the longest it holds, after which the shift goes on by itself.
 */
public record TrafficStep(int replacementPercent, Duration waitAfter, boolean pause) {
  public TrafficStep {
    if (replacementPercent < 0 || replacementPercent > 100) {
      throw new IllegalArgumentException(
          "a traffic step's percentage must be in 0..100, found " + replacementPercent);
    }
    Objects.requireNonNull(waitAfter, "waitAfter");
    if (waitAfter.isNegative()) {
      throw new IllegalArgumentException("a traffic step cannot wait a negative time");
    }
  }

  /** A step held for {@code waitAfter}. */
  public TrafficStep(int replacementPercent, Duration waitAfter) {
    this(replacementPercent, waitAfter, false);
  }

  /**
   * A step held until the user continues it, or until {@code limit} has passed when it is positive
   * ({@link Duration#ZERO}: no limit).
   */
  public static TrafficStep pause(int replacementPercent, Duration limit) {
    return new TrafficStep(replacementPercent, limit, true);
  }

  /** Whether this pause ends by itself after {@link #waitAfter()}. */
  public boolean pauseIsLimited() {
    return pause && !waitAfter.isZero();
  }
}
