package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;

/**
 * The ready option between test and production traffic. With CONTINUE_DEPLOYMENT the deployment
 * goes straight on; with STOP_DEPLOYMENT it waits in status Ready (users test through the test
 * listener) for a continue, and is Stopped when the wait runs out. That stop is not a failure or an
 * alarm, so whether it rolls back follows the DEPLOYMENT_STOP_ON_REQUEST setting.
 */
final class ReadyWaitHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    if (context.settings.readyAction() == DeploymentReadyAction.CONTINUE_DEPLOYMENT) {
      return context.advance();
    }
    if (context.operations.continues(DeploymentWaitType.READY_WAIT)) {
      state.status = DeploymentStatus.InProgress;
      return context.advance();
    }
    if (state.readyWaitUntil == null) {
      state.readyWaitUntil = context.now.plus(context.settings.readyWait());
      state.status = DeploymentStatus.Ready;
      context.notify(TriggerEvent.DeploymentReady);
    }
    if (!context.now.isBefore(state.readyWaitUntil)) {
      return context.stop(
          ErrorCode.TIMEOUT,
          "Traffic rerouting was not started within the ready wait of "
              + StepContext.minutes(context.settings.readyWait())
              + ", so the deployment was stopped.",
          context
              .settings
              .autoRollback()
              .rollsBackOn(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST));
    }
    return context.waitUntil(state.readyWaitUntil);
  }
}
