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
 * event) the shift pauses, and fails after the unsteady timeout, as CodeDeploy does. With the
 * group's target-health gate on, each weight change waits for enough healthy targets first.
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
    if (state.trafficStepWaitUntil == null) {
      Instant since =
          context.effectiveSince(new Action.SetListenerWeights(Listener.PRODUCTION, desired));
      state.trafficStepWaitUntil = since.plus(step.waitAfter());
    }
    if (context.now.isBefore(state.trafficStepWaitUntil)) {
      return context.waitUntil(state.trafficStepWaitUntil);
    }
    state.trafficStepWaitUntil = null;
    if (state.trafficStep == schedule.size() - 1) {
      return context.completeEvent(LifecycleEvent.AllowTraffic);
    }
    state.trafficStep++;
    return Step.proceed();
  }
}
