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
 * gate on, each weight change waits for enough healthy targets first.
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
    if (context.now.isBefore(state.trafficStepWaitUntil)) {
      return context.waitUntil(state.trafficStepWaitUntil);
    }
    return nextStep(context, schedule.size());
  }

  /**
   * A pause holds the step's weights until the user continues it (a continue given for this step or
   * a later one, before or during the pause), or until its limit, counted like a wait from when the
   * weights were set, has passed. Alarms and stops apply throughout.
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
    boolean continued = context.operations.continuesPauseAt(state.trafficStep);
    boolean limitPassed =
        state.trafficStepWaitUntil != null && !context.now.isBefore(state.trafficStepWaitUntil);
    if (!continued && !limitPassed) {
      return state.trafficStepWaitUntil != null
          ? context.waitUntil(state.trafficStepWaitUntil)
          : context.waitForUser();
    }
    return nextStep(context, steps);
  }

  private static Step nextStep(StepContext context, int steps) {
    DeploymentState.Builder state = context.state;
    state.trafficStepWaitUntil = null;
    state.trafficStepPausedSince = null;
    if (state.trafficStep == steps - 1) {
      return context.completeEvent(LifecycleEvent.AllowTraffic);
    }
    state.trafficStep++;
    return Step.proceed();
  }
}
