package io.ecsdeploy.operator.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code version}: the plugin's version, and the operator's, read from the image tag of its
 * Deployment ({@code app.kubernetes.io/name=ecs-deploy-operator}, as the Helm chart labels it) in
 * any namespace the user can list; {@code unknown} when none is found.
 */
@Command(
    name = "version",
    description =
        "The plugin's version, and the operator's: the image tag of its Deployment (label "
            + VersionCommand.LABEL
            + "="
            + VersionCommand.NAME
            + ") in the namespaces you can list.")
final class VersionCommand implements Callable<Integer> {
  static final String LABEL = "app.kubernetes.io/name";
  static final String NAME = "ecs-deploy-operator";

  /** The chart's default namespace, tried when namespaces cannot be listed. */
  private static final String CHART_NAMESPACE = "ecs-deploy-operator";

  @ParentCommand KubectlEcsdeploy plugin;

  @Option(names = "--client", description = "The plugin's version only; the cluster is not asked.")
  boolean clientOnly;

  @Override
  public Integer call() {
    plugin.out.println("Plugin:   " + PluginVersion.version());
    if (!clientOnly) {
      try (Cluster cluster = plugin.connect()) {
        plugin.out.println("Operator: " + operatorVersion(cluster));
      }
    }
    return 0;
  }

  private static String operatorVersion(Cluster cluster) {
    List<Deployment> found;
    try {
      found = operatorDeployments(cluster);
    } catch (KubernetesClientException e) {
      return "unknown (" + KubectlEcsdeploy.describe(e) + ")";
    }
    if (found.isEmpty()) {
      return "unknown (no Deployment labelled " + LABEL + "=" + NAME + " that you can list)";
    }
    return found.stream()
        .map(
            d ->
                imageTag(image(d))
                    + " (Deployment "
                    + d.getMetadata().getName()
                    + " in "
                    + d.getMetadata().getNamespace()
                    + ")")
        .collect(Collectors.joining(", "));
  }

  /** In all namespaces if the user may list them so, else in each namespace they may list. */
  private static List<Deployment> operatorDeployments(Cluster cluster) {
    try {
      return cluster
          .client
          .apps()
          .deployments()
          .inAnyNamespace()
          .withLabel(LABEL, NAME)
          .list()
          .getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
        throw e;
      }
    }
    List<Deployment> found = new ArrayList<>();
    for (String namespace : namespacesToTry(cluster)) {
      try {
        found.addAll(
            cluster
                .client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withLabel(LABEL, NAME)
                .list()
                .getItems());
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
          throw e;
        }
      }
    }
    return found;
  }

  private static Set<String> namespacesToTry(Cluster cluster) {
    Set<String> namespaces = new LinkedHashSet<>();
    try {
      cluster.client.namespaces().list().getItems().stream()
          .map(Namespace::getMetadata)
          .forEach(m -> namespaces.add(m.getName()));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
        throw e;
      }
      namespaces.add(cluster.namespace);
      namespaces.add(CHART_NAMESPACE);
    }
    return namespaces;
  }

  /** The operator's container (named {@code operator} in the chart), else the first. */
  private static String image(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    return containers.stream()
        .filter(c -> "operator".equals(c.getName()))
        .findFirst()
        .orElse(containers.get(0))
        .getImage();
  }

  /**
   * The tag of an image reference ({@code registry:5000/ecs-deploy-operator:0.1.0}); its digest
   * when it has no tag; {@code latest} when it has neither, as the container runtime reads it.
   */
  static String imageTag(String image) {
    String digest = null;
    int at = image.indexOf('@');
    if (at >= 0) {
      digest = image.substring(at + 1);
      image = image.substring(0, at);
    }
    int colon = image.lastIndexOf(':');
    if (colon > image.lastIndexOf('/')) {
      return image.substring(colon + 1);
    }
    return digest != null ? digest : "latest";
  }
}
