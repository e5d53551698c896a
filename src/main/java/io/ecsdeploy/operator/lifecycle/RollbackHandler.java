package io.ecsdeploy.operator.lifecycle;

import java.util.Optional;

/**
 * Puts the components back as they were when the deployment started: production and test listeners
 * to the original target group, the original task set PRIMARY again, the replacement deleted.
 * Traffic moves first and the replacement goes last, so that no request is ever sent to a target
 * group whose task set is being removed. If the original task set is gone, nothing can take the
 * traffic back, so the replacement is left serving it and the rollback message says so.
 *
 * <p>Each listener is set back by the rollback itself at least once, and then read back, even when
 * a read already shows the starting weights: that read may predate the deployment's own last change
 * of the listener (one AWS does not show yet, or one handed out by a decision whose state was lost
 * in a crash). Weights are absolute, so only the rollback's own change, made after all of those,
 * says where traffic goes when the replacement is deleted.
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
    Optional<Step> restoring =
        restore(context, Listener.PRODUCTION, production, context.observed.productionListener());
    if (restoring.isPresent()) {
      return restoring.get();
    }
    state.productionTraffic = production;
    TrafficWeights test = original == null ? state.startingTestTraffic : backToOriginal;
    if (context.settings.testListener() && test != null) {
      restoring = restore(context, Listener.TEST, test, context.observed.testListener());
      if (restoring.isPresent()) {
        return restoring.get();
      }
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

  /**
   * Set, then verify: hands out {@code weights} for {@code listener} unless the rollback already
   * did and a read shows them; empty when the listener is back.
   */
  private static Optional<Step> restore(
      StepContext context, Listener listener, TrafficWeights weights, TrafficWeights observed) {
    Action.SetListenerWeights action = new Action.SetListenerWeights(listener, weights);
    if (!context.state.restoredListeners.contains(listener)) {
      Step step = context.emit(action);
      if (step.kind() == Step.Kind.EMIT) {
        context.state.restoredListeners.add(listener);
      }
      return Optional.of(step);
    }
    if (!weights.sameSplitAs(observed)) {
      return Optional.of(context.emit(action));
    }
    return Optional.empty();
  }
}
