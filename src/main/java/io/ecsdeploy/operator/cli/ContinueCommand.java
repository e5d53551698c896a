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

/** {@code continue DEPLOYMENT [--ready-wait | --termination-wait]}: ContinueDeployment. */
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
  }

  @Override
  int run(Cluster cluster) {
    EcsDeployment deployment = cluster.deployment(name);
    Deployments.requireRunning(deployment, "continued");
    boolean ready = readyWait(DeploymentView.statusOf(deployment));
    Deployments.edit(
        cluster,
        name,
        d -> {
          ContinueOperation continueOperation = new ContinueOperation();
          if (ready) {
            continueOperation.readyWait = true;
          } else {
            continueOperation.terminationWait = true;
          }
          Deployments.operations(d).continueDeployment = continueOperation;
        });
    plugin.out.printf(
        "Continue requested for %s: %s%n",
        name, ready ? "production traffic shifts now" : "the original is removed now");
    return 0;
  }

  /** True to end the ready wait, false the termination wait. */
  private boolean readyWait(EcsDeploymentStatus status) {
    if (wait != null) {
      return wait.ready;
    }
    if (status.status == DeploymentStatus.Ready || "ReadyWait".equals(status.currentEvent)) {
      return true;
    }
    if ("TerminationWait".equals(status.currentEvent)) {
      return false;
    }
    throw new UserError(
        name
            + " is not in a ready wait or a termination wait (it is "
            + text(status.status)
            + (status.currentEvent == null ? "" : ", " + status.currentEvent)
            + "); name one with --ready-wait or --termination-wait");
  }
}
