package io.ecsdeploy.operator.cli;

import static io.ecsdeploy.operator.cli.Text.text;

import io.ecsdeploy.operator.api.v1alpha1.ContinueOperation;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code continue DEPLOYMENT [--ready-wait | --traffic-step N | --termination-wait]}:
 * ContinueDeployment, and the end of a pause in a step schedule.
 */
@Command(name = "continue", description = "End the wait the deployment is in (or the one named).")
final class ContinueCommand extends PluginCommand {
  @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment to continue.")
  String name;

  @ArgGroup(exclusive = true)
  Wait wait;

  /** The wait to end, when the deployment's state does not tell. */
  static final class Wait {
    @Option(
        names = "--ready-wait",
        description = "Start shifting production traffic now (a STOP_DEPLOYMENT ready wait).")
    boolean ready;

    @Option(names = "--termination-wait", description = "Remove the original task set now.")
    boolean termination;

    @Option(
        names = "--traffic-step",
        paramLabel = "STEP",
        description =
            "End the pause of this step of the traffic schedule (counted from 1), and of those"
                + " before it; may be given before the pause begins.")
    Integer trafficStep;
  }

  /** Which wait a continue ends. */
  private enum Target {
    READY_WAIT,
    PAUSE,
    TERMINATION_WAIT
  }

  @Override
  int run(Cluster cluster) {
    EcsDeployment deployment = cluster.deployment(name);
    Deployments.requireRunning(deployment, "continued");
    EcsDeploymentStatus status = DeploymentView.statusOf(deployment);
    Target target = target(status);
    int step =
        target != Target.PAUSE
            ? 0
            : wait != null && wait.trafficStep != null ? wait.trafficStep : status.pause.step;
    if (target == Target.PAUSE && step < 1) {
      throw new UserError("--traffic-step counts steps from 1");
    }
    Deployments.edit(
        cluster,
        name,
        d -> {
          var operations = Deployments.operations(d);
          ContinueOperation continueOperation =
              operations.continueDeployment != null
                  ? operations.continueDeployment
                  : new ContinueOperation();
          switch (target) {
            case READY_WAIT -> continueOperation.readyWait = true;
            case TERMINATION_WAIT -> continueOperation.terminationWait = true;
            case PAUSE ->
                continueOperation.trafficStep =
                    Math.max(
                        step,
                        continueOperation.trafficStep == null ? 0 : continueOperation.trafficStep);
          }
          operations.continueDeployment = continueOperation;
        });
    plugin.out.printf(
        "Continue requested for %s: %s%n",
        name,
        switch (target) {
          case READY_WAIT -> "production traffic shifts now";
          case PAUSE -> "the traffic shift goes on past step " + step;
          case TERMINATION_WAIT -> "the original is removed now";
        });
    return 0;
  }

  /** The wait to end: the one named, else the one the deployment is in. */
  private Target target(EcsDeploymentStatus status) {
    if (wait != null) {
      return wait.ready
          ? Target.READY_WAIT
          : wait.trafficStep != null ? Target.PAUSE : Target.TERMINATION_WAIT;
    }
    if (status.status == DeploymentStatus.Ready || "ReadyWait".equals(status.currentEvent)) {
      return Target.READY_WAIT;
    }
    if (status.pause != null && status.pause.step != null) {
      return Target.PAUSE;
    }
    if ("TerminationWait".equals(status.currentEvent)) {
      return Target.TERMINATION_WAIT;
    }
    throw new UserError(
        name
            + " is not in a ready wait, a pause or a termination wait (it is "
            + text(status.status)
            + (status.currentEvent == null ? "" : ", " + status.currentEvent)
            + "); name one with --ready-wait, --traffic-step or --termination-wait");
  }
}
