package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code diff DEPLOYMENT} or {@code diff -f FILE}. */
@Command(
    name = "diff",
    description = {
      "What a deployment would change: its task definition, container, launch, network and hooks"
          + " next to the group's current ones as the operator last recorded them (the last"
          + " successful deployment, and the primary task set), and the traffic timeline of its"
          + " deployment configuration. Reads the resources only; no AWS calls.",
      "DEPLOYMENT: an existing EcsDeployment. -f FILE: an EcsDeployment manifest not applied yet"
          + " (- for standard input); a group or configuration in the same file is used instead"
          + " of the cluster's."
    })
final class DiffCommand extends PluginCommand {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DEPLOYMENT", arity = "0..1", description = "The deployment.")
  String name;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      description = "A manifest with one EcsDeployment (YAML or JSON, - for standard input).")
  String file;

  @Override
  void checkArguments() {
    if ((name == null) == (file == null)) {
      throw new ParameterException(
          spec.commandLine(),
          name == null
              ? "name a deployment, or give its manifest with -f FILE"
              : "name a deployment or give -f FILE, not both");
    }
  }

  @Override
  int run(Cluster cluster) {
    List<HasMetadata> manifest =
        file == null
            ? List.of()
            : Manifests.read(
                cluster.client.getKubernetesSerialization(),
                Inputs.read(file, plugin.in, "the manifest"),
                file);
    EcsDeployment deployment;
    String origin;
    String namespace = cluster.namespace;
    if (file != null) {
      List<EcsDeployment> deployments = ofKind(manifest, EcsDeployment.class);
      if (deployments.size() != 1) {
        throw new UserError(
            file + " has " + deployments.size() + " EcsDeployments; diff takes exactly one");
      }
      deployment = deployments.get(0);
      if (deployment.getMetadata().getNamespace() != null) {
        namespace = deployment.getMetadata().getNamespace();
      }
      deployment.getMetadata().setNamespace(namespace);
      origin = "from " + ("-".equals(file) ? "standard input" : file) + ", not applied";
      if (deployment.getSpec() == null || deployment.getSpec().revision == null) {
        throw new UserError(file + ": the EcsDeployment has no spec.revision");
      }
    } else {
      deployment = cluster.deployment(name);
      DeploymentStatus status = Deployments.status(deployment);
      origin = status == null ? "not registered yet" : "status " + status;
    }
    String groupName = deployment.getSpec().deploymentGroupName;
    String ns = namespace;
    EcsDeploymentGroup group =
        named(manifest, EcsDeploymentGroup.class, groupName)
            .orElseGet(() -> get(cluster, EcsDeploymentGroup.class, ns, groupName));
    if (group == null) {
      throw new UserError("EcsDeploymentGroup " + groupName + " not found in namespace " + ns);
    }
    String configName = configName(deployment, group);
    TrafficRouting routing = TrafficTimeline.builtIn(configName).orElse(null);
    String routingProblem = null;
    if (routing == null) {
      EcsDeploymentConfig config =
          named(manifest, EcsDeploymentConfig.class, configName)
              .orElseGet(() -> get(cluster, EcsDeploymentConfig.class, ns, configName));
      if (config == null || config.getSpec() == null || config.getSpec().trafficRouting == null) {
        routingProblem =
            "neither a built-in configuration nor an EcsDeploymentConfig in namespace "
                + ns
                + ": the deployment would fail";
      } else {
        routing = config.getSpec().trafficRouting;
      }
    }
    Compared current = current(cluster, ns, deployment, group);
    plugin.out.print(
        DiffView.render(
            new DiffView.Input(
                deployment,
                origin,
                group,
                current.deployment(),
                current.why(),
                configName,
                routing,
                routingProblem)));
    return 0;
  }

  /** The deployment whose revision runs now, and how it was chosen. */
  record Compared(EcsDeployment deployment, String why) {}

  /**
   * The group's last successful deployment; for that deployment itself, or when it is gone, the
   * newest successful deployment of the group created before it.
   */
  static Compared current(
      Cluster cluster, String namespace, EcsDeployment deployment, EcsDeploymentGroup group) {
    String self = deployment.getMetadata().getName();
    var last = group.getStatus() == null ? null : group.getStatus().lastSuccessfulDeployment;
    if (last != null && last.name != null && !last.name.equals(self)) {
      EcsDeployment found = get(cluster, EcsDeployment.class, namespace, last.name);
      if (found != null) {
        return new Compared(found, "the group's last successful deployment");
      }
    }
    List<EcsDeployment> all =
        cluster.client.resources(EcsDeployment.class).inNamespace(namespace).list().getItems();
    return new Compared(
        previousSuccess(all, deployment, group.getMetadata().getName()),
        "the group's newest successful deployment before this one");
  }

  /** The newest Succeeded deployment of the group other than {@code deployment}, before it. */
  static EcsDeployment previousSuccess(
      Collection<EcsDeployment> deployments, EcsDeployment deployment, String group) {
    String self = deployment.getMetadata().getName();
    String created =
        deployment.getMetadata().getCreationTimestamp() == null
            ? null
            : Deployments.created(deployment);
    return deployments.stream()
        .filter(d -> Deployments.inGroup(d, group))
        .filter(d -> !d.getMetadata().getName().equals(self))
        .filter(d -> Deployments.status(d) == DeploymentStatus.Succeeded)
        .filter(d -> created == null || Deployments.created(d).compareTo(created) <= 0)
        .sorted(Deployments.NEWEST_FIRST)
        .findFirst()
        .orElse(null);
  }

  /**
   * The configuration the deployment uses: the one it registered with, else its override, else its
   * group's, else CodeDeployDefault.ECSAllAtOnce.
   */
  static String configName(EcsDeployment deployment, EcsDeploymentGroup group) {
    if (deployment.getStatus() != null && deployment.getStatus().deploymentConfigName != null) {
      return deployment.getStatus().deploymentConfigName;
    }
    var overrides = deployment.getSpec().overrides;
    if (overrides != null && overrides.deploymentConfigName != null) {
      return overrides.deploymentConfigName;
    }
    return group.getSpec().deploymentConfigName != null
        ? group.getSpec().deploymentConfigName
        : TrafficTimeline.DEFAULT_CONFIG;
  }

  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> resources, Class<T> kind) {
    return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  private static <T extends HasMetadata> Optional<T> named(
      List<HasMetadata> resources, Class<T> kind, String name) {
    return ofKind(resources, kind).stream()
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst();
  }

  private static <T extends HasMetadata> T get(
      Cluster cluster, Class<T> kind, String namespace, String name) {
    GenericKubernetesResource raw = cluster.raw(kind).inNamespace(namespace).withName(name).get();
    return raw == null ? null : cluster.typed(raw, kind);
  }
}
