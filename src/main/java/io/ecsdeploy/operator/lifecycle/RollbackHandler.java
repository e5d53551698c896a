package io.ecsdeploy.operator.lifecycle;

import java.util.Optional;

/**
 * Puts the components back as they were when the deployment started: production and test listeners
 * to the original target group, the original task set PRIMARY again, the replacement deleted.
 * Traffic moves first and the replacement goes last, so that no request is ever sent to a target
 * group whose task set is being removed. If the original task set is gone, nothing can take the
 * traffic back, so the replacement is left serving it and the rollback message says so.
 */
final class RollbackHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    TaskSetRef original = state.originalTaskSet;
    if (original != null && !context.isLive(original.arn())) {
      return context.finishRollback(
          "The original task set "
              + original.arn()
              + " no longer exists, so production traffic was left where it was.");
    }
    TrafficWeights backToOriginal =
        TrafficWeights.of(state.originalTargetGroup, 100, state.replacementTargetGroup, 0);
    TrafficWeights production = original == null ? state.startingProductionTraffic : backToOriginal;
    if (!production.sameSplitAs(context.observed.productionListener())) {
      return context.emit(new Action.SetListenerWeights(Listener.PRODUCTION, production));
    }
    state.productionTraffic = production;
    TrafficWeights test = original == null ? state.startingTestTraffic : backToOriginal;
    if (context.settings.testListener()
        && test != null
        && !test.sameSplitAs(context.observed.testListener())) {
      return context.emit(new Action.SetListenerWeights(Listener.TEST, test));
    }
    if (original != null
        && context.observed.taskSet(original.arn()).orElseThrow().status()
            != TaskSetStatus.PRIMARY) {
      return context.emit(new Action.MakeTaskSetPrimary(original.arn()));
    }
    Optional<ObservedTaskSet> replacement = context.replacement();
    if (replacement.isPresent() && replacement.get().status() != TaskSetStatus.DRAINING) {
      return context.emit(new Action.DeleteTaskSet(replacement.get().arn()));
    }
    return context.finishRollback(null);
  }
}
