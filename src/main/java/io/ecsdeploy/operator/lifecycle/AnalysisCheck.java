package io.ecsdeploy.operator.lifecycle;

import java.time.Duration;
import java.util.Objects;

/**
 * One analysis check of a deployment: a measurement taken during each traffic step's wait and
 * during the termination wait, and the limits that decide what its results mean for the deployment.
 *
 * @param name the check's name, unique in the deployment
 * @param interval the time between two measurements of one wait
 * @param count how many measurements each wait takes, holding the wait until they are taken; {@code
 *     null} to measure until the wait ends
 * @param failureLimit how many failed measurements a wait tolerates: one more stops the deployment
 * @param inconclusiveLimit how many inconclusive (or erroneous) measurements a wait tolerates: one
 *     more fails the deployment
 * @param query what is measured and how its result is judged; the engine does not read it
 */
public record AnalysisCheck(
    String name,
    Duration interval,
    Integer count,
    int failureLimit,
    int inconclusiveLimit,
    AnalysisQuery query) {
  public AnalysisCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("an analysis interval must be positive: " + interval);
    }
    if (count != null && count < 1) {
      throw new IllegalArgumentException("an analysis count must be at least 1: " + count);
    }
    if (failureLimit < 0 || inconclusiveLimit < 0) {
      throw new IllegalArgumentException("analysis limits cannot be negative");
    }
  }

  /** Whether the check takes a fixed number of measurements per wait, holding the wait for them. */
  public boolean counted() {
    return count != null;
  }
}
