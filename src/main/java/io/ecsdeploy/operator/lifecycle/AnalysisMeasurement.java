package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One measurement of an analysis check.
 *
 * @param check the check's name
 * @param waitName the wait it was taken in ({@link AnalysisRun#waitName()})
 * @param phase what it found
 * @param value the result, as text (shortened)
 * @param message why it is an error, or what the provider said; {@code null} for none
 * @param startedAt when it began
 * @param finishedAt when it ended
 */
public record AnalysisMeasurement(
    String check,
    String waitName,
    AnalysisPhase phase,
    String value,
    String message,
    Instant startedAt,
    Instant finishedAt) {
  public AnalysisMeasurement {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(waitName, "waitName");
    Objects.requireNonNull(phase, "phase");
  }
}
