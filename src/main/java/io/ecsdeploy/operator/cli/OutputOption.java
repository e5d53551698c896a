package io.ecsdeploy.operator.cli;

import picocli.CommandLine.Option;

/** {@code -o json|yaml} on the commands that print a resource or a list. */
final class OutputOption {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json or yaml: the resource as the API server returns it, instead of text.")
  OutputFormat format;

  boolean requested() {
    return format != null;
  }
}
