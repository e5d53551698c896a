package io.ecsdeploy.operator.lifecycle;

/**
 * After AfterAllowTraffic: makes the replacement the service's PRIMARY task set, so that ECS (and
 * the next deployment) treat it as the running revision.
 */
final class PromoteReplacementHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    ObservedTaskSet replacement =
        context.observed.taskSet(context.state.replacementTaskSetArn).orElseThrow();
    if (replacement.status() == TaskSetStatus.PRIMARY) {
      return context.advance();
    }
    return context.emit(new Action.MakeTaskSetPrimary(replacement.arn()));
  }
}
