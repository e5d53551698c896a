package io.ecsdeploy.operator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A subcommand of {@code kubectl ecsdeploy}: its streams, clock and cluster come from the top. */
abstract class PluginCommand implements Callable<Integer> {
  @ParentCommand KubectlEcsdeploy plugin;

  @Override
  public final Integer call() throws Exception {
    checkArguments();
    try (Cluster cluster = plugin.connect()) {
      return run(cluster);
    }
  }

  /**
   * Refuses arguments that do not go together, with a usage error, before the cluster is reached: a
   * wrong command line is reported as such even when the kubeconfig is wrong too.
   */
  void checkArguments() {}

  /** Runs the command; returns its exit code. */
  abstract int run(Cluster cluster) throws Exception;
}
