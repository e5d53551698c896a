package io.ecsdeploy.operator.metrics;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.limits.ApiClass;
import io.ecsdeploy.operator.aws.limits.RateLimitSettings;
import io.ecsdeploy.operator.aws.limits.RateLimiters;
import io.ecsdeploy.operator.reconciler.EcsApplicationReconciler;
import io.ecsdeploy.operator.reconciler.EcsDeploymentConfigReconciler;
import io.ecsdeploy.operator.reconciler.EcsDeploymentGroupReconciler;
import io.ecsdeploy.operator.reconciler.EcsDeploymentReconciler;
import io.ecsdeploy.operator.reconciler.EventRecorder;
import io.ecsdeploy.operator.reconciler.HookReportInbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The operator's meters as OperatorMain builds them, each with one sample recorded, scraped through
 * the management endpoint. For checks that need the names the operator really publishes.
 */
final class OperatorMetricsScrape {
  private OperatorMetricsScrape() {}

  /** The /metrics text after one sample of every meter. */
  static String scrape() throws Exception {
    try (OperatorMeters meters = OperatorMeters.create()) {
      return scrape(meters);
    }
  }

  private static String scrape(OperatorMeters meters) throws Exception {
    PrometheusMeterRegistry registry = meters.registry();
    DeploymentMetrics deployments = new DeploymentMetrics(registry);
    AwsCallCounter calls = new AwsCallCounter();
    AwsCallMetrics.bind(calls, registry);
    RateLimiters limiters = new RateLimiters(RateLimitSettings.awsRates());
    AwsCallMetrics.bind(limiters, registry);
    limiters.acquire("", "us-east-1", ApiClass.ELB_WRITE, "operator");
    MicrometerMetricsV2 sdkMetrics = MicrometerMetricsV2.newBuilder(registry).build();

    Clock clock = Clock.systemUTC();
    // Nothing listens here: registering controllers reads no cluster, and nothing is started.
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
            .build();
    Operator operator = new Operator(o -> o.withKubernetesClient(client).withMetrics(sdkMetrics));
    try {
      EventRecorder events = new EventRecorder(client, clock);
      operator.register(new EcsApplicationReconciler(clock));
      operator.register(new EcsDeploymentConfigReconciler(clock));
      operator.register(new EcsDeploymentGroupReconciler(null, clock, "us-east-1", events));
      operator.register(
          new EcsDeploymentReconciler(
              null,
              clock,
              Duration.ofSeconds(5),
              "us-east-1",
              new HookReportInbox(client),
              events,
              deployments));

      EcsDeployment deployment = new EcsDeployment();
      deployment.getMetadata().setNamespace("apps");
      deployment.getMetadata().setName("web-release-2");
      deployment.setSpec(new EcsDeploymentSpec());
      deployment.getSpec().deploymentGroupName = "web";
      deployments.started();
      deployments.finished(deployment, "Succeeded");
      deployments.lifecycleEvent(deployment, "AllowTraffic", "Succeeded", Duration.ofSeconds(42));
      deployments.trafficWeight(deployment, 10);
      deployments.inReadyWait(deployment, java.time.Instant.parse("2026-01-01T00:00:00Z"));
      deployments.analysisMeasurement(deployment, "error-rate", "prometheus", "Successful");
      collectGarbageOnce(registry);
      calls.record("ECS", "DescribeServices", false);
      calls.record("ElasticLoadBalancingV2", "ModifyListener", true);
      calls.recordAttempts(
          "ElasticLoadBalancingV2",
          "ModifyListener",
          1,
          List.of(AwsCallCounter.AttemptError.THROTTLING));
      for (var controller : operator.getRegisteredControllers()) {
        reconcileOnce(sdkMetrics, controller.getConfiguration().getName(), deployment);
      }

      try (ManagementServer server =
          ManagementServer.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> true)) {
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IOException("/metrics answered " + response.statusCode());
        }
        return response.body();
      }
    } finally {
      client.close();
    }
  }

  /** jvm_gc_pause_seconds appears with the first collection the JVM reports after binding. */
  private static void collectGarbageOnce(PrometheusMeterRegistry registry) {
    Awaitility.await("a garbage collection reported to jvm.gc.pause")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              System.gc();
              return registry.find("jvm.gc.pause").timer() != null;
            });
  }

  /** What java-operator-sdk tells its metrics about one reconcile, retried once, of each kind. */
  private static void reconcileOnce(Metrics metrics, String controller, HasMetadata resource)
      throws Exception {
    Map<String, Object> metadata = Map.of(Constants.CONTROLLER_NAME, controller);
    RetryInfo retry =
        new RetryInfo() {
          @Override
          public int getAttemptCount() {
            return 1;
          }

          @Override
          public boolean isLastAttempt() {
            return false;
          }
        };
    ResourceID id = ResourceID.fromResource(resource);
    metrics.eventReceived(new ResourceEvent(ResourceAction.ADDED, id, resource), metadata);
    // An event from a source other than the resource's informer (a timer, the hook reports).
    metrics.eventReceived(new io.javaoperatorsdk.operator.processing.event.Event(id), metadata);
    metrics.reconciliationSubmitted(resource, retry, metadata);
    metrics.reconciliationStarted(resource, metadata);
    metrics.timeControllerExecution(
        new Metrics.ControllerExecution<String>() {
          @Override
          public String name() {
            return "reconcile";
          }

          @Override
          public String controllerName() {
            return controller;
          }

          @Override
          public String successTypeName(String result) {
            return result;
          }

          @Override
          public ResourceID resourceID() {
            return id;
          }

          @Override
          public Map<String, Object> metadata() {
            return metadata;
          }

          @Override
          public String execute() {
            return "noUpdate";
          }
        });
    metrics.reconciliationFailed(resource, retry, new IllegalStateException("sample"), metadata);
    metrics.reconciliationSucceeded(resource, metadata);
    metrics.reconciliationFinished(resource, retry, metadata);
  }
}
