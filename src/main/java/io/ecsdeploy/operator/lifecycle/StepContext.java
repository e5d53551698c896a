package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One decision's view of the world and its working state, with the moves every handler shares:
 * starting and ending lifecycle events, handing out actions without flooding AWS, failing,
 * stopping, rolling back, finishing, and queueing trigger notifications.
 */
final class StepContext {
  final DeploymentSettings settings;
  final Observation observed;
  final UserOperations operations;
  final Instant now;
  final String newHookExecutionId;
  final DeploymentState.Builder state;

  /** Whether the rollback being finished could not put everything back. */
  private boolean rollbackIncomplete;

  StepContext(EngineInput input) {
    this.settings = input.settings();
    this.observed = input.observation();
    this.operations = input.operations();
    this.now = input.now();
    this.newHookExecutionId = input.newHookExecutionId();
    this.state = input.state().toBuilder();
  }

  // ---- moving on

  Step moveTo(Phase phase) {
    state.phase = phase;
    return Step.proceed();
  }

  Step advance() {
    return moveTo(state.phase.next());
  }

  // ---- lifecycle events

  void startEvent(LifecycleEvent event) {
    LifecycleEventRecord record = state.event(event);
    if (record.status() == LifecycleEventStatus.Pending) {
      state.putEvent(
          new LifecycleEventRecord(
              event, LifecycleEventStatus.InProgress, now, null, record.hookExecutionId(), null));
    }
  }

  void endEvent(LifecycleEvent event, LifecycleEventStatus status, String diagnostics) {
    LifecycleEventRecord record = state.event(event);
    Instant started = record.startTime() == null ? now : record.startTime();
    state.putEvent(
        new LifecycleEventRecord(
            event, status, started, now, record.hookExecutionId(), diagnostics));
  }

  Step completeEvent(LifecycleEvent event) {
    endEvent(event, LifecycleEventStatus.Succeeded, null);
    return advance();
  }

  Step skipEvent(LifecycleEvent event, String reason) {
    endEvent(event, LifecycleEventStatus.Skipped, reason);
    return advance();
  }

  // ---- what AWS shows

  Optional<ObservedTaskSet> replacement() {
    return observed.taskSetWithExternalId(settings.externalId());
  }

  boolean isLive(String taskSetArn) {
    return observed
        .taskSet(taskSetArn)
        .map(taskSet -> taskSet.status() != TaskSetStatus.DRAINING)
        .orElse(false);
  }

  // ---- actions and waits

  /**
   * Hands out {@code action}, unless the same action is waiting out a retry back-off, or was just
   * handed out and AWS may simply not show its effect yet.
   */
  Step emit(Action action) {
    ActionRecord last = state.lastAction;
    int failures = 0;
    if (last != null && last.key().equals(action.key())) {
      if (last.retryNotBefore() != null && now.isBefore(last.retryNotBefore())) {
        return Step.waitUntil(last.retryNotBefore());
      }
      Instant reissueAt = last.issuedAt().plus(settings.reissueAfter());
      if (last.retryNotBefore() == null && action.observable() && now.isBefore(reissueAt)) {
        return Step.pollUntil(reissueAt);
      }
      failures = last.failures();
    }
    state.lastAction = new ActionRecord(action.kind(), action.key(), now, failures, null, true);
    return Step.emit(action);
  }

  /**
   * When a wait that follows {@code action} begins: when the action was handed out, if it is the
   * last action and has not failed since, else now. The caller moves that moment to when the call
   * that performed it returned ({@link DeploymentState#reissuedAt}), by which AWS had taken the
   * change, so that the SDK's retries of the call do not shorten the wait. The run record saves an
   * action before it is performed, so an operator restarted between the call and reading back its
   * effect does not begin the wait again; an action performed again after a restart because it had
   * not taken effect is handed out again.
   */
  Instant effectiveSince(Action action) {
    ActionRecord last = state.lastAction;
    if (last != null
        && last.key().equals(action.key())
        && last.retryNotBefore() == null
        && !last.issuedAt().isAfter(now)) {
      return last.issuedAt();
    }
    return now;
  }

  Step waitUntil(Instant deadline) {
    return Step.waitUntil(deadline);
  }

  /**
   * Wait for the user (a pause without a limit): no deadline, but the deployment is looked at every
   * poll interval, since alarms, a stop and the listener's weights still count.
   */
  Step waitForUser() {
    return Step.waitUntil(null);
  }

  /** Wait for AWS to change, looking again every poll interval, but no later than {@code until}. */
  Step pollUntil(Instant until) {
    return Step.pollUntil(until);
  }

  // ---- the target-health gate

  /**
   * Before traffic moves to the replacement on {@code listener}: empty when the gate is off or
   * enough of the replacement target group's targets are healthy; else the step to take, a look
   * again at the next poll, or the deployment's failure once the gate's timeout has passed. The
   * wait counts from the first look that found too few healthy targets, and begins again at the
   * next weight change.
   */
  Optional<Step> awaitHealthyTargets(Listener listener) {
    TargetHealthSettings gate = settings.targetHealthGate();
    if (!gate.enabled()) {
      return Optional.empty();
    }
    int desired =
        observed.taskSet(state.replacementTaskSetArn).map(ObservedTaskSet::desiredCount).orElse(0);
    int needed = gate.needed(desired);
    TargetHealth health = observed.replacementTargetHealth();
    boolean read = health != null && health.targetGroupArn().equals(state.replacementTargetGroup);
    int healthy = read ? health.healthy() : 0;
    if (read && healthy >= needed) {
      state.targetHealthWait = null;
      return Optional.empty();
    }
    TargetHealthWait previous = state.targetHealthWait;
    Instant since = previous != null && previous.listener() == listener ? previous.since() : now;
    Instant until = since.plus(gate.timeout());
    String states = read ? health.describe() : "not read";
    state.targetHealthWait =
        new TargetHealthWait(
            listener, state.replacementTargetGroup, since, until, healthy, needed, states);
    if (now.isBefore(until)) {
      return Optional.of(pollUntil(until));
    }
    return Optional.of(
        fail(
            ErrorCode.HEALTH_CONSTRAINTS,
            "Only "
                + healthy
                + " of the "
                + needed
                + " healthy targets needed in the replacement target group "
                + state.replacementTargetGroup
                + " after waiting "
                + StepContext.duration(gate.timeout())
                + " ("
                + states
                + "); no "
                + (listener == Listener.TEST ? "test" : "further production")
                + " traffic was moved to it."));
  }

  // ---- outcomes

  /** The deployment failed; it rolls back if DEPLOYMENT_FAILURE says so. */
  Step fail(ErrorCode code, String message) {
    return end(
        DeploymentStatus.Failed,
        code,
        message,
        settings.autoRollback().rollsBackOn(AutoRollbackEvent.DEPLOYMENT_FAILURE));
  }

  /** The deployment is stopped (by the user, an alarm or the ready wait). */
  Step stop(ErrorCode code, String message, boolean rollback) {
    return end(DeploymentStatus.Stopped, code, message, rollback);
  }

  private Step end(DeploymentStatus outcome, ErrorCode code, String message, boolean rollback) {
    state.errorInformation = new ErrorInformation(code, message);
    Analysis.close(this);
    for (LifecycleEvent event : LifecycleEvent.values()) {
      if (state.event(event).status() == LifecycleEventStatus.InProgress) {
        endEvent(event, LifecycleEventStatus.Failed, message);
      }
    }
    state.hookExecution = null;
    state.targetHealthWait = null;
    state.trafficStepPausedSince = null;
    if (rollback && state.phase.canRollBack()) {
      String rollbackId = DeploymentIds.rollbackIdFor(state.deploymentId);
      state.rollbackInfo = RollbackInfo.forRolledBackDeployment(state.deploymentId, rollbackId);
      state.rollbackOutcome = outcome;
      state.status = DeploymentStatus.InProgress;
      notify(TriggerEvent.DeploymentRollback);
      return moveTo(Phase.ROLLBACK);
    }
    return finish(outcome);
  }

  /** The rollback is over; {@code note} says what it could not restore, if anything. */
  Step finishRollback(String note) {
    rollbackIncomplete = note != null;
    if (note != null) {
      RollbackInfo info = state.rollbackInfo;
      state.rollbackInfo =
          new RollbackInfo(
              info.rollbackDeploymentId(),
              info.rollbackTriggeringDeploymentId(),
              info.rollbackMessage() + " " + note);
    }
    return finish(state.rollbackOutcome);
  }

  Step finish(DeploymentStatus outcome) {
    state.status = outcome;
    state.completeTime = now;
    state.hookExecution = null;
    for (LifecycleEvent event : LifecycleEvent.values()) {
      if (state.event(event).status() == LifecycleEventStatus.Pending) {
        endEvent(event, LifecycleEventStatus.Skipped, null);
      }
    }
    if (state.stopOperation == StopOperationStatus.Pending) {
      state.stopOperation =
          outcome == DeploymentStatus.Succeeded
              ? StopOperationStatus.Rejected
              : StopOperationStatus.Succeeded;
    }
    notify(
        switch (outcome) {
          case Succeeded -> TriggerEvent.DeploymentSuccess;
          case Stopped -> TriggerEvent.DeploymentStop;
          default -> TriggerEvent.DeploymentFailure;
        });
    return moveTo(Phase.FINISHED);
  }

  // ---- notifications

  /** Queues the event's message for the triggers that want it, with the deployment's status. */
  void notify(TriggerEvent event) {
    notify(event, state.status);
  }

  /** Queues the event's message for the triggers that want it, with {@code status}. */
  void notify(TriggerEvent event, DeploymentStatus status) {
    for (TriggerSettings trigger : settings.triggers()) {
      if (trigger.events().contains(event)) {
        state.pendingNotifications.add(
            new PendingNotification(
                state.nextNotificationId++,
                trigger.name(),
                trigger.topicArn(),
                event,
                status,
                state.errorInformation,
                state.rollbackInfo,
                state.createTime,
                state.completeTime,
                null));
      }
    }
    queueStateChanges(event);
  }

  /**
   * Queues the EventBridge events CodeDeploy sends at {@code event}, when the settings name a bus.
   * CodeDeploy runs a rollback as a deployment of its own: the rolled-back deployment ends FAILURE
   * (or STOP) as the rollback begins, and the rollback deployment goes START, then SUCCESS, or
   * FAILURE when it could not complete. The rollback's id is the one {@code rollbackInfo} names.
   */
  private void queueStateChanges(TriggerEvent event) {
    if (settings.eventBridge() == null) {
      return;
    }
    String deploymentId = state.deploymentId;
    switch (event) {
      case DeploymentStart -> queueStateChange(deploymentId, "START");
      case DeploymentReady -> queueStateChange(deploymentId, "READY");
      case DeploymentRollback -> {
        queueStateChange(
            deploymentId, state.rollbackOutcome == DeploymentStatus.Stopped ? "STOP" : "FAILURE");
        queueStateChange(state.rollbackInfo.rollbackDeploymentId(), "START");
      }
      case DeploymentSuccess, DeploymentFailure, DeploymentStop -> {
        if (state.phase == Phase.ROLLBACK) {
          queueStateChange(
              state.rollbackInfo.rollbackDeploymentId(),
              rollbackIncomplete ? "FAILURE" : "SUCCESS");
        } else {
          queueStateChange(
              deploymentId,
              event == TriggerEvent.DeploymentSuccess
                  ? "SUCCESS"
                  : event == TriggerEvent.DeploymentStop ? "STOP" : "FAILURE");
        }
      }
    }
  }

  private void queueStateChange(String deploymentId, String eventState) {
    state.pendingNotifications.add(
        new PendingNotification(
            state.nextNotificationId++,
            null,
            null,
            null,
            state.status,
            state.errorInformation,
            state.rollbackInfo,
            state.createTime,
            state.completeTime,
            new PendingNotification.StateChange(deploymentId, eventState, now)));
  }

  Optional<PendingNotification> nextNotification() {
    return state.pendingNotifications.stream().findFirst();
  }

  void dropNotification(long id) {
    state.pendingNotifications.removeIf(notification -> notification.id() == id);
  }

  /** A duration in words: minutes when it is whole minutes, else seconds. */
  static String duration(Duration duration) {
    return duration.toSecondsPart() == 0 && duration.toMinutes() > 0
        ? minutes(duration)
        : duration.toSeconds() + " seconds";
  }

  static String minutes(Duration duration) {
    long minutes = duration.toMinutes();
    return minutes == 1 ? "1 minute" : minutes + " minutes";
  }
}
