package io.ecsdeploy.operator.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a traffic shift: send {@code replacementPercent} of production traffic to the
 * replacement, then wait {@code waitAfter} before the next step.
 */
public record TrafficStep(int replacementPercent, Duration waitAfter) {
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
}
