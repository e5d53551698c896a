package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.lifecycle.ActionRecord;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.ErrorInformation;
import io.ecsdeploy.operator.lifecycle.HookExecution;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.LifecycleEventRecord;
import io.ecsdeploy.operator.lifecycle.PendingNotification;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.RollbackInfo;
import io.ecsdeploy.operator.lifecycle.StopOperationStatus;
import io.ecsdeploy.operator.lifecycle.TargetHealthWait;
import io.ecsdeploy.operator.lifecycle.TaskSetRef;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link DeploymentState} field by field, for tests that need a deployment in a given
 * phase without running the engine there (the engine's own builder is not public).
 */
final class StateBuilder {
  String deploymentId;
  DeploymentStatus status;
  Phase phase;
  Instant createTime;
  Instant startTime;
  Instant completeTime;
  final List<LifecycleEventRecord> lifecycleEvents = new ArrayList<>();
  TaskSetRef originalTaskSet;
  String originalTargetGroup;
  String replacementTargetGroup;
  String replacementTaskSetArn;
  TrafficWeights startingProductionTraffic;
  TrafficWeights startingTestTraffic;
  TrafficWeights productionTraffic;
  int trafficStep;
  Instant trafficStepWaitUntil;
  Instant trafficStepPausedSince;
  Instant unsteadySince;
  HookExecution hookExecution;
  Instant readyWaitUntil;
  Instant terminationWaitUntil;
  ErrorInformation errorInformation;
  RollbackInfo rollbackInfo;
  DeploymentStatus rollbackOutcome;
  List<io.ecsdeploy.operator.lifecycle.Listener> restoredListeners = new ArrayList<>();
  ActionRecord lastAction;
  final List<PendingNotification> pendingNotifications = new ArrayList<>();
  long nextNotificationId;
  StopOperationStatus stopOperation;
  Instant alarmsUnreadableSince;
  TargetHealthWait targetHealthWait;

  private StateBuilder(DeploymentState state) {
    deploymentId = state.deploymentId();
    status = state.status();
    phase = state.phase();
    createTime = state.createTime();
    startTime = state.startTime();
    completeTime = state.completeTime();
    lifecycleEvents.addAll(state.lifecycleEvents());
    originalTaskSet = state.originalTaskSet();
    originalTargetGroup = state.originalTargetGroup();
    replacementTargetGroup = state.replacementTargetGroup();
    replacementTaskSetArn = state.replacementTaskSetArn();
    startingProductionTraffic = state.startingProductionTraffic();
    startingTestTraffic = state.startingTestTraffic();
    productionTraffic = state.productionTraffic();
    trafficStep = state.trafficStep();
    trafficStepWaitUntil = state.trafficStepWaitUntil();
    trafficStepPausedSince = state.trafficStepPausedSince();
    unsteadySince = state.unsteadySince();
    hookExecution = state.hookExecution();
    readyWaitUntil = state.readyWaitUntil();
    terminationWaitUntil = state.terminationWaitUntil();
    errorInformation = state.errorInformation();
    rollbackInfo = state.rollbackInfo();
    rollbackOutcome = state.rollbackOutcome();
    restoredListeners = new ArrayList<>(state.restoredListeners());
    lastAction = state.lastAction();
    pendingNotifications.addAll(state.pendingNotifications());
    nextNotificationId = state.nextNotificationId();
    stopOperation = state.stopOperation();
    alarmsUnreadableSince = state.alarmsUnreadableSince();
    targetHealthWait = state.targetHealthWait();
  }

  /** A copy of {@code state} to change. */
  static StateBuilder from(DeploymentState state) {
    return new StateBuilder(state);
  }

  /** A deployment just created at {@code createTime}. */
  static StateBuilder created(String deploymentId, Instant createTime) {
    return from(DeploymentState.created(deploymentId, createTime));
  }

  /** Sets one lifecycle event's record. */
  StateBuilder event(
      LifecycleEvent event,
      LifecycleEventStatus eventStatus,
      Instant start,
      Instant end,
      String hookExecutionId,
      String diagnostics) {
    lifecycleEvents.set(
        event.ordinal(),
        new LifecycleEventRecord(event, eventStatus, start, end, hookExecutionId, diagnostics));
    return this;
  }

  /** An event that ran from {@code start} to {@code end} and succeeded. */
  StateBuilder succeeded(LifecycleEvent event, Instant start, Instant end) {
    return event(event, LifecycleEventStatus.Succeeded, start, end, null, null);
  }

  /** A hook event without a function, skipped at {@code at}. */
  StateBuilder skipped(LifecycleEvent event, Instant at) {
    return event(
        event,
        LifecycleEventStatus.Skipped,
        at,
        at,
        null,
        "The AppSpec names no Lambda function for " + event + ".");
  }

  /** An event in progress since {@code start}. */
  StateBuilder inProgress(LifecycleEvent event, Instant start) {
    return event(event, LifecycleEventStatus.InProgress, start, null, null, null);
  }

  DeploymentState build() {
    return new DeploymentState(
        deploymentId,
        status,
        phase,
        createTime,
        startTime,
        completeTime,
        lifecycleEvents,
        originalTaskSet,
        originalTargetGroup,
        replacementTargetGroup,
        replacementTaskSetArn,
        startingProductionTraffic,
        startingTestTraffic,
        productionTraffic,
        trafficStep,
        trafficStepWaitUntil,
        trafficStepPausedSince,
        unsteadySince,
        hookExecution,
        readyWaitUntil,
        terminationWaitUntil,
        errorInformation,
        rollbackInfo,
        rollbackOutcome,
        restoredListeners,
        lastAction,
        pendingNotifications,
        nextNotificationId,
        stopOperation,
        alarmsUnreadableSince,
        targetHealthWait,
        List.of());
  }
}
