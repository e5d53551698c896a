package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lifecycle engine: decides the next step of one ECS blue/green deployment, as AWS CodeDeploy
 * would take it. It is a pure function of its {@link EngineInput} (settings, stored state, what was
 * observed in AWS, user operations, the time): it reads no clock and calls no AWS API, and it hands
 * back at most one {@link Action} per call. The caller performs the action, stores the new state,
 * and calls again when the {@link Recheck} says; a step counts as done only when a later
 * observation shows its effect.
 *
 * <pre>
 *  Created ──group busy──▶ Queued
 *     │ group free           │ group free
 *     ▼                      ▼
 *  InProgress
 *   BeforeInstall ─▶ Install ─▶ AfterInstall ─▶ AllowTestTraffic ─▶ AfterAllowTestTraffic
 *      (hook)     (create the      (hook)      (test listener to         (hook)
 *                  replacement,                 the replacement)            │
 *                  wait steady)                                             │
 *        ┌──────────────────────────── ready option ────────────────────────┘
 *        │ CONTINUE_DEPLOYMENT          │ STOP_DEPLOYMENT
 *        │                              ▼
 *        │                    Ready ──wait runs out──▶ Stopped (TIMEOUT)
 *        │                      │ continue READY_WAIT
 *        ▼                      ▼
 *   BeforeAllowTraffic ─▶ AllowTraffic ─▶ AfterAllowTraffic ─▶ replacement made PRIMARY
 *      (hook)          (production weights,      (hook)                  │
 *                       step by step, waits)                             ▼
 *                                    termination wait ─▶ original deleted ─▶ Succeeded
 *                                    (KEEP_ALIVE, or no original: Succeeded at once;
 *                                     continue TERMINATION_WAIT ends the wait early)
 *
 *  From BeforeInstall to the termination wait, unless the original is already gone and the
 *  replacement PRIMARY (the last step was done, by a decision whose state was lost: remove the
 *  original, as if deleted):
 *   hook Failed or silent, replacement not steady, AWS error ──▶ Failed
 *   alarm in ALARM or unreadable ──▶ Stopped (ALARM_ACTIVE)   user stop ──▶ Stopped (MANUAL_STOP)
 *   Once Install has begun, if auto-rollback (or the stop request) says so, first:
 *   rolling back (InProgress): listeners to the original (each set by the rollback itself, then
 *   read back), original PRIMARY, replacement deleted ──▶ Failed | Stopped, with rollbackInfo.
 *  Hook events without a function are Skipped; so are AllowTestTraffic and AfterAllowTestTraffic
 *  without a test listener.
 * </pre>
 *
 * <p>Every call: (1) settle the previous action (a reported failure is retried with back-off or
 * fails the deployment; a Lambda invocation or SNS message not reported failed counts as done); (2)
 * apply what interrupts any phase: a stop request, an alarm, a task set that vanished; (3) hand out
 * the oldest queued SNS notification, unless a rollback is in progress (restoring traffic comes
 * first); (4) let the phase's handler from {@link PhaseHandlerRegistry} move the deployment on,
 * following as many phases as need no action, until one needs an action or a wait. Once all
 * production traffic has moved, each phase first makes sure the production listener still sends it
 * to the replacement.
 */
public final class LifecycleEngine {
  /** More hops than phases in one call means a handler loops; fail loudly instead of spinning. */
  private static final int MAX_HOPS = Phase.values().length * 4;

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /**
   * How long polls of the alarms may fail with errors that may pass before the deployment stops as
   * if they had failed for good.
   */
  static final Duration ALARMS_UNREADABLE_GRACE = Duration.ofMinutes(1);

  private final PhaseHandlerRegistry registry;

  public LifecycleEngine() {
    this(new PhaseHandlerRegistry());
  }

  LifecycleEngine(PhaseHandlerRegistry registry) {
    this.registry = registry;
  }

  /** Decides the deployment's next step. */
  public Decision decide(EngineInput input) {
    StepContext context = new StepContext(input);
    settlePreviousAction(context);
    applyInterruptions(context);
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      if (context.state.phase != Phase.ROLLBACK && context.nextNotification().isPresent()) {
        return decision(context, publishNext(context));
      }
      Step step = handle(context);
      if (step.kind() == Step.Kind.CONTINUE) {
        continue;
      }
      if (step.kind() != Step.Kind.EMIT && context.nextNotification().isPresent()) {
        return decision(context, publishNext(context));
      }
      return decision(context, step);
    }
    throw new IllegalStateException("no decision after " + MAX_HOPS + " phase changes");
  }

  /**
   * Once all production traffic has moved, the replacement keeps it until the deployment ends.
   * Nothing the stored state says can vouch for that: the caller may have performed an action and
   * crashed before saving the state that asked for it (the first move of a rollback, say), or
   * someone may have changed the listener. So every phase from AfterAllowTraffic to the removal of
   * the original first checks the production listener, and moves the traffic back to the
   * replacement if it shows otherwise, rather than succeed without production traffic on the
   * replacement or delete the original while it serves.
   */
  private Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    if (state.phase.trafficShifted()) {
      TrafficWeights shifted =
          TrafficWeights.of(state.replacementTargetGroup, 100, state.originalTargetGroup, 0);
      if (!shifted.sameSplitAs(context.observed.productionListener())) {
        return context.emit(new Action.SetListenerWeights(Listener.PRODUCTION, shifted));
      }
    }
    return registry.handlerFor(state.phase).handle(context);
  }

  private static Step publishNext(StepContext context) {
    return context.emit(new Action.PublishNotification(context.nextNotification().orElseThrow()));
  }

  private static Decision decision(StepContext context, Step step) {
    DeploymentState state = context.state.build();
    return switch (step.kind()) {
      case EMIT -> new Decision(state, Optional.of(step.action()), Recheck.afterAction());
      case WAIT -> new Decision(state, Optional.empty(), Recheck.at(lookAgainAt(context, step)));
      default -> new Decision(state, Optional.empty(), Recheck.never());
    };
  }

  /**
   * A wait for AWS is polled; a wait for a deadline is polled too while alarms are watched, because
   * an alarm must stop the deployment long before a 15-minute canary wait ends. Either way the
   * deadline itself is never overshot.
   */
  private static Instant lookAgainAt(StepContext context, Step step) {
    Instant poll = context.now.plus(context.settings.pollInterval());
    boolean watchingAlarms =
        context.settings.alarms().enabled() && context.state.phase.interruptible();
    if (step.until() == null) {
      return poll;
    }
    return (step.polling() || watchingAlarms) && poll.isBefore(step.until()) ? poll : step.until();
  }

  private static void settlePreviousAction(StepContext context) {
    DeploymentState.Builder state = context.state;
    ActionRecord last = state.lastAction;
    if (last == null || !last.awaitingOutcome()) {
      return;
    }
    ActionFailure failure = context.observed.actionFailure();
    if (failure != null && failure.actionKey().equals(last.key())) {
      // Weights that were not set do not count as restored: the rollback hands them out again.
      state.restoredListeners.removeIf(
          listener -> last.key().startsWith(Action.SetListenerWeights.keyPrefix(listener)));
      int failures = last.failures() + 1;
      if (failure.retryable() && failures < context.settings.maxActionAttempts()) {
        state.lastAction =
            new ActionRecord(
                last.kind(),
                last.key(),
                last.issuedAt(),
                failures,
                context.now.plus(backoff(context, last.kind(), failures)),
                false);
        return;
      }
      state.lastAction = null;
      actionFailed(context, last, failure);
      return;
    }
    switch (last.kind()) {
      case PUBLISH_NOTIFICATION -> {
        dropIfPublished(context, last);
        state.lastAction = null;
      }
      case INVOKE_HOOK -> {
        HookExecution execution = state.hookExecution;
        if (execution != null && last.key().equals(invokeKey(execution))) {
          // The hook's time counts from its first invocation, not from when it was decided: the
          // invocation may have come seconds later (a restart in between, saves before it).
          Instant deadline =
              execution.invoked()
                  ? execution.deadline()
                  : last.issuedAt().plus(context.settings.hookTimeout());
          state.hookExecution =
              new HookExecution(
                  execution.event(),
                  execution.executionId(),
                  execution.functionName(),
                  deadline,
                  true,
                  execution.invokeAgainAt());
        }
        state.lastAction = null;
      }
      default ->
          state.lastAction =
              new ActionRecord(
                  last.kind(), last.key(), last.issuedAt(), last.failures(), null, false);
    }
  }

  /**
   * Notifications are retried at once (there is nothing to wait for and they must not hold up the
   * deployment); AWS calls back off exponentially from the poll interval.
   */
  private static Duration backoff(StepContext context, Action.Kind kind, int failures) {
    if (kind == Action.Kind.PUBLISH_NOTIFICATION) {
      return Duration.ZERO;
    }
    Duration backoff =
        context.settings.pollInterval().multipliedBy(1L << Math.min(failures - 1, 20));
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  private static void actionFailed(StepContext context, ActionRecord last, ActionFailure failure) {
    String message = failure.message();
    switch (last.kind()) {
      case PUBLISH_NOTIFICATION ->
          // A trigger that cannot be delivered must not fail the deployment; CodeDeploy's do not.
          dropIfPublished(context, last);
      case INVOKE_HOOK -> {
        HookExecution execution = context.state.hookExecution;
        if (execution != null && last.key().equals(invokeKey(execution))) {
          context.fail(
              failure.code(),
              "The "
                  + execution.event()
                  + " hook "
                  + execution.functionName()
                  + " could not be invoked: "
                  + message);
        }
      }
      default -> {
        // Only a phase that hands out AWS calls can be here, never FINISHED.
        if (context.state.phase == Phase.ROLLBACK) {
          context.finishRollback("The rollback could not complete: " + message);
        } else {
          context.fail(failure.code(), message);
        }
      }
    }
  }

  private static void dropIfPublished(StepContext context, ActionRecord last) {
    context
        .nextNotification()
        .filter(
            notification -> new Action.PublishNotification(notification).key().equals(last.key()))
        .ifPresent(notification -> context.dropNotification(notification.id()));
  }

  private static String invokeKey(HookExecution execution) {
    return new Action.InvokeHook(
            execution.event(), execution.functionName(), execution.executionId())
        .key();
  }

  private static void applyInterruptions(StepContext context) {
    DeploymentState.Builder state = context.state;
    if (lastStepAlreadyDone(context)) {
      skipToRemoveOriginal(context);
    }
    Phase phase = state.phase;
    UserOperations.StopRequest stop = context.operations.stop();
    if (stop != null && state.stopOperation == null) {
      if (phase == Phase.FINISHED) {
        state.stopOperation = StopOperationStatus.Rejected;
      } else if (phase == Phase.ROLLBACK || phase == Phase.REMOVE_ORIGINAL) {
        // Already on its way out: the answer comes when the deployment ends.
        state.stopOperation = StopOperationStatus.Pending;
      } else {
        boolean rollback =
            stop.autoRollbackEnabled() != null
                ? stop.autoRollbackEnabled()
                : context
                    .settings
                    .autoRollback()
                    .rollsBackOn(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST);
        state.stopOperation = StopOperationStatus.Pending;
        context.stop(
            ErrorCode.MANUAL_STOP, "The deployment was stopped by a user request.", rollback);
        return;
      }
    }
    if (!phase.interruptible()) {
      return;
    }
    if (alarmsStop(context)) {
      return;
    }
    if (state.replacementTaskSetArn != null && !context.isLive(state.replacementTaskSetArn)) {
      context.fail(
          ErrorCode.ECS_UPDATE_ERROR,
          "The replacement task set " + state.replacementTaskSetArn + " no longer exists.");
    } else if (state.originalTaskSet != null
        && phase.ordinal() <= Phase.ALLOW_TRAFFIC.ordinal()
        && !context.isLive(state.originalTaskSet.arn())) {
      // Until the shift is over the original serves production traffic, so losing it is an outage
      // the deployment must not carry on through. Afterwards it only means rollback is impossible.
      context.fail(
          ErrorCode.ECS_UPDATE_ERROR,
          "The original task set " + state.originalTaskSet.arn() + " no longer exists.");
    }
  }

  /**
   * Whether the deployment's last step has been done although its state does not say so: the
   * original task set is gone while the replacement is PRIMARY. The deployment leaves the service
   * so only by removing the original, after all lifecycle events; a decision that handed that out
   * and whose state was lost in a crash got there first (or someone finished the deployment by
   * hand). Nothing is left to roll back to, so the deployment is treated as removing the original,
   * as CodeDeploy treats a deployment that finished its last step: it succeeds once production
   * traffic is confirmed on the replacement, and a stop or an alarm comes too late. A rollback
   * could not give the traffic back to an original that no longer exists; it would only end the
   * deployment Stopped or Failed with the new revision serving all traffic.
   */
  private static boolean lastStepAlreadyDone(StepContext context) {
    DeploymentState.Builder state = context.state;
    return state.phase.interruptible()
        && state.originalTaskSet != null
        && !context.isLive(state.originalTaskSet.arn())
        && context
            .replacement()
            .filter(replacement -> replacement.status() == TaskSetStatus.PRIMARY)
            .isPresent();
  }

  /** Closes what the state still has open and moves on to the removal of the original. */
  private static void skipToRemoveOriginal(StepContext context) {
    for (LifecycleEvent event : LifecycleEvent.values()) {
      if (context.state.event(event).status() == LifecycleEventStatus.InProgress) {
        context.endEvent(
            event,
            LifecycleEventStatus.Skipped,
            "The replacement task set was already PRIMARY and the original task set gone: the"
                + " deployment's last step had been done.");
      }
    }
    context.state.hookExecution = null;
    context.state.phase = Phase.REMOVE_ORIGINAL;
  }

  /**
   * An alarm in ALARM stops the deployment, and so do alarms that cannot be read unless {@code
   * ignorePollAlarmFailure}. A poll that failed with an error that may pass (AWS throttled the
   * call, answered with a 5xx, or did not answer in time, each after the SDK's own retries) is only
   * a missed poll: the deployment is stopped when no poll has read the alarms for {@link
   * #ALARMS_UNREADABLE_GRACE}, so that a throttled DescribeAlarms does not stop a deployment whose
   * alarms are fine, and alarms that stay unreadable still do.
   */
  private static boolean alarmsStop(StepContext context) {
    AlarmSettings alarms = context.settings.alarms();
    AlarmObservation observed = context.observed.alarms();
    boolean rollback =
        context.settings.autoRollback().rollsBackOn(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM);
    if (!alarms.enabled()) {
      return false;
    }
    DeploymentState.Builder state = context.state;
    switch (observed.result()) {
      case OK, ALARM -> state.alarmsUnreadableSince = null;
      case POLL_FAILED_FOR_NOW -> {
        if (state.alarmsUnreadableSince == null) {
          state.alarmsUnreadableSince = context.now;
        }
      }
      default -> {}
    }
    if (observed.result() == AlarmObservation.Result.POLL_FAILED_FOR_NOW
        && !alarms.ignorePollAlarmFailure()
        && !context.now.isBefore(state.alarmsUnreadableSince.plus(ALARMS_UNREADABLE_GRACE))) {
      context.stop(
          ErrorCode.ALARM_ACTIVE,
          "The state of the deployment's alarms could not be read for "
              + ALARMS_UNREADABLE_GRACE.toSeconds()
              + " seconds (last: "
              + observed.pollFailure()
              + "), so the deployment was stopped. Set ignorePollAlarmFailure to carry on when"
              + " alarms cannot be read.",
          rollback);
      return true;
    }
    if (observed.result() == AlarmObservation.Result.ALARM) {
      context.stop(
          ErrorCode.ALARM_ACTIVE,
          "One or more alarms have been activated according to the Amazon CloudWatch metrics you"
              + " selected, and the affected deployments have been stopped. Activated alarms: "
              + String.join(", ", observed.alarmsInAlarm()),
          rollback);
      return true;
    }
    if (observed.result() == AlarmObservation.Result.POLL_FAILED
        && !alarms.ignorePollAlarmFailure()) {
      context.stop(
          ErrorCode.ALARM_ACTIVE,
          "The state of the deployment's alarms could not be read ("
              + observed.pollFailure()
              + "), so the deployment was stopped. Set ignorePollAlarmFailure to carry on when"
              + " alarms cannot be read.",
          rollback);
      return true;
    }
    return false;
  }
}
