package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.util.Optional;

/**
 * Created or Queued: waits for the group to be free, then starts the deployment and settles which
 * target group the replacement uses. The replacement always goes on the target group that does not
 * serve the PRIMARY task set, so consecutive deployments alternate between the two.
 */
final class StartHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    DeploymentState.Builder state = context.state;
    Observation observed = context.observed;
    if (observed.groupBusy()) {
      state.status = DeploymentStatus.Queued;
      return context.pollUntil(null);
    }
    state.status = DeploymentStatus.InProgress;
    state.startTime = context.now;
    state.startingProductionTraffic = observed.productionListener();
    state.startingTestTraffic = observed.testListener();
    // CodeDeploy's DeploymentStart message says CREATED, whatever the deployment's status now.
    context.notify(TriggerEvent.DeploymentStart, DeploymentStatus.Created);

    DeploymentSettings settings = context.settings;
    Optional<ObservedTaskSet> primary =
        observed.taskSets().stream()
            .filter(taskSet -> taskSet.status() == TaskSetStatus.PRIMARY)
            .findFirst();
    if (primary.isPresent()) {
      ObservedTaskSet original = primary.get();
      if (!settings.targetGroups().contains(original.targetGroupArn())) {
        return context.fail(
            ErrorCode.ELASTIC_LOAD_BALANCING_INVALID,
            "The primary task set "
                + original.arn()
                + " serves target group "
                + original.targetGroupArn()
                + ", which is not one of the deployment group's target groups "
                + settings.targetGroups()
                + ".");
      }
      state.originalTaskSet = new TaskSetRef(original.arn(), original.targetGroupArn());
      state.originalTargetGroup = original.targetGroupArn();
    } else {
      // A service's first deployment: no task set serves traffic yet, so the replacement takes
      // the target group the production listener uses least and the other one stays "original".
      String first = settings.targetGroups().get(0);
      String second = settings.targetGroups().get(1);
      TrafficWeights production = observed.productionListener();
      state.originalTargetGroup =
          production.weightOf(first) >= production.weightOf(second) ? first : second;
    }
    state.replacementTargetGroup = settings.otherTargetGroup(state.originalTargetGroup);

    int replacementWeight = observed.productionListener().weightOf(state.replacementTargetGroup);
    if (replacementWeight > 0) {
      return context.fail(
          ErrorCode.ELASTIC_LOAD_BALANCING_INVALID,
          "The production listener already sends traffic (weight "
              + replacementWeight
              + ") to target group "
              + state.replacementTargetGroup
              + ", which the replacement task set is to use. Finish or roll back the deployment"
              + " that left it so.");
    }
    return context.advance();
  }
}
