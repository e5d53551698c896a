package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.util.Comparator;
import java.util.function.Consumer;

/** What the commands ask of a deployment resource. */
final class Deployments {
  /** Newest first: by the time the operator recorded, else the resource's creation. */
  static final Comparator<EcsDeployment> NEWEST_FIRST =
      Comparator.comparing(Deployments::created).reversed();

  private Deployments() {}

  static String created(EcsDeployment d) {
    String created = d.getStatus() == null ? null : d.getStatus().createTime;
    return created != null ? created : d.getMetadata().getCreationTimestamp();
  }

  static DeploymentStatus status(EcsDeployment d) {
    return DeploymentView.statusOf(d).status;
  }

  static boolean ended(EcsDeployment d) {
    return status(d) != null && status(d).isTerminal();
  }

  static boolean inGroup(EcsDeployment d, String group) {
    return d.getSpec() != null && group.equals(d.getSpec().deploymentGroupName);
  }

  static void requireRunning(EcsDeployment deployment, String verb) {
    if (ended(deployment)) {
      throw new UserError(
          deployment.getMetadata().getName()
              + " has ended ("
              + status(deployment)
              + ") and cannot be "
              + verb);
    }
  }

  /** Changes the deployment's spec, read again, so a concurrent change is not lost. */
  static void edit(Cluster cluster, String name, Consumer<EcsDeployment> change) {
    cluster
        .client
        .resources(EcsDeployment.class)
        .inNamespace(cluster.namespace)
        .withName(name)
        .edit(
            d -> {
              change.accept(d);
              return d;
            });
  }

  static Operations operations(EcsDeployment deployment) {
    if (deployment.getSpec().operations == null) {
      deployment.getSpec().operations = new Operations();
    }
    return deployment.getSpec().operations;
  }
}
