package io.ecsdeploy.operator.cli;

import static io.ecsdeploy.operator.cli.Text.lastPart;
import static io.ecsdeploy.operator.cli.Text.text;
import static io.ecsdeploy.operator.cli.Text.time;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupStatus;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code status DEPLOYMENT|group/GROUP [--watch] [-o json|yaml]}. */
@Command(
    name = "status",
    description = {
      "A deployment: status, phase, traffic split, lifecycle events with their durations, task"
          + " sets with their counts, times and Events.",
      "group/GROUP: the group, and its current deployment."
    })
final class StatusCommand extends PluginCommand {
  /** Events shown by {@code status}; a redraw of {@code --watch} shows fewer, to fit a screen. */
  static final int EVENTS_SHOWN = 15;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DEPLOYMENT|group/GROUP", description = "What to show.")
  String target;

  @Option(
      names = {"-w", "--watch"},
      description =
          "Follow the deployment until it ends: redrawn in place on a terminal, a new block for each"
              + " change otherwise.")
  boolean watch;

  @Mixin OutputOption output;

  @Override
  void checkArguments() {
    if (target.startsWith("group/") && watch) {
      throw new ParameterException(
          spec.commandLine(), "--watch follows a deployment; name the deployment, not the group");
    }
  }

  @Override
  int run(Cluster cluster) throws InterruptedException {
    if (target.startsWith("group/")) {
      group(cluster, target.substring("group/".length()));
      return 0;
    }
    String name =
        target.startsWith("deployment/") ? target.substring("deployment/".length()) : target;
    if (watch) {
      return new DeploymentWatch(cluster, name, plugin.out, plugin.clock, plugin.terminal)
          .follow(output.format, plugin.terminal ? Duration.ofSeconds(1) : Duration.ofSeconds(2));
    }
    if (output.requested()) {
      plugin.out.print(output.format.format(cluster.client, cluster.rawDeployment(name)));
      return 0;
    }
    EcsDeployment deployment = cluster.deployment(name);
    plugin.out.print(
        DeploymentView.render(
            deployment,
            cluster.events(name, "EcsDeployment"),
            plugin.clock.instant(),
            EVENTS_SHOWN));
    return 0;
  }

  private void group(Cluster cluster, String name) {
    if (output.requested()) {
      plugin.out.print(output.format.format(cluster.client, cluster.rawGroup(name)));
      return;
    }
    EcsDeploymentGroup group = cluster.group(name);
    StringBuilder text = new StringBuilder();
    line(text, "Group:", name + " in " + cluster.namespace);
    line(
        text,
        "Service:",
        group.getSpec().service.clusterName + "/" + group.getSpec().service.serviceName);
    line(text, "Configuration:", group.getSpec().deploymentConfigName);
    EcsDeploymentGroupStatus status = group.getStatus();
    if (status != null) {
      line(text, "Live target:", lastPart(status.liveTargetGroupArn));
      line(text, "Primary:", lastPart(status.primaryTaskSetArn));
      Optional.ofNullable(status.currentDeployment)
          .ifPresent(d -> line(text, "Current:", d.name + " " + text(d.status)));
      Optional.ofNullable(status.lastSuccessfulDeployment)
          .ifPresent(d -> line(text, "Last succeeded:", d.name + " at " + time(d.endTime)));
      Optional.ofNullable(status.lastAttemptedDeployment)
          .ifPresent(d -> line(text, "Last attempted:", d.name + " " + text(d.status)));
      DeploymentView.conditions(text, status.conditions);
    }
    plugin.out.print(text);
    if (status != null && status.currentDeployment != null) {
      String current = status.currentDeployment.name;
      plugin.out.println();
      plugin.out.print(
          DeploymentView.render(
              cluster.deployment(current),
              cluster.events(current, "EcsDeployment"),
              plugin.clock.instant(),
              EVENTS_SHOWN));
    } else {
      var events = cluster.events(name, "EcsDeploymentGroup");
      if (!events.isEmpty()) {
        plugin.out.print(DeploymentView.eventsTable(events, plugin.clock.instant(), EVENTS_SHOWN));
      }
    }
  }

  private static void line(StringBuilder text, String label, String value) {
    if (value != null && !value.equals("-")) {
      text.append(String.format("%-15s %s\n", label, value));
    }
  }
}
