package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An analysis check's progress in the current (or last) wait, and its latest measurements across
 * waits.
 *
 * @param check the check's name
 * @param waitName the wait: {@code AllowTraffic step N} (from 1) or {@code TerminationWait}
 * @param taken measurements taken in this wait
 * @param successful of those, successful
 * @param failed of those, failed
 * @param inconclusive of those, inconclusive or erroneous
 * @param nextMeasurementAt when the next measurement is due; {@code null} when this wait takes no
 *     more
 * @param recent the latest measurements, newest last, at most {@link #KEPT} of them
 */
public record AnalysisRun(
    String check,
    String waitName,
    int taken,
    int successful,
    int failed,
    int inconclusive,
    Instant nextMeasurementAt,
    List<AnalysisMeasurement> recent) {

  /** How many measurements per check the state (and so the status) keeps. */
  public static final int KEPT = 5;

  public AnalysisRun {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(waitName, "waitName");
    recent = recent == null ? List.of() : List.copyOf(recent);
  }

  /** A new wait's run, its first measurement due at {@code firstAt} ({@code null}: none). */
  AnalysisRun startedIn(String newWait, Instant firstAt) {
    return new AnalysisRun(check, newWait, 0, 0, 0, 0, firstAt, recent);
  }

  /** Whether a measurement is due at {@code now}. */
  public boolean dueAt(Instant now) {
    return nextMeasurementAt != null && !now.isBefore(nextMeasurementAt);
  }

  /** This run with {@code measurement} counted, the next one due at {@code next}. */
  AnalysisRun recorded(AnalysisMeasurement measurement, Instant next) {
    List<AnalysisMeasurement> kept = new ArrayList<>(recent);
    kept.add(measurement);
    while (kept.size() > KEPT) {
      kept.remove(0);
    }
    AnalysisPhase phase = measurement.phase();
    return new AnalysisRun(
        check,
        waitName,
        taken + 1,
        successful + (phase == AnalysisPhase.Successful ? 1 : 0),
        failed + (phase == AnalysisPhase.Failed ? 1 : 0),
        inconclusive
            + (phase == AnalysisPhase.Inconclusive || phase == AnalysisPhase.Error ? 1 : 0),
        next,
        kept);
  }

  /** This run with no further measurement in its wait. */
  AnalysisRun closed() {
    return nextMeasurementAt == null
        ? this
        : new AnalysisRun(check, waitName, taken, successful, failed, inconclusive, null, recent);
  }
}
