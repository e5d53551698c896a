package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.util.Optional;

/**
 * A hook event (BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic,
 * AfterAllowTraffic): invokes the Lambda function the revision names and waits for its status. An
 * event without a function is Skipped, and so is AfterAllowTestTraffic without a test listener,
 * since there is no test traffic to validate.
 */
final class HookEventHandler implements PhaseHandler {
  private final LifecycleEvent event;

  HookEventHandler(LifecycleEvent event) {
    this.event = event;
  }

  @Override
  public Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    Optional<String> function = context.settings.hookFunction(event);
    if (function.isEmpty()) {
      return context.skipEvent(event, "The AppSpec names no Lambda function for " + event + ".");
    }
    if (event == LifecycleEvent.AfterAllowTestTraffic && !context.settings.testListener()) {
      return context.skipEvent(event, "The deployment group has no test listener.");
    }
    if (state.event(event).status() == LifecycleEventStatus.Pending) {
      start(context, function.get());
    }
    HookExecution execution = state.hookExecution;
    Optional<LifecycleEventStatus> reported =
        context.observed.hookReports().stream()
            .filter(report -> execution.executionId().equals(report.executionId()))
            .map(HookReport::status)
            .filter(
                status ->
                    status == LifecycleEventStatus.Succeeded
                        || status == LifecycleEventStatus.Failed)
            .findFirst();
    if (reported.isPresent()) {
      if (reported.get() == LifecycleEventStatus.Succeeded) {
        state.hookExecution = null;
        return context.completeEvent(event);
      }
      return context.fail(
          ErrorCode.HOOK_EXECUTION_FAILURE,
          "The " + event + " hook " + execution.functionName() + " reported Failed.");
    }
    if (!context.now.isBefore(execution.deadline())) {
      return context.fail(
          ErrorCode.HOOK_EXECUTION_FAILURE,
          "The "
              + event
              + " hook "
              + execution.functionName()
              + " did not report a status within "
              + StepContext.minutes(context.settings.hookTimeout())
              + ".");
    }
    if (!execution.invoked()) {
      return context.emit(
          new Action.InvokeHook(event, execution.functionName(), execution.executionId()));
    }
    if (execution.invokeAgainAt() != null) {
      if (!context.now.isBefore(execution.invokeAgainAt())) {
        // The unanswered run has ended without a result: its answer was lost. Run it again.
        state.hookExecution = execution.unansweredUntil(null);
        return context.emit(
            new Action.InvokeHook(event, execution.functionName(), execution.executionId()));
      }
      if (execution.invokeAgainAt().isBefore(execution.deadline())) {
        return context.waitUntil(execution.invokeAgainAt());
      }
    }
    return context.waitUntil(execution.deadline());
  }

  private void start(StepContext context, String function) {
    String executionId = context.newHookExecutionId;
    if (executionId == null || executionId.isBlank()) {
      throw new IllegalArgumentException(
          "a new hook execution id is needed to start the " + event + " hook");
    }
    context.startEvent(event);
    LifecycleEventRecord record = context.state.event(event);
    context.state.putEvent(
        new LifecycleEventRecord(
            event, record.status(), record.startTime(), null, executionId, null));
    context.state.hookExecution =
        new HookExecution(
            event,
            executionId,
            function,
            context.now.plus(context.settings.hookTimeout()),
            false,
            null);
  }
}
