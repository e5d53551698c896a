package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The application and deployment-configuration controllers against a real API server. */
@ExtendWith(KubeApiServerExtension.class)
class ApplicationAndConfigReconcilerIT {
  private static final String NAMESPACE = "apps";
  private static KubernetesClient client;
  private static Operator operator;

  @BeforeAll
  static void startOperator(KubernetesClient kubernetes) {
    client = kubernetes;
    Crds.install(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .createOr(existing -> existing.update());
    operator = new Operator(o -> o.withKubernetesClient(KubeApiServerExtension.newAdminClient()));
    operator.register(new EcsApplicationReconciler(Clock.systemUTC()));
    operator.register(new EcsDeploymentConfigReconciler(Clock.systemUTC()));
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  @Test
  void applicationCountsItsGroupsAndIsReady() throws Exception {
    apply("01-application.yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              EcsApplication app = get(EcsApplication.class, "web");
              assertThat(app.getStatus()).isNotNull();
              assertThat(app.getStatus().deploymentGroups).isZero();
              assertThat(ready(app.getStatus().conditions).getStatus()).isEqualTo("True");
            });

    apply("04-deployment-group.yaml");
    apply("08-deployment-group-gitops.yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              EcsApplication app = get(EcsApplication.class, "web");
              assertThat(app.getStatus().deploymentGroups).isEqualTo(2);
              assertThat(ready(app.getStatus().conditions).getMessage())
                  .isEqualTo("2 deployment groups");
            });

    client
        .resources(EcsDeploymentGroup.class)
        .inNamespace(NAMESPACE)
        .withName("api-production")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get(EcsApplication.class, "web").getStatus().deploymentGroups)
                    .isEqualTo(1));
  }

  @Test
  void deploymentConfigIsReadyAndDescribesItsSchedule() throws Exception {
    apply("02-deployment-config-canary.yaml");
    apply("03-deployment-config-steps.yaml");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              EcsDeploymentConfig canary =
                  get(EcsDeploymentConfig.class, "canary-20-percent-10-minutes");
              assertThat(canary.getStatus()).isNotNull();
              Condition ready = ready(canary.getStatus().conditions);
              assertThat(ready.getStatus()).isEqualTo("True");
              assertThat(ready.getMessage()).isEqualTo("20%, the remaining 80% after 10m");
              assertThat(ready.getObservedGeneration())
                  .isEqualTo(canary.getMetadata().getGeneration());

              EcsDeploymentConfig steps = get(EcsDeploymentConfig.class, "gradual-steps");
              assertThat(steps.getStatus()).isNotNull();
              assertThat(ready(steps.getStatus().conditions).getMessage())
                  .isEqualTo("5% for 2m, 25% for 5m, 50% for 5m, 100%");
            });
  }

  private static Condition ready(java.util.List<Condition> conditions) {
    Condition ready = Conditions.find(conditions, Conditions.READY);
    assertThat(ready).as("Ready condition").isNotNull();
    return ready;
  }

  private static <T extends HasMetadata> T get(Class<T> kind, String name) {
    return client.resources(kind).inNamespace(NAMESPACE).withName(name).get();
  }

  private static void apply(String sample) throws Exception {
    Path file =
        Path.of(System.getProperty("ecsdeploy.repo.dir", "."), "operator", "samples", sample);
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : client.load(in).items()) {
        client.resource(item).inNamespace(NAMESPACE).createOr(existing -> existing.update());
      }
    }
  }
}
