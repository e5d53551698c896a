package io.ecsdeploy.operator.e2e;

import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ServiceAccount a Helm release of the chart created, as the identity the operator under test
 * runs with: the admin impersonates it, so the API server authorizes every request with the chart's
 * RBAC. Every refused request is recorded.
 */
final class ChartServiceAccount {
  private final String namespace;
  private final String name;

  /** Requests the API server refused, as "403 METHOD path". */
  final List<String> refused = new CopyOnWriteArrayList<>();

  ChartServiceAccount(String namespace, String name) {
    this.namespace = namespace;
    this.name = name;
  }

  /** A new client as the ServiceAccount; each operator needs its own, as it closes it on stop. */
  KubernetesClient newClient() {
    Config config = Config.fromKubeconfig(KubeApiServerExtension.adminKubeConfigYaml());
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + name);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            builder -> builder.addOrReplaceInterceptor("refused", new RefusalRecorder()))
        .build();
  }

  /** Records every response with status 403, which is how RBAC refuses a request. */
  private final class RefusalRecorder implements Interceptor {
    @Override
    public void after(
        HttpRequest request,
        HttpResponse<?> response,
        AsyncBody.Consumer<List<ByteBuffer>> consumer) {
      if (response.code() == 403) {
        refused.add("403 " + request.method() + " " + request.uri().getPath());
      }
    }
  }
}
