package io.ecsdeploy.operator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code import SOURCE ...}: resources made from another tool's definitions; only CodeDeploy. */
@Command(
    name = "import",
    description = "Resources from another tool's definitions, written to standard output.",
    subcommands = CodeDeployImportCommand.class)
final class ImportCommand implements Callable<Integer> {
  @ParentCommand KubectlEcsdeploy plugin;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "name what to import from: kubectl ecsdeploy import codedeploy ...");
  }
}
