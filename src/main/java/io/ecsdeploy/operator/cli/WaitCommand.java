package io.ecsdeploy.operator.cli;

import static io.ecsdeploy.operator.cli.Text.text;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wait DEPLOYMENT [--for succeeded|ready|finished] [--timeout 10m]}, as {@code aws deploy
 * wait deployment-successful}: exit 0 once the deployment gets there, 1 if it ends without (Failed,
 * Stopped; or Succeeded without a ready wait, for {@code ready}), 2 on timeout.
 */
@Command(
    name = "wait",
    description = "Wait until a deployment succeeds, is ready, or finishes.",
    footer = {
      "",
      "Exit codes: 0 reached; 1 the deployment ended without reaching it (Failed, Stopped; for ready,"
          + " also Succeeded); 2 timed out."
    })
final class WaitCommand extends PluginCommand {
  /** Where a deployment stands with respect to what is waited for. */
  enum Outcome {
    REACHED,
    /** It ended without getting there. */
    MISSED,
    /** It may still get there. */
    PENDING
  }

  /** What to wait for. */
  enum Target {
    /** Status Succeeded. */
    succeeded("succeed"),
    /** Status Ready: the replacement takes test traffic and waits for a continue. */
    ready("be ready"),
    /** Any end: Succeeded, Failed or Stopped. */
    finished("finish");

    final String goal;

    Target(String goal) {
      this.goal = goal;
    }

    Outcome outcome(DeploymentStatus status) {
      if (status == null) {
        return Outcome.PENDING;
      }
      boolean reached =
          switch (this) {
            case succeeded -> status == DeploymentStatus.Succeeded;
            case ready -> status == DeploymentStatus.Ready;
            case finished -> status.isTerminal();
          };
      if (reached) {
        return Outcome.REACHED;
      }
      return status.isTerminal() ? Outcome.MISSED : Outcome.PENDING;
    }
  }

  @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment to wait for.")
  String name;

  @Option(
      names = "--for",
      paramLabel = "STATE",
      defaultValue = "succeeded",
      description =
          "succeeded, ready (in the ready wait) or finished (any end); default: ${DEFAULT-VALUE}.")
  Target target;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = KubeDuration.class,
      description = "How long to wait, such as 90s, 10m or 1h30m; default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Mixin OutputOption output;

  /** How often to look again if the watch fails; the watch itself reports changes at once. */
  private static final Duration LOOK_AGAIN = Duration.ofSeconds(2);

  @Override
  int run(Cluster cluster) throws InterruptedException {
    Instant deadline = plugin.clock.instant().plus(timeout);
    try (DeploymentFollower follower = new DeploymentFollower(cluster, name)) {
      GenericKubernetesResource raw = follower.first();
      while (true) {
        EcsDeploymentStatus status =
            DeploymentView.statusOf(cluster.typed(raw, EcsDeployment.class));
        Outcome outcome = target.outcome(status.status);
        Duration left = Duration.between(plugin.clock.instant(), deadline);
        if (outcome != Outcome.PENDING || left.isNegative() || left.isZero()) {
          if (output.requested()) {
            plugin.out.print(output.format.format(cluster.client, raw));
          }
          return report(outcome, status);
        }
        GenericKubernetesResource next = follower.next(min(left, LOOK_AGAIN));
        raw = next != null ? next : raw;
      }
    }
  }

  private int report(Outcome outcome, EcsDeploymentStatus status) {
    String state =
        text(status.status)
            + (status.currentEvent == null ? "" : ", " + status.currentEvent)
            + (status.errorInformation == null
                ? ""
                : ", " + status.errorInformation.code + ": " + status.errorInformation.message);
    return switch (outcome) {
      case REACHED -> {
        if (!output.requested()) {
          plugin.out.println(name + " is " + state);
        }
        yield 0;
      }
      case MISSED -> {
        plugin.err.println(
            "error: " + name + " ended (" + state + "), so it will not " + target.goal);
        yield KubectlEcsdeploy.FAILED;
      }
      case PENDING -> {
        plugin.err.println(
            "error: timed out after "
                + Text.duration(timeout)
                + " waiting for "
                + name
                + " to "
                + target.goal
                + "; it is "
                + state);
        yield KubectlEcsdeploy.TIMED_OUT;
      }
    };
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
