package io.ecsdeploy.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The operator's own deployment metrics, beside java-operator-sdk's reconcile metrics. */
public final class DeploymentMetrics {
  private final MeterRegistry registry;
  private final Counter started;
  private final Map<String, AtomicInteger> trafficWeights = new ConcurrentHashMap<>();

  public DeploymentMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.started =
        Counter.builder("ecsdeploy_deployments_started")
            .description("Deployments the operator has started")
            .register(registry);
  }

  public void started() {
    started.increment();
  }

  /** A deployment ended: Succeeded, Failed or Stopped. */
  public void finished(String outcome) {
    Counter.builder("ecsdeploy_deployments_finished")
        .description("Deployments that ended, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** How long a lifecycle event took, by event and outcome (Succeeded, Failed, Skipped). */
  public void lifecycleEvent(String event, String outcome, java.time.Duration duration) {
    io.micrometer.core.instrument.Timer.builder("ecsdeploy_lifecycle_event_duration")
        .description("Time from a lifecycle event's start to its end")
        .tag("event", event)
        .tag("status", outcome)
        .register(registry)
        .record(duration);
  }

  /** The share of production traffic on a deployment's replacement task set, 0 to 100. */
  public void trafficWeight(HasMetadata deployment, int replacementPercent) {
    String key = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    trafficWeights
        .computeIfAbsent(
            key,
            k -> {
              AtomicInteger weight = new AtomicInteger();
              registry.gauge(
                  "ecsdeploy_production_traffic_replacement_percent",
                  Tags.of(
                      "namespace",
                      deployment.getMetadata().getNamespace(),
                      "deployment",
                      deployment.getMetadata().getName()),
                  weight);
              return weight;
            })
        .set(replacementPercent);
  }
}
