package io.ecsdeploy.operator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;

/** A subcommand of {@code kubectl ecsdeploy}: its streams, clock and cluster come from the top. */
abstract class PluginCommand implements Callable<Integer> {
  @ParentCommand KubectlEcsdeploy plugin;

  @Override
  public final Integer call() throws Exception {
    try (Cluster cluster = plugin.connect()) {
      return run(cluster);
    }
  }

  /** Runs the command; returns its exit code. */
  abstract int run(Cluster cluster) throws Exception;
}
