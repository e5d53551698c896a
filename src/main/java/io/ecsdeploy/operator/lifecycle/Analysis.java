package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The analysis checks of a deployment during a wait (a traffic step's wait or pause, or the
 * termination wait). Each wait starts a new run of every check: the first measurement is due at
 * once, the next ones every interval, for the check's count (which holds the wait until they are
 * taken) or until the wait ends. The caller takes the due measurements ({@link #due}) before the
 * decision and hands them in the observation; a decision counts them, and decides:
 *
 * <ul>
 *   <li>more failed measurements in the wait than the failure limit: the deployment stops, as an
 *       alarm stops it ({@code ALARM_ACTIVE}, rolled back when the auto-rollback events include
 *       {@code DEPLOYMENT_STOP_ON_ALARM});
 *   <li>more inconclusive or erroneous measurements than the inconclusive limit: the deployment
 *       fails ({@code ALARM_ACTIVE}, rolled back on {@code DEPLOYMENT_FAILURE}): nobody can tell
 *       whether the new revision is good (a schedule that wants a person to decide has a pause);
 *   <li>otherwise the wait goes on, and the deployment is looked at again when the next measurement
 *       is due.
 * </ul>
 */
public final class Analysis {
  private Analysis() {}

  /** What the checks say about the wait. */
  record Verdict(Step ended, Instant nextMeasurementAt, boolean holding) {
    /** The wait's step: until its end, or the next measurement if that comes first. */
    Step waitUntil(StepContext context, Instant waitEnds) {
      Instant until = waitEnds;
      if (nextMeasurementAt != null && (holding || nextMeasurementAt.isBefore(waitEnds))) {
        until = nextMeasurementAt;
      }
      return context.waitUntil(until);
    }
  }

  /** The name of the traffic step's wait, from 1. */
  static String trafficStepWait(int stepIndex) {
    return "AllowTraffic step " + (stepIndex + 1);
  }

  static final String TERMINATION_WAIT = "TerminationWait";

  /**
   * The wait the deployment is in, if it is in one that runs checks: a traffic step whose weights
   * are confirmed (its wait, or its pause, which may have no limit), or the termination wait once
   * it has begun.
   */
  public static Optional<String> currentWait(DeploymentState state) {
    if (state.phase() == Phase.ALLOW_TRAFFIC
        && (state.trafficStepWaitUntil() != null || state.trafficStepPausedSince() != null)) {
      return Optional.of(trafficStepWait(state.trafficStep()));
    }
    if (state.phase() == Phase.TERMINATION_WAIT && state.terminationWaitUntil() != null) {
      return Optional.of(TERMINATION_WAIT);
    }
    return Optional.empty();
  }

  /**
   * The checks the caller should measure now, for the next decision: those of the current wait
   * whose next measurement is due.
   */
  public static List<AnalysisCheck> due(
      DeploymentSettings settings, DeploymentState state, Instant now) {
    Optional<String> wait = currentWait(state);
    List<AnalysisCheck> due = new ArrayList<>();
    if (wait.isEmpty()) {
      return due;
    }
    for (AnalysisCheck check : settings.analysis()) {
      state.analysis().stream()
          .filter(run -> run.check().equals(check.name()) && run.waitName().equals(wait.get()))
          .filter(run -> run.dueAt(now))
          .findFirst()
          .ifPresent(run -> due.add(check));
    }
    return due;
  }

  /**
   * Runs the checks of {@code wait}, which ends at {@code waitEnds}: starts their runs when the
   * wait is new, counts the measurements observed for it, and judges them.
   */
  static Verdict during(StepContext context, String wait, Instant waitEnds) {
    DeploymentState.Builder state = context.state;
    Instant nextAt = null;
    boolean holding = false;
    for (AnalysisCheck check : context.settings.analysis()) {
      AnalysisRun run = state.analysisRun(check.name());
      if (!run.waitName().equals(wait)) {
        boolean measures = check.counted() || context.now.isBefore(waitEnds);
        run = run.startedIn(wait, measures ? context.now : null);
      }
      for (AnalysisMeasurement measurement : context.observed.analysisMeasurements()) {
        if (measurement.check().equals(check.name())
            && measurement.waitName().equals(wait)
            && run.dueAt(context.now)) {
          run = run.recorded(measurement, next(check, run, context.now, waitEnds));
        }
      }
      state.putAnalysisRun(run);
      if (run.failed() > check.failureLimit()) {
        return new Verdict(
            context.stop(
                ErrorCode.ALARM_ACTIVE,
                "Analysis check "
                    + check.name()
                    + " failed "
                    + run.failed()
                    + " time(s) in "
                    + wait
                    + " (failure limit "
                    + check.failureLimit()
                    + ")"
                    + last(run)
                    + ", so the deployment was stopped.",
                context
                    .settings
                    .autoRollback()
                    .rollsBackOn(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM)),
            null,
            false);
      }
      if (run.inconclusive() > check.inconclusiveLimit()) {
        return new Verdict(
            context.fail(
                ErrorCode.ALARM_ACTIVE,
                "Analysis check "
                    + check.name()
                    + " was inconclusive "
                    + run.inconclusive()
                    + " time(s) in "
                    + wait
                    + " (inconclusive limit "
                    + check.inconclusiveLimit()
                    + ")"
                    + last(run)
                    + ", so the deployment failed."),
            null,
            false);
      }
      if (run.nextMeasurementAt() != null) {
        holding |= check.counted();
        if (nextAt == null || run.nextMeasurementAt().isBefore(nextAt)) {
          nextAt = run.nextMeasurementAt();
        }
      }
    }
    return new Verdict(null, nextAt, holding);
  }

  /** The wait is over: its checks take no more measurements. */
  static void close(StepContext context) {
    context.state.analysis.replaceAll(AnalysisRun::closed);
  }

  /**
   * When the measurement after the one just taken is due: an interval later, unless the count is
   * reached, or (measuring until the wait ends) the wait ends first.
   */
  private static Instant next(AnalysisCheck check, AnalysisRun run, Instant now, Instant waitEnds) {
    if (check.counted() && run.taken() + 1 >= check.count()) {
      return null;
    }
    Instant next = now.plus(check.interval());
    return check.counted() || next.isBefore(waitEnds) ? next : null;
  }

  /** The run's last result; a run past a limit has recorded the measurement that took it there. */
  private static String last(AnalysisRun run) {
    AnalysisMeasurement last = run.recent().get(run.recent().size() - 1);
    String text = " (last result: " + (last.value() == null ? "none" : last.value());
    return text + (last.message() == null ? "" : "; " + last.message()) + ")";
  }
}
