package io.ecsdeploy.operator.testsupport;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real kube-apiserver with etcd (RBAC authorization on) for the whole test JVM, from the
 * binaries that {@code hack/kube-peers.sh} built, and stops it when the JVM's tests are done. Tests
 * receive an admin {@link KubernetesClient} as a parameter, or call {@link #adminClient()}.
 */
public final class KubeApiServerExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  private static volatile RunningApiServer running;

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context);
  }

  private static synchronized RunningApiServer start(ExtensionContext context) {
    if (running == null) {
      running =
          context
              .getRoot()
              .getStore(NAMESPACE)
              .getOrComputeIfAbsent(
                  RunningApiServer.class, key -> RunningApiServer.start(), RunningApiServer.class);
    }
    return running;
  }

  /** The kubeconfig of a user in {@code system:masters}, the cluster's administrator. */
  public static String adminKubeConfigYaml() {
    return requireRunning().server.getKubeConfigYaml();
  }

  public static KubernetesClient adminClient() {
    return requireRunning().adminClient;
  }

  /** A new client built from the admin kubeconfig; the caller closes it. */
  public static KubernetesClient newAdminClient() {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(adminKubeConfigYaml()))
        .build();
  }

  private static RunningApiServer requireRunning() {
    if (running == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(KubeApiServerExtension.class)");
    }
    return running;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return start(context).adminClient;
  }

  private static final class RunningApiServer implements ExtensionContext.Store.CloseableResource {
    private final KubeAPIServer server;
    private final KubernetesClient adminClient;

    private RunningApiServer(KubeAPIServer server, KubernetesClient adminClient) {
      this.server = server;
      this.adminClient = adminClient;
    }

    static RunningApiServer start() {
      TestPeers.require(TestPeers.kubeBinaryDir().resolve("kube-apiserver"), "hack/kube-peers.sh");
      KubeAPIServer server =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withTestDir(TestPeers.kubeApiTestDir().toString())
                  .withApiServerVersion(TestPeers.kubeVersion())
                  // Offline: use the binaries built from source; never download.
                  .withOfflineMode(true)
                  .withUpdateKubeConfig(false)
                  .withStartupTimeout(120_000)
                  .build());
      server.start();
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
              .build();
      return new RunningApiServer(server, client);
    }

    @Override
    public void close() {
      running = null;
      adminClient.close();
      server.stop();
    }
  }
}
