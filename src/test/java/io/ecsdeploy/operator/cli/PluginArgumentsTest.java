package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.testsupport.BadInputReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue's plugin arguments: command lines {@code kubectl ecsdeploy} refuses, each
 * with its exit code and the exact error line it prints (and the hint after it, where there is
 * one), none of them reaching a cluster. The count goes to {@code target/reliability/bad-input.md}.
 */
class PluginArgumentsTest {
  private static final AtomicInteger REFUSED_AS_EXPECTED = new AtomicInteger();

  @AfterAll
  static void reportTheCatalogue() {
    BadInputReport.record(
        BadInputReport.Kind.PLUGIN_ARGUMENTS,
        REFUSED_AS_EXPECTED.get(),
        "no operator involved: refused before connecting");
  }

  static Stream<Arguments> badCommandLines() {
    List<Arguments> cases = new ArrayList<>();
    // Commands and options that do not exist, or are mistyped.
    cases.add(
        hinted(
            "",
            "error: no command given",
            "Usage: kubectl ecsdeploy [-hV] [--context=CONTEXT] [--kubeconfig=FILE]"));
    cases.add(
        hinted(
            "stpo web-2",
            "error: unknown command 'stpo'",
            "Did you mean stop or import or history?"));
    cases.add(
        hinted(
            "stop web-2 --no-rolback",
            "error: Unknown option: '--no-rolback'",
            "Did you mean --no-rollback?"));
    cases.add(usage("stop web-2 -A", "stop", "error: Unknown option: '-A'"));
    cases.add(usage("import terraform", "import", "error: unknown command 'terraform'"));

    // Arguments missing, or one too many.
    cases.add(usage("stop", "stop", "error: Missing required parameter: 'DEPLOYMENT'"));
    cases.add(
        usage("status", "status", "error: Missing required parameter: 'DEPLOYMENT|group/GROUP'"));
    cases.add(usage("continue", "continue", "error: Missing required parameter: 'DEPLOYMENT'"));
    cases.add(usage("rollback", "rollback", "error: Missing required parameter: 'GROUP'"));
    cases.add(usage("retry", "retry", "error: Missing required parameter: 'DEPLOYMENT'"));
    cases.add(usage("completion", "completion", "error: Missing required parameter: 'SHELL'"));
    cases.add(
        usage(
            "import",
            "import",
            "error: name what to import from: kubectl ecsdeploy import codedeploy ..."));
    cases.add(usage("stop web-2 web-3", "stop", "error: Unmatched argument at index 2: 'web-3'"));
    cases.add(
        usage("history web extra", "history", "error: Unmatched argument at index 2: 'extra'"));
    cases.add(
        usage(
            "version --client extra", "version", "error: Unmatched argument at index 2: 'extra'"));

    // Options without their value.
    cases.add(
        usage(
            "status web-2 -o",
            "status",
            "error: Missing required parameter for option '--output' (FORMAT)"));
    cases.add(
        usage(
            "status web-2 --context",
            "status",
            "error: Missing required parameter for option '--context' (CONTEXT)"));
    cases.add(
        usage(
            "--kubeconfig",
            "",
            "error: Missing required parameter for option '--kubeconfig' (FILE)"));
    cases.add(
        usage(
            "wait web-2 --for",
            "wait",
            "error: Missing required parameter for option '--for' (STATE)"));
    cases.add(
        usage(
            "diff -f", "diff", "error: Missing required parameter for option '--filename' (FILE)"));

    // Values an option does not take.
    cases.add(
        usage(
            "stop web-2 --no-rollback=maybe",
            "stop",
            "error: Invalid value for option '--no-rollback': 'maybe' is not a boolean"));
    cases.add(
        usage(
            "status web-2 -o wide",
            "status",
            "error: Invalid value for option '--output': expected one of [json, yaml]"
                + " (case-insensitive) but was 'wide'"));
    cases.add(
        usage(
            "import codedeploy --application app.json -o xml",
            "import codedeploy",
            "error: Invalid value for option '--output': expected one of [json, yaml]"
                + " (case-insensitive) but was 'xml'"));
    cases.add(
        usage(
            "wait web-2 --for done",
            "wait",
            "error: Invalid value for option '--for': expected one of [succeeded, ready,"
                + " finished] (case-insensitive) but was 'done'"));
    cases.add(
        usage(
            "completion fish",
            "completion",
            "error: Invalid value for positional parameter at index 0 (SHELL): expected one of"
                + " [bash, zsh] (case-insensitive) but was 'fish'"));
    for (String timeout : List.of("10 minutes", "1d", "1.5h", "")) {
      cases.add(
          usage(
              "wait web-2 --timeout|" + timeout,
              "wait",
              "error: Invalid value for option '--timeout': '"
                  + timeout
                  + "' is not a duration such as 90s, 10m or 1h30m"));
    }
    for (String timeout : List.of("99999999999999999999h", "9999999999999999h", "87601h")) {
      cases.add(
          usage(
              "wait web-2 --timeout " + timeout,
              "wait",
              "error: Invalid value for option '--timeout': '"
                  + timeout
                  + "' is longer than the 87600h (10 years) allowed"));
    }

    // Options that do not go together.
    cases.add(
        usage(
            "status group/web --watch",
            "status",
            "error: --watch follows a deployment; name the deployment, not the group"));
    cases.add(
        usage(
            "continue web-2 --ready-wait --termination-wait",
            "continue",
            "error: --ready-wait, --termination-wait are mutually exclusive (specify only one)"));
    cases.add(usage("diff", "diff", "error: name a deployment, or give its manifest with -f FILE"));
    cases.add(
        usage(
            "diff web-2 -f web-2.yaml",
            "diff",
            "error: name a deployment or give -f FILE, not both"));
    cases.add(
        usage(
            "import codedeploy",
            "import codedeploy",
            "error: give at least one of --application, --deployment-group, --deployment-config,"
                + " --deployment"));
    cases.add(
        usage(
            "import codedeploy --application - --deployment-group -",
            "import codedeploy",
            "error: only one input can be read from standard input (-)"));

    // Inputs that are not what they should be.
    cases.add(
        failed(
            "import codedeploy --application target/no-such-file.json",
            "",
            "error: file target/no-such-file.json not found"));
    cases.add(
        failed(
            "import codedeploy --deployment-group -",
            "",
            "error: standard input is empty; expected the JSON the AWS CLI prints"));
    for (String notAnObject : List.of("not json", "[]")) {
      cases.add(
          failed(
              "import codedeploy --deployment-group -",
              notAnObject,
              "error: standard input is not the JSON object the AWS CLI prints"));
    }
    cases.add(
        failed(
            "import codedeploy --deployment-group -",
            "{\"application\": {\"applicationName\": \"web\"}}",
            "error: standard input is not what 'aws deploy get-deployment-group' prints"
                + " ({\"deploymentGroupInfo\": {...}}): it is what 'aws deploy get-application'"
                + " prints"));
    cases.add(
        failed(
            "import codedeploy --deployment-config -",
            "{\"deploymentConfigInfo\": {\"deploymentConfigName\": \"Custom\","
                + " \"computePlatform\": \"Server\"}}",
            "error: deployment configuration Custom is for the Server compute platform; the"
                + " operator deploys to Amazon ECS only"));
    return cases.stream();
  }

  /**
   * A usage error: exit code 2, the error and where to read more about {@code command}. Arguments
   * are split on spaces, and the last one on | when it has a space.
   */
  private static Arguments usage(String args, String command, String error) {
    String help = command.isEmpty() ? "kubectl ecsdeploy" : "kubectl ecsdeploy " + command;
    return Arguments.of(args, "", 2, error + "\nSee '" + help + " --help' for usage.");
  }

  /** A usage error with a hint: exit code 2, the error and the hint. */
  private static Arguments hinted(String args, String error, String hint) {
    return Arguments.of(args, "", 2, error + "\n" + hint);
  }

  private static String[] argv(String args) {
    if (args.isEmpty()) {
      return new String[0];
    }
    if (!args.contains("|")) {
      return args.split(" ");
    }
    String[] parts = args.split("\\|", 2);
    return Stream.concat(Stream.of(parts[0].split(" ")), Stream.of(parts[1]))
        .toArray(String[]::new);
  }

  /** An error about the input: exit code 1. */
  private static Arguments failed(String args, String stdin, String error) {
    return Arguments.of(args, stdin, 1, error);
  }

  @ParameterizedTest(name = "kubectl ecsdeploy {0}")
  @MethodSource("badCommandLines")
  void isRefusedWithItsErrorBeforeConnecting(
      String args, String stdin, int exitCode, String error) {
    List<String> connections = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    KubectlEcsdeploy plugin =
        new KubectlEcsdeploy(
            (kubeconfig, context, namespace) -> {
              connections.add(kubeconfig + " " + context + " " + namespace);
              throw new UserError("not connected in this test");
            },
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            false);
    String[] argv = argv(args);

    int exit = KubectlEcsdeploy.commandLine(plugin).execute(argv);

    String stderr = err.toString(StandardCharsets.UTF_8);
    String firstLines = String.join("\n", stderr.lines().limit(2).toList());
    assertThat(connections).as("connections").isEmpty();
    assertThat(exit).as(stderr).isEqualTo(exitCode);
    assertThat(firstLines).isEqualTo(error);
    REFUSED_AS_EXPECTED.incrementAndGet();
  }
}
