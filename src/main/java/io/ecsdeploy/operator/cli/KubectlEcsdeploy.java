package io.ecsdeploy.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The kubectl plugin ({@code kubectl ecsdeploy ...}): status of a deployment or group, a group's
 * history, waiting for a deployment, and the operations CodeDeploy has commands for (stop,
 * continue, rollback, retry). It only reads and edits the resources; the operator does the work.
 *
 * <p>A command that changes production refuses what it does not understand: an unknown option or an
 * extra argument is an error (exit code 2) with a hint, never ignored. Exit codes: 0 done, 1 an
 * error or a deployment that ended without reaching what was asked, 2 a usage error or a {@code
 * wait} that timed out.
 */
@Command(
    name = "kubectl ecsdeploy",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = PluginVersion.class,
    usageHelpAutoWidth = true,
    description = "Blue/green deployments of Amazon ECS services by ecs-deploy-operator.",
    subcommands = {
      StatusCommand.class,
      HistoryCommand.class,
      WaitCommand.class,
      StopCommand.class,
      ContinueCommand.class,
      RollbackCommand.class,
      RetryCommand.class,
      DiffCommand.class,
      ImportCommand.class,
      VersionCommand.class,
      CompletionCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done; 1 an error, or a deployment that ended without reaching what was asked;"
          + " 2 a usage error, or a wait that timed out."
    })
public final class KubectlEcsdeploy implements Callable<Integer> {
  static final int FAILED = 1;
  static final int USAGE = CommandLine.ExitCode.USAGE;
  static final int TIMED_OUT = 2;
  private static final String NO_COMMAND = "no command given";

  /** How a command reaches the cluster: kubectl's way, or a test's client. */
  @FunctionalInterface
  interface Connector {
    Cluster connect(String kubeconfig, String context, String namespace);
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
  String kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "CONTEXT",
      scope = ScopeType.INHERIT,
      description = "The kubeconfig context (default: the current context).")
  String context;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      scope = ScopeType.INHERIT,
      description = "The namespace (default: the context's, else default).")
  String namespace;

  final InputStream in;
  final PrintStream out;
  final PrintStream err;
  final Clock clock;

  /** Whether stdout is a terminal, where {@code status --watch} redraws in place. */
  final boolean terminal;

  private final Connector connector;

  KubectlEcsdeploy(
      Connector connector, PrintStream out, PrintStream err, Clock clock, boolean terminal) {
    this(connector, InputStream.nullInputStream(), out, err, clock, terminal);
  }

  KubectlEcsdeploy(
      Connector connector,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Clock clock,
      boolean terminal) {
    this.connector = connector;
    this.in = in;
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.terminal = terminal;
  }

  /** The plugin's logging: libraries' warnings to standard error, which keeps stdout for output. */
  static final String LOGGING = "io/ecsdeploy/operator/cli/kubectl-plugin-logback.xml";

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGGING);
    }
    KubectlEcsdeploy plugin =
        new KubectlEcsdeploy(
            Cluster::connect,
            System.in,
            System.out,
            System.err,
            Clock.systemUTC(),
            System.console() != null);
    System.exit(commandLine(plugin).execute(args));
  }

  /** The command line of a plugin: its parser, help, and how errors become exit codes. */
  static CommandLine commandLine(KubectlEcsdeploy plugin) {
    CommandLine commandLine = new CommandLine(plugin);
    commandLine.setOut(new PrintWriter(plugin.out, true));
    commandLine.setErr(new PrintWriter(plugin.err, true));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(KubectlEcsdeploy::usageError);
    commandLine.setExecutionExceptionHandler(
        (e, command, parseResult) -> {
          if (e instanceof UserError) {
            command.getErr().println("error: " + e.getMessage());
            return FAILED;
          }
          if (e instanceof KubernetesClientException k) {
            command.getErr().println("error: " + describe(k));
            return FAILED;
          }
          throw e;
        });
    return commandLine;
  }

  /**
   * {@code error: ...}, picocli's suggestion for a mistyped option or command, and where to read
   * more; the whole usage when no command was given.
   */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("error: " + message(e));
    if (e instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      err.println("Did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?");
    }
    if (NO_COMMAND.equals(e.getMessage())) {
      err.print(command.getUsageMessage());
    } else {
      err.println("See '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * picocli's message, but a word where a command belongs is an unknown command (as kubectl says),
   * not "unmatched arguments", and picocli's own "Error: " prefix is not repeated after ours.
   */
  private static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched
        && !e.getCommandLine().getCommandSpec().subcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "unknown command '" + unmatched.getUnmatched().get(0) + "'";
    }
    String message = String.valueOf(e.getMessage());
    return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
  }

  /** The API server's message, or why it could not be reached. */
  static String describe(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof IOException) {
      return "cannot reach the API server: "
          + Optional.ofNullable(root.getMessage()).orElse(root.toString());
    }
    return root == e ? e.getMessage() : e.getMessage() + ": " + root;
  }

  /** The cluster the command line names, with kubectl's flags. */
  Cluster connect() {
    return connector.connect(kubeconfig, context, namespace);
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), NO_COMMAND);
  }
}
