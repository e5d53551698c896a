package io.ecsdeploy.operator.lifecycle;

/**
 * AllowTestTraffic: points the test listener at the replacement target group, once enough of its
 * targets are healthy when the group's target-health gate is on.
 */
final class AllowTestTrafficHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    if (!context.settings.testListener()) {
      return context.skipEvent(
          LifecycleEvent.AllowTestTraffic, "The deployment group has no test listener.");
    }
    context.startEvent(LifecycleEvent.AllowTestTraffic);
    DeploymentState.Builder state = context.state;
    TrafficWeights toReplacement =
        TrafficWeights.of(state.replacementTargetGroup, 100, state.originalTargetGroup, 0);
    if (toReplacement.sameSplitAs(context.observed.testListener())) {
      return context.completeEvent(LifecycleEvent.AllowTestTraffic);
    }
    var waitForTargets = context.awaitHealthyTargets(Listener.TEST);
    if (waitForTargets.isPresent()) {
      return waitForTargets.get();
    }
    return context.emit(new Action.SetListenerWeights(Listener.TEST, toReplacement));
  }
}
