package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.ErrorInformation;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.api.v1alpha1.RollbackInfo;
import io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.LifecycleEventRecord;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the engine's state into the fields users read: CodeDeploy's deployment status, lifecycle
 * events, task sets, error and rollback information, and the short columns of {@code kubectl get}.
 */
final class DeploymentStatusWriter {
  private DeploymentStatusWriter() {}

  static void write(
      EcsDeploymentStatus status,
      DeploymentState state,
      DeploymentSettings settings,
      List<EcsTaskSet> observedTaskSets,
      Optional<Instant> nextDeadline) {
    status.deploymentId = state.deploymentId();
    status.status = state.status();
    status.currentEvent = currentEvent(state);
    status.trafficSplit = trafficSplit(state);
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
      info.hookFunction = settings.hookFunction(record.lifecycleEventName()).orElse(null);
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
    status.nextDeadline = nextDeadline.map(DeploymentStatusWriter::text).orElse(null);
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
