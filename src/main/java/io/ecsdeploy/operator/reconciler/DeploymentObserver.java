package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.AlarmObservation;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.HookReport;
import io.ecsdeploy.operator.lifecycle.Observation;
import io.ecsdeploy.operator.lifecycle.ObservedTaskSet;
import io.ecsdeploy.operator.lifecycle.TaskSetStatus;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import java.util.List;

/** Reads what the engine needs to see in AWS before each decision. */
final class DeploymentObserver {
  private DeploymentObserver() {}

  /**
   * @throws AwsFailure when ECS or ELB cannot be read; the deployment is then retried later,
   *     nothing is decided on a partial view
   */
  /** The engine's observation, and the task sets as ECS described them (for the status). */
  record Observed(Observation observation, List<EcsTaskSet> taskSets) {}

  static Observed observe(
      DeploymentTarget target,
      DeploymentSettings settings,
      List<HookReport> hookReports,
      ActionFailure actionFailure,
      boolean groupBusy) {
    EcsService service = target.aws().taskSets().describeService(target.service());
    Observation.Builder observation =
        Observation.builder(weights(target, target.productionRoute()))
            .taskSets(service.taskSets().stream().map(DeploymentObserver::taskSet).toList())
            .alarms(alarms(target, settings))
            .actionFailure(actionFailure)
            .groupBusy(groupBusy);
    target.testRoute().ifPresent(route -> observation.testListener(weights(target, route)));
    hookReports.forEach(observation::hookReport);
    return new Observed(observation.build(), service.taskSets());
  }

  private static TrafficWeights weights(DeploymentTarget target, Route route) {
    return new TrafficWeights(target.aws().listeners().readWeights(route).weights());
  }

  private static ObservedTaskSet taskSet(EcsTaskSet taskSet) {
    TaskSetStatus status =
        switch (taskSet.status()) {
          case PRIMARY -> TaskSetStatus.PRIMARY;
          case DRAINING -> TaskSetStatus.DRAINING;
          case ACTIVE, UNKNOWN -> TaskSetStatus.ACTIVE;
        };
    return new ObservedTaskSet(
        taskSet.arn(), taskSet.externalId(), taskSet.targetGroupArn(), status, taskSet.isStable());
  }

  /** A missing alarm counts as a failed poll: CodeDeploy cannot watch what does not exist. */
  private static AlarmObservation alarms(DeploymentTarget target, DeploymentSettings settings) {
    if (!settings.alarms().enabled() || settings.alarms().alarmNames().isEmpty()) {
      return AlarmObservation.notPolled();
    }
    try {
      AlarmStates states = target.aws().alarms().states(settings.alarms().alarmNames());
      if (!states.firing().isEmpty()) {
        return AlarmObservation.inAlarm(states.firing().toArray(String[]::new));
      }
      if (!states.missing().isEmpty()) {
        return AlarmObservation.pollFailed(
            "alarms not found: " + String.join(", ", states.missing()));
      }
      return AlarmObservation.ok();
    } catch (AwsFailure e) {
      return AlarmObservation.pollFailed(e.getMessage());
    }
  }
}
