package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * AllowTraffic: walks the production listener through the traffic schedule. Each step's wait is
 * counted from the moment its weights were handed to AWS ({@link StepContext#effectiveSince}), once
 * they are read back: never before traffic is at that split, and never again from a restart that
 * came between the change and reading it back. While the replacement is not steady (a scaling
 * event) the shift pauses, and fails after the unsteady timeout, as CodeDeploy does. A step that is
 * a pause holds until the user continues it, or until its limit. With the group's target-health
 * gate on, each weight change waits for enough healthy targets first. The analysis checks run
 * during each step's wait and during each pause ({@link Analysis}); a check with a count holds the
 * step until its measurements are taken.
 */
final class AllowTrafficHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    context.startEvent(LifecycleEvent.AllowTraffic);
    ObservedTaskSet replacement =
        context.observed.taskSet(state.replacementTaskSetArn).orElseThrow();
    if (!replacement.steady()) {
      if (state.unsteadySince == null) {
        state.unsteadySince = context.now;
      }
      Duration timeout = context.settings.unsteadyTrafficTimeout();
      Instant deadline = state.unsteadySince.plus(timeout);
      if (!context.now.isBefore(deadline)) {
        return context.fail(
            ErrorCode.ECS_UPDATE_ERROR,
            "The replacement task set was not steady for "
                + StepContext.minutes(timeout)
                + " while production traffic was shifting.");
      }
      return context.pollUntil(deadline);
    }
    state.unsteadySince = null;

    // With no original task set (a first deployment) there is nothing to compare against, and no
    // task set behind the other target group, so all traffic moves at once.
    List<TrafficStep> schedule =
        state.originalTaskSet == null
            ? List.of(new TrafficStep(100, Duration.ZERO))
            : context.settings.trafficRouting().schedule();
    // Settings are frozen when a deployment starts, but a stored step index must never crash a
    // decision if they were changed anyway.
    state.trafficStep = Math.min(state.trafficStep, schedule.size() - 1);
    TrafficStep step = schedule.get(state.trafficStep);
    TrafficWeights desired =
        TrafficWeights.of(
            state.replacementTargetGroup,
            step.replacementPercent(),
            state.originalTargetGroup,
            100 - step.replacementPercent());
    if (!desired.sameSplitAs(context.observed.productionListener())) {
      var waitForTargets = context.awaitHealthyTargets(Listener.PRODUCTION);
      if (waitForTargets.isPresent()) {
        return waitForTargets.get();
      }
      return context.emit(new Action.SetListenerWeights(Listener.PRODUCTION, desired));
    }
    state.productionTraffic = desired;
    if (step.pause()) {
      return pause(context, step, schedule.size(), desired);
    }
    if (state.trafficStepWaitUntil == null) {
      Instant since =
          context.effectiveSince(new Action.SetListenerWeights(Listener.PRODUCTION, desired));
      state.trafficStepWaitUntil = since.plus(step.waitAfter());
    }
    Analysis.Verdict analysis =
        Analysis.during(
            context, Analysis.trafficStepWait(state.trafficStep), state.trafficStepWaitUntil);
    if (analysis.ended() != null) {
      return analysis.ended();
    }
    if (context.now.isBefore(state.trafficStepWaitUntil) || analysis.holding()) {
      return analysis.waitUntil(context, state.trafficStepWaitUntil);
    }
    return nextStep(context, schedule.size());
  }

  /**
   * A pause holds the step's weights until the user continues it (a continue given for this step or
   * a later one, before or during the pause), or until its limit, counted like a wait from when the
   * weights were set, has passed. Alarms and stops apply throughout, and so do the analysis checks:
   * they measure during a pause as during a wait (a pause without a limit measures until it is
   * continued), and a check with a count holds the step past a continue until its measurements are
   * taken.
   */
  private static Step pause(
      StepContext context, TrafficStep step, int steps, TrafficWeights desired) {
    DeploymentState.Builder state = context.state;
    if (state.trafficStepPausedSince == null) {
      state.trafficStepPausedSince =
          context.effectiveSince(new Action.SetListenerWeights(Listener.PRODUCTION, desired));
      state.trafficStepWaitUntil =
          step.pauseIsLimited() ? state.trafficStepPausedSince.plus(step.waitAfter()) : null;
    }
    Instant limit = state.trafficStepWaitUntil;
    Analysis.Verdict analysis =
        Analysis.during(
            context,
            Analysis.trafficStepWait(state.trafficStep),
            limit != null ? limit : Instant.MAX);
    if (analysis.ended() != null) {
      return analysis.ended();
    }
    boolean continued = context.operations.continuesPauseAt(state.trafficStep);
    boolean limitPassed = limit != null && !context.now.isBefore(limit);
    if ((!continued && !limitPassed) || analysis.holding()) {
      if (analysis.nextMeasurementAt() == null) {
        return limit != null ? context.waitUntil(limit) : context.waitForUser();
      }
      return limit != null && !limitPassed && !continued
          ? analysis.waitUntil(context, limit)
          : context.waitUntil(analysis.nextMeasurementAt());
    }
    return nextStep(context, steps);
  }

  private static Step nextStep(StepContext context, int steps) {
    DeploymentState.Builder state = context.state;
    Analysis.close(context);
    state.trafficStepWaitUntil = null;
    state.trafficStepPausedSince = null;
    if (state.trafficStep == steps - 1) {
      return context.completeEvent(LifecycleEvent.AllowTraffic);
    }
    state.trafficStep++;
    return Step.proceed();
  }
}
