package io.ecsdeploy.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DeploymentMetrics metrics = new DeploymentMetrics(registry);

  @Test
  void finishedDeploymentsAreCountedByOutcomeNamespaceAndGroupButNotByName() {
    metrics.finished(deployment("apps", "web-release-2", "web"), "Succeeded");
    metrics.finished(deployment("apps", "web-release-3", "web"), "Succeeded");
    metrics.finished(deployment("apps", "api-release-7", "api"), "Failed");

    assertThat(registry.scrape())
        .contains(
            "ecsdeploy_deployments_finished_total{group=\"web\",namespace=\"apps\","
                + "outcome=\"Succeeded\"} 2.0")
        .contains(
            "ecsdeploy_deployments_finished_total{group=\"api\",namespace=\"apps\","
                + "outcome=\"Failed\"} 1.0")
        .doesNotContain("release");
  }

  @Test
  void lifecycleEventDurationsCarryTheNamespaceAndGroup() {
    metrics.lifecycleEvent(
        deployment("apps", "web-release-2", "web"),
        "AllowTraffic",
        "Succeeded",
        Duration.ofSeconds(42));

    assertThat(registry.scrape())
        .contains(
            "ecsdeploy_lifecycle_event_duration_seconds_sum{event=\"AllowTraffic\",group=\"web\","
                + "namespace=\"apps\",status=\"Succeeded\"} 42.0");
  }

  @Test
  void reconcileTimesAndWaitEndDelaysAreHistogramsWithoutDeploymentNames() {
    metrics.reconciled(Duration.ofMillis(3), Duration.ofMillis(7), Duration.ofMillis(5));
    metrics.reconciled(Duration.ofMillis(4), Duration.ofMillis(40), Duration.ofMillis(30));
    metrics.waitEnded(Duration.ofMillis(250));
    metrics.waitEnded(Duration.ofMillis(-5));

    assertThat(registry.scrape())
        .contains("ecsdeploy_deployment_reconcile_cpu_seconds_count 2")
        .contains("ecsdeploy_deployment_reconcile_own_seconds_sum 0.047")
        .contains("ecsdeploy_deployment_reconcile_own_seconds_bucket{le=\"0.001\"} 0")
        .contains("ecsdeploy_deployment_reconcile_own_seconds_bucket{le=\"+Inf\"} 2")
        .contains("ecsdeploy_deployment_reconcile_kubernetes_seconds_sum 0.035")
        .contains("ecsdeploy_wait_end_delay_seconds_count 2")
        .contains("ecsdeploy_wait_end_delay_seconds_sum 0.25");
  }

  @Test
  void theTrafficGaugeHoldsRunningDeploymentsOnly() {
    EcsDeployment ended = deployment("apps", "web-release-2", "web");
    EcsDeployment running = deployment("apps", "web-release-3", "web");
    metrics.trafficWeight(ended, 20);
    metrics.trafficWeight(ended, 100);
    metrics.trafficWeight(running, 40);

    metrics.stopped(ended);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            DeploymentMetrics.TRAFFIC + "{deployment=\"web-release-3\",namespace=\"apps\"} 40.0")
        .doesNotContain("web-release-2");
  }

  @Test
  void aDeploymentThatRunsAgainAfterStoppingGetsItsSeriesBack() {
    EcsDeployment deployment = deployment("apps", "web-release-2", "web");
    metrics.trafficWeight(deployment, 20);
    metrics.stopped(deployment);
    metrics.stopped(deployment);

    metrics.trafficWeight(deployment, 0);

    assertThat(registry.scrape())
        .contains(
            DeploymentMetrics.TRAFFIC + "{deployment=\"web-release-2\",namespace=\"apps\"} 0.0");
  }

  @Test
  void theReadyWaitGaugeHoldsWhenEachWaitingDeploymentBeganToWaitWhileItWaits() {
    EcsDeployment waiting = deployment("apps", "web-release-4", "web");
    EcsDeployment continued = deployment("apps", "web-release-5", "web");
    metrics.inReadyWait(waiting, java.time.Instant.parse("2026-11-29T10:00:00Z"));
    metrics.inReadyWait(waiting, java.time.Instant.parse("2026-11-29T10:05:00Z"));
    metrics.inReadyWait(continued, java.time.Instant.parse("2026-11-29T09:00:00Z"));

    metrics.notInReadyWait(continued);

    assertThat(registry.scrape())
        .contains(
            DeploymentMetrics.READY_WAIT
                + "{deployment=\"web-release-4\",group=\"web\",namespace=\"apps\"} 1.7959464E9")
        .doesNotContain("web-release-5");
    metrics.stopped(waiting);
    assertThat(registry.scrape()).doesNotContain(DeploymentMetrics.READY_WAIT + "{");
  }

  static EcsDeployment deployment(String namespace, String name, String group) {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setNamespace(namespace);
    deployment.getMetadata().setName(name);
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = group;
    return deployment;
  }
}
