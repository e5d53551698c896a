package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.metrics.DeploymentMetrics;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a step's transitions do to the deployment metrics. */
class DeploymentReporterTest {
  private static final String TRAFFIC = "ecsdeploy_production_traffic_replacement_percent{";

  // Events go nowhere (and are dropped, as when the API server refuses them): only metrics count.
  private final KubernetesClient nowhere =
      new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder()
                  .withMasterUrl("https://127.0.0.1:1")
                  .withRequestRetryBackoffLimit(0)
                  .build())
          .build();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DeploymentReporter reporter =
      new DeploymentReporter(
          new EventRecorder(nowhere, Clock.systemUTC()), new DeploymentMetrics(registry));
  private final EcsDeployment deployment = deployment();

  @AfterEach
  void closeTheClient() {
    nowhere.close();
  }

  @Test
  void theStepThatEndsADeploymentLeavesNoTrafficSeriesBehind() {
    // Given a deployment during its canary wait, 20% on the replacement
    reporter.report(
        deployment,
        List.of(DeploymentStepper.Transition.traffic(20)),
        status(DeploymentStatus.InProgress),
        status(DeploymentStatus.InProgress));
    assertThat(registry.scrape()).contains(TRAFFIC + "deployment=\"web-release-2\"");

    // When one step both ends it and moves the rest of the traffic
    StateBuilder ended = StateBuilder.from(Fixtures.canaryWait());
    ended.status = DeploymentStatus.Succeeded;
    reporter.report(
        deployment,
        List.of(
            DeploymentStepper.Transition.status(ended.build()),
            DeploymentStepper.Transition.traffic(100)),
        status(DeploymentStatus.InProgress),
        status(DeploymentStatus.Succeeded));

    // Then it is counted as finished, in its namespace and group, and its traffic series is gone
    assertThat(registry.scrape())
        .contains(
            "ecsdeploy_deployments_finished_total{group=\"web\",namespace=\"apps\","
                + "outcome=\"Succeeded\"} 1.0")
        .doesNotContain(TRAFFIC);
  }

  @Test
  void aDeploymentInItsReadyWaitShowsWhenItBeganToWaitUntilItGoesOn() {
    // Given a deployment that entered its ready wait when AfterAllowTestTraffic ended
    EcsDeploymentStatus ready = status(DeploymentStatus.Ready);
    io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo tested =
        new io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo();
    tested.lifecycleEventName = "AfterAllowTestTraffic";
    tested.endTime = "2026-11-29T10:00:00Z";
    ready.lifecycleEvents = new java.util.ArrayList<>(List.of(tested));

    // When a step reports it waiting
    reporter.report(deployment, List.of(), status(DeploymentStatus.InProgress), ready);

    // Then the gauge holds that time, and goes once the deployment moves on
    assertThat(registry.scrape())
        .contains(
            "ecsdeploy_ready_wait_start_time_seconds{deployment=\"web-release-2\",group=\"web\","
                + "namespace=\"apps\"} 1.7959464E9");
    reporter.report(deployment, List.of(), ready, status(DeploymentStatus.InProgress));
    assertThat(registry.scrape()).doesNotContain("ecsdeploy_ready_wait_start_time_seconds{");
  }

  @Test
  void aDeletedDeploymentLeavesNoTrafficSeriesBehind() {
    reporter.report(
        deployment,
        List.of(DeploymentStepper.Transition.traffic(20)),
        status(DeploymentStatus.InProgress),
        status(DeploymentStatus.InProgress));

    reporter.deleted(deployment);

    assertThat(registry.scrape()).doesNotContain(TRAFFIC);
  }

  private static EcsDeploymentStatus status(DeploymentStatus status) {
    EcsDeploymentStatus view = new EcsDeploymentStatus();
    view.deploymentId = Fixtures.DEPLOYMENT_ID;
    view.status = status;
    return view;
  }

  private static EcsDeployment deployment() {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setNamespace("apps");
    deployment.getMetadata().setName("web-release-2");
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = "web";
    return deployment;
  }
}
