package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line alone: what reaches the cluster connection, and what is refused before it. The
 * connector records kubectl's flags and connects nowhere.
 */
class CommandLineTest {
  private final List<List<String>> connections = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    KubectlEcsdeploy plugin =
        new KubectlEcsdeploy(
            (kubeconfig, context, namespace) -> {
              connections.add(Arrays.asList(kubeconfig, context, namespace));
              throw new UserError("not connected in this test");
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            false);
    return KubectlEcsdeploy.commandLine(plugin).execute(args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void takesKubectlsConnectionFlagsInEitherFormBeforeOrAfterTheCommand() {
    run("status", "web-2", "--context=prod", "--kubeconfig=/etc/k", "--namespace=team-a");
    run("status", "web-2", "--context", "prod", "--kubeconfig", "/etc/k", "-n", "team-a");
    run("stop", "web-2", "-nteam-a", "--context=prod", "--kubeconfig=/etc/k");
    run("--context=prod", "-n", "team-a", "--kubeconfig", "/etc/k", "history", "web");

    assertThat(connections).hasSize(4).containsOnly(List.of("/etc/k", "prod", "team-a"));
  }

  @Test
  void withoutFlagsLeavesTheChoiceToTheKubeconfig() {
    run("status", "web-2");

    assertThat(connections).containsExactly(Arrays.asList(null, null, null));
  }

  @Test
  void refusesAMistypedOptionWithAHintBeforeConnecting() {
    int exitCode = run("stop", "web-2", "--no-rolback");

    assertThat(exitCode).isEqualTo(2);
    assertThat(stderr())
        .startsWith("error: Unknown option: '--no-rolback'\n")
        .contains("Did you mean --no-rollback?\n")
        .contains("See 'kubectl ecsdeploy stop --help' for usage.");
    assertThat(connections).isEmpty();
  }

  @Test
  void refusesAnExtraArgument() {
    assertThat(run("stop", "web-2", "web-3")).isEqualTo(2);
    assertThat(stderr()).contains("Unmatched argument at index 2: 'web-3'");
    assertThat(connections).isEmpty();
  }

  @Test
  void refusesAMistypedCommandWithAHint() {
    assertThat(run("stpo", "web-2")).isEqualTo(2);
    assertThat(stderr()).contains("Did you mean stop");
  }

  @Test
  void refusesAllNamespacesWhereItMakesNoSense() {
    assertThat(run("stop", "web-2", "-A")).isEqualTo(2);
    assertThat(run("history", "-A")).isEqualTo(1);
    assertThat(connections).hasSize(1);
  }

  @Test
  void refusesAnOutputFormatOtherThanJsonOrYaml() {
    assertThat(run("status", "web-2", "-o", "wide")).isEqualTo(2);
    assertThat(stderr()).contains("expected one of [json, yaml]");
    assertThat(run("status", "web-2", "-o", "JSON")).isEqualTo(1);
    assertThat(run("stop", "web-2", "-o", "json")).isEqualTo(2);
  }

  @Test
  void waitTakesATargetAndAKubectlStyleTimeout() {
    assertThat(run("wait", "web-2", "--for", "ready", "--timeout", "1h30m")).isEqualTo(1);
    assertThat(run("wait", "web-2", "--for=done")).isEqualTo(2);
    assertThat(run("wait", "web-2", "--timeout", "10 minutes")).isEqualTo(2);
    assertThat(stderr()).contains("'10 minutes' is not a duration such as 90s, 10m or 1h30m");
  }

  @Test
  void continueNamesOneWaitAtMost() {
    assertThat(run("continue", "web-2", "--ready-wait", "--termination-wait")).isEqualTo(2);
    assertThat(stderr()).contains("mutually exclusive");
    assertThat(connections).isEmpty();
  }

  @Test
  void withoutACommandPrintsTheUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(stderr())
        .startsWith("error: no command given\n")
        .contains("Usage: kubectl ecsdeploy")
        .contains("retry")
        .contains("wait");
  }

  @Test
  void helpGoesToStandardOutput() {
    assertThat(run("wait", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Usage: kubectl ecsdeploy wait")
        .contains("--for=STATE")
        .contains("Exit codes: 0 reached");
    assertThat(connections).isEmpty();
  }

  @Test
  void versionWithClientOnlyDoesNotConnect() {
    assertThat(run("version", "--client")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Plugin:   ");
    assertThat(connections).isEmpty();
  }

  @Test
  void completionNeedsAShellItKnows() {
    assertThat(run("completion", "fish")).isEqualTo(2);
    assertThat(run("completion", "bash")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("#!/usr/bin/env bash");
  }
}
