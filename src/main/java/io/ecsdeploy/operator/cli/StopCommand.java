package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.StopOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stop DEPLOYMENT [--no-rollback]}: CodeDeploy's StopDeployment. */
@Command(
    name = "stop",
    description = "Stop a running deployment, rolling back unless --no-rollback.")
final class StopCommand extends PluginCommand {
  @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment to stop.")
  String name;

  @Option(
      names = "--no-rollback",
      description = "Leave production traffic where it is instead of rolling back.")
  boolean noRollback;

  @Override
  int run(Cluster cluster) {
    Deployments.requireRunning(cluster.deployment(name), "stopped");
    Deployments.edit(
        cluster,
        name,
        d -> {
          Deployments.operations(d).stop = new StopOperation();
          Deployments.operations(d).stop.autoRollbackEnabled = !noRollback;
        });
    plugin.out.printf(
        "Stop requested for %s%s; follow it with: kubectl ecsdeploy status %s -n %s --watch%n",
        name, noRollback ? ", without rollback" : ", with rollback", name, cluster.namespace);
    return 0;
  }
}
