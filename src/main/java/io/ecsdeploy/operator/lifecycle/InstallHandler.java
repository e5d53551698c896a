package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.time.Instant;
import java.util.Optional;

/**
 * Install: creates the replacement task set on the replacement target group and waits until it is
 * steady. The task set is found by its external id rather than its ARN, so one created just before
 * a crash is adopted instead of created twice. Left-over task sets of earlier, abandoned
 * deployments on that target group are deleted first, so that test and production traffic to it
 * reach only the new revision.
 */
final class InstallHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    context.startEvent(LifecycleEvent.Install);
    String externalId = context.settings.externalId();
    Optional<ObservedTaskSet> leftOver =
        context.observed.taskSets().stream()
            .filter(taskSet -> state.replacementTargetGroup.equals(taskSet.targetGroupArn()))
            .filter(taskSet -> !externalId.equals(taskSet.externalId()))
            .filter(taskSet -> taskSet.status() != TaskSetStatus.DRAINING)
            .findFirst();
    if (leftOver.isPresent()) {
      return context.emit(new Action.DeleteTaskSet(leftOver.get().arn()));
    }
    Optional<ObservedTaskSet> replacement = context.replacement();
    if (replacement.isPresent()) {
      state.replacementTaskSetArn = replacement.get().arn();
      if (replacement.get().steady()) {
        return context.completeEvent(LifecycleEvent.Install);
      }
    }
    Instant deadline =
        state.event(LifecycleEvent.Install).startTime().plus(context.settings.steadyStateTimeout());
    if (!context.now.isBefore(deadline)) {
      return context.fail(
          ErrorCode.TIMEOUT,
          "The replacement task set did not reach a steady state within "
              + StepContext.minutes(context.settings.steadyStateTimeout())
              + ".");
    }
    if (replacement.isEmpty()) {
      return context.emit(new Action.CreateTaskSet(state.replacementTargetGroup, externalId));
    }
    return context.pollUntil(deadline);
  }
}
