package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;

/** Deletes the original task set; the deployment succeeds once ECS no longer runs it. */
final class RemoveOriginalHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    String originalArn = context.state.originalTaskSet.arn();
    if (!context.isLive(originalArn)) {
      return context.finish(DeploymentStatus.Succeeded);
    }
    return context.emit(new Action.DeleteTaskSet(originalArn));
  }
}
