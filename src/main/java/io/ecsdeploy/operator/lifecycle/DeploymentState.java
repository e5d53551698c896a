package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the engine remembers about one deployment between two decisions. The caller stores it
 * (in the deployment resource's status) and hands it back unchanged; it is made of records, enums,
 * lists, instants and strings only, so that it survives a JSON round trip and an operator restart.
 *
 * @param deploymentId the deployment's id
 * @param status the deployment's status
 * @param phase where the engine is
 * @param createTime when the deployment was created
 * @param startTime when it started (left Created or Queued)
 * @param completeTime when it ended
 * @param lifecycleEvents the eight lifecycle events, in order
 * @param originalTaskSet the task set that was PRIMARY when the deployment started; {@code null} on
 *     a service's first deployment
 * @param originalTargetGroup the target group of the original task set
 * @param replacementTargetGroup the target group the replacement task set serves
 * @param replacementTaskSetArn the replacement task set, once ECS has created it
 * @param startingProductionTraffic the production listener's split when the deployment started
 * @param startingTestTraffic the test listener's split when the deployment started
 * @param productionTraffic the production split last confirmed by a read
 * @param trafficStep index of the traffic step in progress
 * @param trafficStepWaitUntil when the current step's wait ends, once its weights are confirmed;
 *     for a pause without a limit, {@code null} while it lasts
 * @param trafficStepPausedSince when the current step's pause began (its weights confirmed); {@code
 *     null} when the step is not a pause, or its pause has ended
 * @param unsteadySince when the replacement stopped being steady during the shift
 * @param hookExecution the hook in progress
 * @param readyWaitUntil when the STOP_DEPLOYMENT ready wait ends
 * @param terminationWaitUntil when the termination wait ends
 * @param errorInformation why the deployment failed or stopped
 * @param rollbackInfo the rollback of this deployment, once triggered
 * @param rollbackOutcome the status the deployment ends with once its rollback completes
 * @param restoredListeners the listeners the rollback has itself set back (handed out the weights,
 *     not reported failed); a read showing the starting weights does not count, since it may
 *     predate the deployment's own last change of that listener
 * @param lastAction the last action handed out
 * @param pendingNotifications SNS messages not yet published, oldest first
 * @param nextNotificationId the id the next notification gets
 * @param stopOperation the answer to the user's stop request
 * @param alarmsUnreadableSince when polls of the alarms began to fail with errors that may pass
 *     (throttling, a 5xx, a timeout), none having read them since; {@code null} while they read
 * @param targetHealthWait the wait for healthy targets before traffic moves to the replacement;
 *     {@code null} when the deployment is not waiting for them
 * @param analysis each analysis check's run in the current or last wait, with its latest
 *     measurements, in the order the checks were first run
 */
public record DeploymentState(
    String deploymentId,
    DeploymentStatus status,
    Phase phase,
    Instant createTime,
    Instant startTime,
    Instant completeTime,
    List<LifecycleEventRecord> lifecycleEvents,
    TaskSetRef originalTaskSet,
    String originalTargetGroup,
    String replacementTargetGroup,
    String replacementTaskSetArn,
    TrafficWeights startingProductionTraffic,
    TrafficWeights startingTestTraffic,
    TrafficWeights productionTraffic,
    int trafficStep,
    Instant trafficStepWaitUntil,
    Instant trafficStepPausedSince,
    Instant unsteadySince,
    HookExecution hookExecution,
    Instant readyWaitUntil,
    Instant terminationWaitUntil,
    ErrorInformation errorInformation,
    RollbackInfo rollbackInfo,
    DeploymentStatus rollbackOutcome,
    List<Listener> restoredListeners,
    ActionRecord lastAction,
    List<PendingNotification> pendingNotifications,
    long nextNotificationId,
    StopOperationStatus stopOperation,
    Instant alarmsUnreadableSince,
    TargetHealthWait targetHealthWait,
    List<AnalysisRun> analysis) {

  public DeploymentState {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(phase, "phase");
    lifecycleEvents = List.copyOf(lifecycleEvents);
    // A state saved before this field existed has none.
    restoredListeners = restoredListeners == null ? List.of() : List.copyOf(restoredListeners);
    pendingNotifications = List.copyOf(pendingNotifications);
    // A state saved before analysis existed has none.
    analysis = analysis == null ? List.of() : List.copyOf(analysis);
  }

  /** The state of a deployment that has just been created. */
  public static DeploymentState created(String deploymentId, Instant createTime) {
    List<LifecycleEventRecord> events = new ArrayList<>();
    for (LifecycleEvent event : LifecycleEvent.values()) {
      events.add(LifecycleEventRecord.pending(event));
    }
    return new DeploymentState(
        deploymentId,
        DeploymentStatus.Created,
        Phase.PENDING_START,
        createTime,
        null,
        null,
        events,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        List.of(),
        1,
        null,
        null,
        null,
        List.of());
  }

  /**
   * A deployment that could not start because what it names cannot be used (its revision, say):
   * Failed before anything in AWS changed, as CodeDeploy refuses such a deployment when it is
   * created. No trigger fires for it.
   */
  public static DeploymentState failedBeforeStart(
      String deploymentId, Instant createTime, Instant now, ErrorInformation error) {
    Builder state = created(deploymentId, createTime).toBuilder();
    state.status = DeploymentStatus.Failed;
    state.phase = Phase.FINISHED;
    state.completeTime = now;
    state.errorInformation = error;
    for (LifecycleEvent event : LifecycleEvent.values()) {
      state.putEvent(
          new LifecycleEventRecord(event, LifecycleEventStatus.Skipped, null, null, null, null));
    }
    return state.build();
  }

  /** The record of {@code event}. */
  public LifecycleEventRecord event(LifecycleEvent event) {
    return lifecycleEvents.get(event.ordinal());
  }

  /** The lifecycle event the deployment is in, if any. */
  public Optional<LifecycleEvent> currentEvent() {
    return lifecycleEvents.stream()
        .filter(record -> record.status() == LifecycleEventStatus.InProgress)
        .map(LifecycleEventRecord::lifecycleEventName)
        .findFirst();
  }

  /**
   * This state with its last action handed out again at {@code at}: for an action whose call
   * returned at {@code at}, having succeeded, so that the wait after it counts from then ({@link
   * StepContext#effectiveSince}); also for an action saved before a restart that had not taken
   * effect, and was performed after it.
   */
  public DeploymentState reissuedAt(Instant at) {
    if (lastAction == null) {
      return this;
    }
    Builder copy = toBuilder();
    copy.lastAction =
        new ActionRecord(
            lastAction.kind(),
            lastAction.key(),
            at,
            lastAction.failures(),
            lastAction.retryNotBefore(),
            lastAction.awaitingOutcome());
    return copy.build();
  }

  /**
   * This state with the hook execution {@code executionId}, whose invocation was not answered, to
   * be invoked again at {@code at} if no result has come by then; unchanged if that execution is no
   * longer the current one.
   */
  public DeploymentState hookUnansweredUntil(String executionId, Instant at) {
    if (hookExecution == null || !hookExecution.executionId().equals(executionId)) {
      return this;
    }
    Builder copy = toBuilder();
    copy.hookExecution = hookExecution.unansweredUntil(at);
    return copy.build();
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** A mutable working copy the handlers change during one decision. */
  static final class Builder {
    String deploymentId;
    DeploymentStatus status;
    Phase phase;
    Instant createTime;
    Instant startTime;
    Instant completeTime;
    final Map<LifecycleEvent, LifecycleEventRecord> lifecycleEvents =
        new EnumMap<>(LifecycleEvent.class);
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
    final List<Listener> restoredListeners = new ArrayList<>();
    ActionRecord lastAction;
    final List<PendingNotification> pendingNotifications = new ArrayList<>();
    long nextNotificationId;
    StopOperationStatus stopOperation;
    Instant alarmsUnreadableSince;
    TargetHealthWait targetHealthWait;
    final List<AnalysisRun> analysis = new ArrayList<>();

    private Builder(DeploymentState state) {
      deploymentId = state.deploymentId;
      status = state.status;
      phase = state.phase;
      createTime = state.createTime;
      startTime = state.startTime;
      completeTime = state.completeTime;
      state.lifecycleEvents.forEach(
          record -> lifecycleEvents.put(record.lifecycleEventName(), record));
      originalTaskSet = state.originalTaskSet;
      originalTargetGroup = state.originalTargetGroup;
      replacementTargetGroup = state.replacementTargetGroup;
      replacementTaskSetArn = state.replacementTaskSetArn;
      startingProductionTraffic = state.startingProductionTraffic;
      startingTestTraffic = state.startingTestTraffic;
      productionTraffic = state.productionTraffic;
      trafficStep = state.trafficStep;
      trafficStepWaitUntil = state.trafficStepWaitUntil;
      trafficStepPausedSince = state.trafficStepPausedSince;
      unsteadySince = state.unsteadySince;
      hookExecution = state.hookExecution;
      readyWaitUntil = state.readyWaitUntil;
      terminationWaitUntil = state.terminationWaitUntil;
      errorInformation = state.errorInformation;
      rollbackInfo = state.rollbackInfo;
      rollbackOutcome = state.rollbackOutcome;
      restoredListeners.addAll(state.restoredListeners);
      lastAction = state.lastAction;
      pendingNotifications.addAll(state.pendingNotifications);
      nextNotificationId = state.nextNotificationId;
      stopOperation = state.stopOperation;
      alarmsUnreadableSince = state.alarmsUnreadableSince;
      targetHealthWait = state.targetHealthWait;
      analysis.addAll(state.analysis);
    }

    /** The check's run; a blank one, in no wait, for a check not run yet. */
    AnalysisRun analysisRun(String check) {
      return analysis.stream()
          .filter(run -> run.check().equals(check))
          .findFirst()
          .orElse(new AnalysisRun(check, "", 0, 0, 0, 0, null, List.of()));
    }

    void putAnalysisRun(AnalysisRun run) {
      for (int i = 0; i < analysis.size(); i++) {
        if (analysis.get(i).check().equals(run.check())) {
          analysis.set(i, run);
          return;
        }
      }
      analysis.add(run);
    }

    LifecycleEventRecord event(LifecycleEvent event) {
      return lifecycleEvents.get(event);
    }

    void putEvent(LifecycleEventRecord record) {
      lifecycleEvents.put(record.lifecycleEventName(), record);
    }

    DeploymentState build() {
      return new DeploymentState(
          deploymentId,
          status,
          phase,
          createTime,
          startTime,
          completeTime,
          new ArrayList<>(lifecycleEvents.values()),
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
          analysis);
    }
  }
}
