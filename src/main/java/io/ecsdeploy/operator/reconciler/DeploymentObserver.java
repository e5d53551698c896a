package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.AlarmObservation;
import io.ecsdeploy.operator.lifecycle.AnalysisMeasurement;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.HookReport;
import io.ecsdeploy.operator.lifecycle.Observation;
import io.ecsdeploy.operator.lifecycle.ObservedTaskSet;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.TargetHealth;
import io.ecsdeploy.operator.lifecycle.TaskSetStatus;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import java.util.List;

/** Reads what the engine needs to see in AWS before each decision. */
final class DeploymentObserver {
  private DeploymentObserver() {}

  /** The engine's observation, and the task sets as ECS described them (for the status). */
  record Observed(Observation observation, List<EcsTaskSet> taskSets) {}

  /**
   * Reads the service, the routes and the alarms the deployment's frozen inputs name; the analysis
   * measurements were taken just before.
   *
   * @throws AwsFailure when ECS or ELB cannot be read; the deployment is then retried later,
   *     nothing is decided on a partial view
   */
  static Observed observe(
      AwsPorts aws,
      FrozenInputs inputs,
      List<HookReport> hookReports,
      ActionFailure actionFailure,
      boolean groupBusy,
      DeploymentState state,
      List<AnalysisMeasurement> analysisMeasurements) {
    EcsService service = aws.taskSets().describeService(inputs.service());
    Observation.Builder observation =
        Observation.builder(weights(aws, inputs.productionRoute()))
            .taskSets(service.taskSets().stream().map(DeploymentObserver::taskSet).toList())
            .alarms(alarms(aws, inputs.settings()))
            .actionFailure(actionFailure)
            .groupBusy(groupBusy);
    if (inputs.testRoute() != null) {
      observation.testListener(weights(aws, inputs.testRoute()));
    }
    hookReports.forEach(observation::hookReport);
    if (needsTargetHealth(inputs.settings(), state)) {
      String targetGroup = state.replacementTargetGroup();
      observation.replacementTargetHealth(
          new TargetHealth(targetGroup, aws.listeners().targetStates(targetGroup)));
    }
    analysisMeasurements.forEach(observation::analysisMeasurement);
    return new Observed(observation.build(), service.taskSets());
  }

  /**
   * The replacement's target health is read only where the target-health gate may need it: before
   * test traffic and while production traffic shifts.
   */
  static boolean needsTargetHealth(DeploymentSettings settings, DeploymentState state) {
    return settings.targetHealthGate().enabled()
        && state != null
        && state.replacementTargetGroup() != null
        && (state.phase() == Phase.ALLOW_TEST_TRAFFIC || state.phase() == Phase.ALLOW_TRAFFIC);
  }

  private static TrafficWeights weights(AwsPorts aws, Route route) {
    return new TrafficWeights(aws.listeners().readWeights(route).weights());
  }

  private static ObservedTaskSet taskSet(EcsTaskSet taskSet) {
    TaskSetStatus status =
        switch (taskSet.status()) {
          case PRIMARY -> TaskSetStatus.PRIMARY;
          case DRAINING -> TaskSetStatus.DRAINING;
          case ACTIVE, UNKNOWN -> TaskSetStatus.ACTIVE;
        };
    return new ObservedTaskSet(
        taskSet.arn(),
        taskSet.externalId(),
        taskSet.targetGroupArn(),
        status,
        taskSet.isStable(),
        taskSet.computedDesiredCount());
  }

  /**
   * A missing alarm counts as a failed poll: CodeDeploy cannot watch what does not exist. A poll
   * that failed with an error that may pass (throttling, a 5xx, a timeout) says so, for the engine
   * to poll again before it gives up.
   */
  private static AlarmObservation alarms(AwsPorts aws, DeploymentSettings settings) {
    if (!settings.alarms().enabled() || settings.alarms().alarmNames().isEmpty()) {
      return AlarmObservation.notPolled();
    }
    try {
      AlarmStates states = aws.alarms().states(settings.alarms().alarmNames());
      if (!states.firing().isEmpty()) {
        return AlarmObservation.inAlarm(states.firing().toArray(String[]::new));
      }
      if (!states.missing().isEmpty()) {
        return AlarmObservation.pollFailed(
            "alarms not found: " + String.join(", ", states.missing()));
      }
      return AlarmObservation.ok();
    } catch (AwsFailure e) {
      return e.retryable()
          ? AlarmObservation.pollFailedForNow(e.getMessage())
          : AlarmObservation.pollFailed(e.getMessage());
    }
  }
}
