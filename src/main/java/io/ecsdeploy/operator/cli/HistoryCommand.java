package io.ecsdeploy.operator.cli;

import static io.ecsdeploy.operator.cli.Text.text;
import static io.ecsdeploy.operator.cli.Text.time;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code history [GROUP] [-A] [-o json|yaml]}. */
@Command(
    name = "history",
    description =
        "A group's deployments, newest first; without GROUP, every deployment in the namespace (or"
            + " in all namespaces with -A).")
final class HistoryCommand extends PluginCommand {
  @Parameters(paramLabel = "GROUP", arity = "0..1", description = "The deployment group.")
  String group;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Deployments in every namespace, with a NAMESPACE column.")
  boolean allNamespaces;

  @Mixin OutputOption output;

  /** A deployment as the API server returned it, and as the plugin reads it. */
  private record Listed(GenericKubernetesResource raw, EcsDeployment deployment) {}

  @Override
  int run(Cluster cluster) {
    if (group != null && !allNamespaces) {
      cluster.rawGroup(group);
    }
    var deployments = cluster.raw(EcsDeployment.class);
    List<Listed> listed =
        (allNamespaces ? deployments.inAnyNamespace() : deployments.inNamespace(cluster.namespace))
            .list().getItems().stream()
                .map(raw -> new Listed(raw, cluster.typed(raw, EcsDeployment.class)))
                .filter(l -> group == null || Deployments.inGroup(l.deployment(), group))
                .sorted(
                    Comparator.comparing(Listed::deployment, Deployments.NEWEST_FIRST)
                        .thenComparing(l -> l.deployment().getMetadata().getNamespace()))
                .toList();
    if (output.requested()) {
      plugin.out.print(
          output.format.format(
              cluster.client,
              new KubernetesListBuilder()
                  .withItems(new ArrayList<>(listed.stream().map(Listed::raw).toList()))
                  .build()));
      return 0;
    }
    if (listed.isEmpty()) {
      plugin.out.println(
          "No deployments"
              + (group == null ? "" : " to group " + group)
              + " in "
              + (allNamespaces ? "any namespace" : cluster.namespace)
              + ".");
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(header());
    for (Listed l : listed) {
      rows.add(row(l.deployment()));
    }
    plugin.out.print(Text.table(rows));
    return 0;
  }

  private List<String> header() {
    List<String> header = new ArrayList<>();
    if (allNamespaces) {
      header.add("NAMESPACE");
    }
    header.add("NAME");
    if (group == null) {
      header.add("GROUP");
    }
    header.addAll(List.of("ID", "STATUS", "CREATOR", "CREATED", "COMPLETED", "ERROR"));
    return header;
  }

  private List<String> row(EcsDeployment d) {
    EcsDeploymentStatus s = DeploymentView.statusOf(d);
    List<String> row = new ArrayList<>();
    if (allNamespaces) {
      row.add(d.getMetadata().getNamespace());
    }
    row.add(d.getMetadata().getName());
    if (group == null) {
      row.add(d.getSpec() == null ? "-" : text(d.getSpec().deploymentGroupName));
    }
    row.addAll(
        List.of(
            text(s.deploymentId),
            text(s.status),
            text(s.creator),
            time(Deployments.created(d)),
            time(s.completeTime),
            s.errorInformation == null ? "-" : text(s.errorInformation.code)));
    return row;
  }
}
