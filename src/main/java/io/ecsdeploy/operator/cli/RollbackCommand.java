package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rollback GROUP}: a new deployment of the group's previous successful revision. */
@Command(
    name = "rollback",
    description = "Deploy the group's previous successful revision again, as a new deployment.")
final class RollbackCommand extends PluginCommand {
  @Parameters(paramLabel = "GROUP", description = "The deployment group.")
  String groupName;

  @Override
  int run(Cluster cluster) {
    cluster.group(groupName);
    List<EcsDeployment> deployments =
        cluster
            .client
            .resources(EcsDeployment.class)
            .inNamespace(cluster.namespace)
            .list()
            .getItems()
            .stream()
            .filter(d -> Deployments.inGroup(d, groupName))
            .sorted(Deployments.NEWEST_FIRST)
            .toList();
    deployments.stream()
        .filter(d -> !Deployments.ended(d))
        .findFirst()
        .ifPresent(
            running -> {
              throw new UserError(
                  running.getMetadata().getName()
                      + " is still running; stop it with rollback instead: kubectl ecsdeploy stop "
                      + running.getMetadata().getName()
                      + " -n "
                      + cluster.namespace);
            });
    List<EcsDeployment> succeeded =
        deployments.stream()
            .filter(d -> Deployments.status(d) == DeploymentStatus.Succeeded)
            .toList();
    if (succeeded.size() < 2) {
      throw new UserError(
          "group "
              + groupName
              + " has "
              + (succeeded.isEmpty() ? "no successful deployment" : "one successful deployment")
              + ", so no previous revision to go back to");
    }
    EcsDeployment current = succeeded.get(0);
    EcsDeployment previous = succeeded.get(1);
    EcsDeployment rollback = new EcsDeployment();
    rollback.getMetadata().setGenerateName(groupName + "-rollback-");
    rollback.getMetadata().setLabels(labelsToCopy(previous));
    rollback
        .getMetadata()
        .setAnnotations(
            Map.of(
                "ecsdeploy.io/rollback-of", current.getMetadata().getName(),
                "ecsdeploy.io/revision-of", previous.getMetadata().getName()));
    rollback.setSpec(new EcsDeploymentSpec());
    rollback.getSpec().deploymentGroupName = groupName;
    rollback.getSpec().revision = previous.getSpec().revision;
    rollback.getSpec().description =
        "Rollback of "
            + current.getMetadata().getName()
            + " to the revision of "
            + previous.getMetadata().getName();
    EcsDeployment created =
        cluster.client.resource(rollback).inNamespace(cluster.namespace).create();
    plugin.out.printf(
        "Created %s: the revision of %s, replacing %s%n",
        created.getMetadata().getName(),
        previous.getMetadata().getName(),
        current.getMetadata().getName());
    if (cluster.group(groupName).getSpec().revision != null) {
      plugin.out.println(
          "Note: the group takes its revision from spec.revision (GitOps); revert it there too, or"
              + " the next change to it deploys from Git again.");
    }
    return 0;
  }

  /**
   * The labels of the deployment whose revision is deployed again, so that the operator
   * installation whose label selector selected it (ECSDEPLOY_LABEL_SELECTOR) runs the rollback too;
   * without the deployment's id and creator, which are its own.
   */
  static Map<String, String> labelsToCopy(EcsDeployment previous) {
    Map<String, String> labels = new java.util.HashMap<>();
    if (previous.getMetadata().getLabels() != null) {
      labels.putAll(previous.getMetadata().getLabels());
    }
    labels.remove("ecsdeploy.io/deployment-id");
    labels.remove("ecsdeploy.io/creator");
    return labels;
  }
}
