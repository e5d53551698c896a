package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.AnalysisCheckStatus;
import io.ecsdeploy.operator.api.v1alpha1.AnalysisMeasurementInfo;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.ErrorInformation;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.api.v1alpha1.RevisionSummary;
import io.ecsdeploy.operator.api.v1alpha1.RollbackInfo;
import io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo;
import io.ecsdeploy.operator.api.v1alpha1.TrafficPauseStatus;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.lifecycle.AnalysisMeasurement;
import io.ecsdeploy.operator.lifecycle.AnalysisRun;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.LifecycleEventRecord;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the status users read from a deployment's run record: CodeDeploy's deployment status,
 * lifecycle events, task sets, error and rollback information, what the deployment was started
 * with, the short columns of {@code kubectl get}, and the Ready and Stalled conditions. A pure
 * function of its arguments, so an unchanged deployment gives an equal status and nothing is
 * written.
 */
final class DeploymentStatusWriter {
  private DeploymentStatusWriter() {}

  /**
   * The status for {@code record}, keeping from {@code previous} what the run record does not hold
   * (the creator, the other conditions and their transition times).
   */
  static EcsDeploymentStatus view(
      EcsDeploymentStatus previous,
      RunRecord record,
      List<EcsTaskSet> observedTaskSets,
      long generation,
      Instant now) {
    EcsDeploymentStatus status = new EcsDeploymentStatus();
    status.creator = previous.creator;
    status.conditions = previous.conditions == null ? null : new ArrayList<>(previous.conditions);
    if (status.conditions != null) {
      // Operators before 0.2 set a Ready condition on deployments, which clashed with the status
      // value Ready (the ready wait); Succeeded and Reconciling say it now.
      status.conditions.removeIf(c -> Conditions.READY.equals(c.getType()));
    }
    status.observedGeneration = generation;
    status.runRecord = RunRecordCodec.encode(record);
    DeploymentState state = record.state();
    FrozenInputs inputs = record.inputs();
    if (inputs != null) {
      status.deploymentConfigName = inputs.deploymentConfigName();
      status.trafficRouting = inputs.trafficRouting();
      status.revision = revision(inputs);
    }
    write(status, state, inputs == null ? null : inputs.settings(), observedTaskSets);
    // kubectl wait and kstatus (Flux) read these: Succeeded once it succeeded, Reconciling while it
    // has not ended, Stalled when it ended otherwise.
    Conditions conditions = new Conditions(Clock.fixed(now, ZoneOffset.UTC));
    var outcome = state.status();
    conditions.set(
        status,
        generation,
        Conditions.SUCCEEDED,
        outcome == DeploymentStatus.Succeeded,
        outcome.name(),
        outcomeMessage(state));
    // A wait for healthy targets says so: it may last minutes, and may end the deployment.
    boolean waitingForTargets = !outcome.isTerminal() && state.targetHealthWait() != null;
    conditions.set(
        status,
        generation,
        Conditions.RECONCILING,
        !outcome.isTerminal(),
        waitingForTargets ? Reasons.WAITING_FOR_HEALTHY_TARGETS : outcome.name(),
        waitingForTargets ? state.targetHealthWait().describe() : outcomeMessage(state));
    boolean stalled = outcome == DeploymentStatus.Failed || outcome == DeploymentStatus.Stopped;
    conditions.set(
        status,
        generation,
        Conditions.STALLED,
        stalled,
        outcome.name(),
        stalled ? outcomeMessage(state) : "The deployment has not ended unsuccessfully");
    return status;
  }

  static String outcomeMessage(DeploymentState state) {
    return switch (state.status()) {
      case Succeeded -> "Deployment " + state.deploymentId() + " succeeded";
      case Failed, Stopped ->
          "Deployment "
              + state.deploymentId()
              + " "
              + state.status().name().toLowerCase(Locale.ROOT)
              + (state.errorInformation() == null ? "" : ": " + state.errorInformation().message());
      default -> "Deployment " + state.deploymentId() + " is " + state.status();
    };
  }

  private static RevisionSummary revision(FrozenInputs inputs) {
    RevisionSummary revision = new RevisionSummary();
    revision.source = inputs.revision().kind();
    revision.sha256 = inputs.revision().sha256();
    revision.s3VersionId = inputs.revision().s3VersionId();
    revision.s3ETag = inputs.revision().s3ETag();
    FrozenInputs.Replacement replacement = inputs.replacement();
    revision.taskDefinition = replacement.taskDefinition();
    revision.container = replacement.containerName() + ":" + replacement.containerPort();
    revision.launch =
        replacement.capacityProviderStrategy().isEmpty()
            ? replacement.launchType()
            : replacement.capacityProviderStrategy().stream()
                .map(
                    item ->
                        item.capacityProvider()
                            + " (weight "
                            + item.weight()
                            + ", base "
                            + item.base()
                            + ")")
                .collect(Collectors.joining(", "));
    if (replacement.platformVersion() != null && revision.launch != null) {
      revision.launch += ", platform " + replacement.platformVersion();
    }
    return revision;
  }

  private static void write(
      EcsDeploymentStatus status,
      DeploymentState state,
      DeploymentSettings settings,
      List<EcsTaskSet> observedTaskSets) {
    status.deploymentId = state.deploymentId();
    status.status = state.status();
    status.phase = phaseName(state.phase());
    status.currentEvent = currentEvent(state);
    status.trafficSplit = trafficSplit(state);
    status.pause = pause(state);
    status.createTime = text(state.createTime());
    status.startTime = text(state.startTime());
    status.completeTime = text(state.completeTime());
    status.lifecycleEvents = new ArrayList<>();
    for (LifecycleEventRecord record : state.lifecycleEvents()) {
      LifecycleEventInfo info = new LifecycleEventInfo();
      info.lifecycleEventName = record.lifecycleEventName().name();
      info.status = record.status();
      info.startTime = text(record.startTime());
      info.endTime = text(record.endTime());
      info.hookFunction =
          settings == null ? null : settings.hookFunction(record.lifecycleEventName()).orElse(null);
      info.message = record.diagnostics();
      status.lifecycleEvents.add(info);
    }
    status.taskSets = taskSets(state, observedTaskSets);
    status.errorInformation =
        state.errorInformation() == null
            ? null
            : errorInformation(state.errorInformation().code(), state.errorInformation().message());
    status.rollbackInfo =
        state.rollbackInfo() == null
            ? null
            : rollbackInfo(
                state.rollbackInfo().rollbackDeploymentId(),
                state.rollbackInfo().rollbackTriggeringDeploymentId(),
                state.rollbackInfo().rollbackMessage());
    status.nextDeadline = nextDeadline(state).map(DeploymentStatusWriter::text).orElse(null);
    status.analysis = state.analysis().isEmpty() ? null : analysis(state);
  }

  private static List<AnalysisCheckStatus> analysis(DeploymentState state) {
    List<AnalysisCheckStatus> checks = new ArrayList<>();
    for (AnalysisRun run : state.analysis()) {
      AnalysisCheckStatus check = new AnalysisCheckStatus();
      check.name = run.check();
      check.waitName = run.waitName();
      check.taken = run.taken();
      check.successful = run.successful();
      check.failed = run.failed();
      check.inconclusive = run.inconclusive();
      check.nextMeasurementTime = text(run.nextMeasurementAt());
      for (AnalysisMeasurement measurement : run.recent()) {
        AnalysisMeasurementInfo info = new AnalysisMeasurementInfo();
        info.phase = measurement.phase().name();
        info.waitName = measurement.waitName();
        info.value = measurement.value();
        info.message = measurement.message();
        info.startedAt = text(measurement.startedAt());
        info.finishedAt = text(measurement.finishedAt());
        check.measurements.add(info);
      }
      checks.add(check);
    }
    return checks;
  }

  /**
   * When the wait the deployment is in ends: the hook's timeout, the wait for healthy targets, the
   * ready wait, the traffic step's wait or the termination wait. Not the next poll, which would
   * change at every look.
   */
  static Optional<Instant> nextDeadline(DeploymentState state) {
    if (state.hookExecution() != null) {
      return Optional.ofNullable(state.hookExecution().deadline());
    }
    if (state.targetHealthWait() != null) {
      return Optional.of(state.targetHealthWait().until());
    }
    return Optional.ofNullable(
        switch (state.phase()) {
          case READY_WAIT -> state.readyWaitUntil();
          case ALLOW_TRAFFIC -> state.trafficStepWaitUntil();
          case TERMINATION_WAIT -> state.terminationWaitUntil();
          default -> null;
        });
  }

  /** PENDING_START -> PendingStart. */
  static String phaseName(Phase phase) {
    StringBuilder name = new StringBuilder();
    for (String word : phase.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }

  static ErrorInformation errorInformation(ErrorCode code, String message) {
    ErrorInformation error = new ErrorInformation();
    error.code = code;
    error.message = message;
    return error;
  }

  private static RollbackInfo rollbackInfo(String rollbackId, String triggeringId, String message) {
    RollbackInfo info = new RollbackInfo();
    info.rollbackDeploymentId = rollbackId;
    info.rollbackTriggeringDeploymentId = triggeringId;
    info.rollbackMessage = message;
    return info;
  }

  /** The event in progress, or the wait or phase the deployment is in between events. */
  private static String currentEvent(DeploymentState state) {
    Optional<String> event = state.currentEvent().map(Enum::name);
    if (event.isPresent()) {
      return event.get();
    }
    return switch (state.phase()) {
      case READY_WAIT -> "ReadyWait";
      case PROMOTE_REPLACEMENT -> "PromoteReplacement";
      case TERMINATION_WAIT -> "TerminationWait";
      case REMOVE_ORIGINAL -> "RemoveOriginal";
      case ROLLBACK -> "Rollback";
      default -> null;
    };
  }

  /** The pause the production shift is in, or {@code null}. */
  static TrafficPauseStatus pause(DeploymentState state) {
    if (state.phase() != Phase.ALLOW_TRAFFIC || state.trafficStepPausedSince() == null) {
      return null;
    }
    TrafficPauseStatus pause = new TrafficPauseStatus();
    pause.step = state.trafficStep() + 1;
    pause.weight =
        state.productionTraffic() == null || state.replacementTargetGroup() == null
            ? null
            : state.productionTraffic().percentOf(state.replacementTargetGroup());
    pause.since = text(state.trafficStepPausedSince());
    pause.until = text(state.trafficStepWaitUntil());
    return pause;
  }

  /** Production traffic as original/replacement, e.g. {@code 90/10}. */
  private static String trafficSplit(DeploymentState state) {
    TrafficWeights traffic = state.productionTraffic();
    if (traffic == null
        || state.originalTargetGroup() == null
        || state.phase() == Phase.PENDING_START) {
      return null;
    }
    int original = traffic.percentOf(state.originalTargetGroup());
    int replacement =
        state.replacementTargetGroup() == null
            ? 0
            : traffic.percentOf(state.replacementTargetGroup());
    return original + "/" + replacement;
  }

  private static List<TaskSetInfo> taskSets(DeploymentState state, List<EcsTaskSet> observed) {
    List<TaskSetInfo> taskSets = new ArrayList<>();
    if (state.originalTaskSet() != null) {
      taskSets.add(
          taskSet(
              state.originalTaskSet().arn(),
              "Blue",
              state.originalTaskSet().targetGroupArn(),
              state,
              observed));
    }
    if (state.replacementTaskSetArn() != null) {
      taskSets.add(
          taskSet(
              state.replacementTaskSetArn(),
              "Green",
              state.replacementTargetGroup(),
              state,
              observed));
    }
    return taskSets;
  }

  private static TaskSetInfo taskSet(
      String arn,
      String label,
      String targetGroup,
      DeploymentState state,
      List<EcsTaskSet> observed) {
    TaskSetInfo info = new TaskSetInfo();
    info.arn = arn;
    info.taskSetLabel = label;
    info.targetGroupArn = targetGroup;
    if (state.productionTraffic() != null && targetGroup != null) {
      info.trafficWeight = state.productionTraffic().percentOf(targetGroup);
    }
    observed.stream()
        .filter(taskSet -> arn.equals(taskSet.arn()))
        .findFirst()
        .ifPresentOrElse(
            taskSet -> {
              info.status = taskSet.status().name();
              info.taskDefinition = taskSet.taskDefinition();
              info.desiredCount = taskSet.computedDesiredCount();
              info.pendingCount = taskSet.pendingCount();
              info.runningCount = taskSet.runningCount();
            },
            () -> info.status = "DELETED");
    return info;
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
