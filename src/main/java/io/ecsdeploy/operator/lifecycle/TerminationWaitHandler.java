package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;

/**
 * The wait before the original task set is removed: it keeps the original around (without traffic)
 * so that a late problem can still be rolled back quickly. KEEP_ALIVE never removes it, so the
 * deployment succeeds at once; a continue TERMINATION_WAIT ends the wait early. The analysis checks
 * run during the wait ({@link Analysis}), and a failure still rolls back to the original.
 */
final class TerminationWaitHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    if (state.originalTaskSet == null
        || context.settings.terminationAction() == TerminationAction.KEEP_ALIVE) {
      return context.finish(DeploymentStatus.Succeeded);
    }
    if (state.terminationWaitUntil == null) {
      // Counted from when the replacement was made primary, not from a restart after that.
      state.terminationWaitUntil =
          context
              .effectiveSince(new Action.MakeTaskSetPrimary(state.replacementTaskSetArn))
              .plus(context.settings.terminationWait());
    }
    if (context.operations.continues(DeploymentWaitType.TERMINATION_WAIT)) {
      Analysis.close(context);
      return context.advance();
    }
    Analysis.Verdict analysis =
        Analysis.during(context, Analysis.TERMINATION_WAIT, state.terminationWaitUntil);
    if (analysis.ended() != null) {
      return analysis.ended();
    }
    if (context.now.isBefore(state.terminationWaitUntil) || analysis.holding()) {
      return analysis.waitUntil(context, state.terminationWaitUntil);
    }
    Analysis.close(context);
    return context.advance();
  }
}
