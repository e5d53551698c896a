package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.File;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cluster and namespace a command works on, reached as kubectl would: the kubeconfig named by
 * {@code --kubeconfig}, else {@code KUBECONFIG} (its files merged), else {@code ~/.kube/config};
 * the context named by {@code --context}, else the current one; the namespace named by {@code -n},
 * else the context's, else {@code default}.
 */
final class Cluster implements AutoCloseable {
  /**
   * A command line answers at once when the server cannot be reached, as kubectl does, rather than
   * after fabric8's ten retries with backoff (about 20 s).
   */
  private static final int REQUEST_RETRIES = 1;

  final KubernetesClient client;
  final String namespace;
  private final boolean ownsClient;

  Cluster(KubernetesClient client, String namespace, boolean ownsClient) {
    this.client = client;
    this.namespace = namespace;
    this.ownsClient = ownsClient;
  }

  /** Connects with kubectl's connection flags; each may be null. */
  static Cluster connect(String kubeconfig, String context, String namespace) {
    Config config = config(kubeconfig, context);
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    String chosen =
        namespace != null
            ? namespace
            : Optional.ofNullable(config.getNamespace()).orElse("default");
    return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), chosen, true);
  }

  /**
   * fabric8's Config falls back to the current context when the one named does not exist, and to
   * in-cluster settings when the kubeconfig is missing; kubectl refuses both, and so does the
   * plugin.
   */
  static Config config(String kubeconfig, String context) {
    Config config;
    if (kubeconfig != null) {
      File file = new File(kubeconfig);
      if (!file.isFile()) {
        throw new UserError("kubeconfig " + kubeconfig + " not found");
      }
      config = Config.fromKubeconfig(context, file);
    } else {
      config = Config.autoConfigure(context);
    }
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw new UserError("context \"" + context + "\" not found in the kubeconfig");
    }
    return config;
  }

  MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      raw(Class<? extends HasMetadata> kind) {
    return client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(kind));
  }

  /** A deployment as the API server returns it, unknown fields included. */
  GenericKubernetesResource rawDeployment(String name) {
    GenericKubernetesResource deployment =
        raw(EcsDeployment.class).inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      throw new UserError("EcsDeployment " + name + " not found in namespace " + namespace);
    }
    return deployment;
  }

  EcsDeployment deployment(String name) {
    return typed(rawDeployment(name), EcsDeployment.class);
  }

  GenericKubernetesResource rawGroup(String name) {
    GenericKubernetesResource group =
        raw(EcsDeploymentGroup.class).inNamespace(namespace).withName(name).get();
    if (group == null) {
      throw new UserError("EcsDeploymentGroup " + name + " not found in namespace " + namespace);
    }
    return group;
  }

  EcsDeploymentGroup group(String name) {
    return typed(rawGroup(name), EcsDeploymentGroup.class);
  }

  <T> T typed(GenericKubernetesResource resource, Class<T> type) {
    return client.getKubernetesSerialization().convertValue(resource, type);
  }

  /** The Events about one resource, oldest first. */
  List<Event> events(String name, String kind) {
    return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(
            e ->
                e.getRegarding() != null
                    && name.equals(e.getRegarding().getName())
                    && kind.equals(e.getRegarding().getKind()))
        .sorted(Comparator.comparing(DeploymentView::eventTime))
        .toList();
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
