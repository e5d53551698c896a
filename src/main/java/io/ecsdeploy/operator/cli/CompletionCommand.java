package io.ecsdeploy.operator.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh}: picocli's completion script for {@code kubectl-ecsdeploy}, its
 * commands and options. The same script serves zsh, where it loads {@code bashcompinit}.
 */
@Command(
    name = "completion",
    description = {
      "A shell completion script for kubectl-ecsdeploy: source <(kubectl-ecsdeploy completion"
          + " bash)",
      "(zsh: source <(kubectl-ecsdeploy completion zsh), which loads bashcompinit)."
    })
final class CompletionCommand implements Callable<Integer> {
  static final String SCRIPT_NAME = "kubectl-ecsdeploy";

  /** The shells the script is for. */
  enum Shell {
    bash,
    zsh
  }

  @ParentCommand KubectlEcsdeploy plugin;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = AutoComplete.bash(SCRIPT_NAME, root);
    plugin.out.print(
        switch (shell) {
          case bash -> script;
          case zsh ->
              "# zsh: completion for kubectl-ecsdeploy through bashcompinit\n"
                  + "autoload -U +X compinit && compinit\n"
                  + "autoload -U +X bashcompinit && bashcompinit\n"
                  + script;
        });
    return 0;
  }
}
