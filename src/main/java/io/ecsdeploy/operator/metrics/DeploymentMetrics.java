package io.ecsdeploy.operator.metrics;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's own deployment metrics, beside java-operator-sdk's reconcile metrics.
 *
 * <p>Counters and timers carry the deployment's {@code namespace} and {@code group}, which users
 * filter dashboards by, and never the deployment's name: every deployment would add series that
 * live as long as the process. Only the traffic gauge names the deployment, and only while it runs.
 */
public final class DeploymentMetrics {
  static final String TRAFFIC = "ecsdeploy_production_traffic_replacement_percent";
  static final String READY_WAIT = "ecsdeploy_ready_wait_start_time_seconds";
  static final String ANALYSIS_MEASUREMENTS = "ecsdeploy_analysis_measurements";

  private final MeterRegistry registry;
  private final Counter started;
  private final Timer reconcileCpu;
  private final Timer reconcileOwn;
  private final Timer reconcileKubernetes;
  private final Timer waitEndDelay;
  private final Map<String, Traffic> traffic = new ConcurrentHashMap<>();

  /** Deployments in the ready wait (status Ready), with the time it began, in epoch seconds. */
  private final Map<String, Gauge> readyWaits = new ConcurrentHashMap<>();

  /** A running deployment's traffic gauge and the value it reads. */
  private record Traffic(Gauge gauge, AtomicInteger percent) {}

  public DeploymentMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.started =
        Counter.builder("ecsdeploy_deployments_started")
            .description("Deployments the operator has started")
            .register(registry);
    this.reconcileCpu =
        reconcileTimer(
            "ecsdeploy_deployment_reconcile_cpu",
            "CPU time of one reconcile of a deployment",
            registry);
    this.reconcileOwn =
        reconcileTimer(
            "ecsdeploy_deployment_reconcile_own",
            "Wall-clock time of one reconcile of a deployment, less its time in AWS calls",
            registry);
    this.reconcileKubernetes =
        reconcileTimer(
            "ecsdeploy_deployment_reconcile_kubernetes",
            "Time one reconcile of a deployment spent in its own requests to the Kubernetes API"
                + " server (status writes, Events, taking its group): part of its own time",
            registry);
    this.waitEndDelay =
        reconcileTimer(
            "ecsdeploy_wait_end_delay",
            "Time from a wait's end to the hand-out of the action that follows it",
            registry);
  }

  public void started() {
    started.increment();
  }

  /** A deployment ended: Succeeded, Failed or Stopped. */
  public void finished(EcsDeployment deployment, String outcome) {
    Counter.builder("ecsdeploy_deployments_finished")
        .description("Deployments that ended, by outcome, namespace and deployment group")
        .tags(where(deployment))
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** How long a lifecycle event took, by event and outcome (Succeeded, Failed, Skipped). */
  public void lifecycleEvent(
      EcsDeployment deployment, String event, String outcome, Duration duration) {
    Timer.builder("ecsdeploy_lifecycle_event_duration")
        .description("Time from a lifecycle event's start to its end")
        .tags(where(deployment))
        .tag("event", event)
        .tag("status", outcome)
        .register(registry)
        .record(duration);
  }

  /**
   * An analysis measurement, by check, provider (cloudWatch, prometheus, web) and phase
   * (Successful, Failed, Inconclusive, Error).
   */
  public void analysisMeasurement(
      EcsDeployment deployment, String check, String provider, String phase) {
    Counter.builder(ANALYSIS_MEASUREMENTS)
        .description("Analysis measurements taken, by check, provider and phase")
        .tags(where(deployment))
        .tag("check", check)
        .tag("provider", provider)
        .tag("phase", phase)
        .register(registry)
        .increment();
  }

  /** The share of production traffic on a running deployment's replacement task set, 0 to 100. */
  public void trafficWeight(EcsDeployment deployment, int replacementPercent) {
    traffic
        .computeIfAbsent(
            key(deployment),
            k -> {
              AtomicInteger percent = new AtomicInteger();
              Gauge gauge =
                  Gauge.builder(TRAFFIC, percent, AtomicInteger::get)
                      .description(
                          "Share of production traffic on a running deployment's replacement task"
                              + " set")
                      .tags(
                          "namespace",
                          deployment.getMetadata().getNamespace(),
                          "deployment",
                          deployment.getMetadata().getName())
                      .register(registry);
              return new Traffic(gauge, percent);
            })
        .percent()
        .set(replacementPercent);
  }

  /**
   * The deployment waits in its ready wait (status Ready) since {@code since}: a gauge of that time
   * while it waits, so that an alert can say a deployment has waited too long for a continue. Set
   * again after every restart, as long as the deployment waits.
   */
  public void inReadyWait(EcsDeployment deployment, Instant since) {
    readyWaits.computeIfAbsent(
        key(deployment),
        k ->
            Gauge.builder(READY_WAIT, () -> since.toEpochMilli() / 1000.0)
                .description(
                    "When a deployment waiting in its ready wait (status Ready) began to wait, in"
                        + " seconds since the epoch; present only while it waits")
                .tags(where(deployment))
                .tag("deployment", deployment.getMetadata().getName())
                .register(registry));
  }

  /** The deployment does not (or no longer) wait in its ready wait. */
  public void notInReadyWait(EcsDeployment deployment) {
    Gauge removed = readyWaits.remove(key(deployment));
    if (removed != null) {
      registry.remove(removed);
    }
  }

  /**
   * The deployment no longer runs (it ended, or it was deleted): its traffic gauge goes, so that
   * the gauge holds the running deployments only, not every deployment the operator has seen.
   */
  public void stopped(EcsDeployment deployment) {
    Traffic removed = traffic.remove(key(deployment));
    if (removed != null) {
      registry.remove(removed.gauge());
    }
    notInReadyWait(deployment);
  }

  /**
   * One reconcile of a deployment: its CPU time, and its own time, the wall-clock time less the
   * time it waited on AWS calls. Neither names the deployment: these tell how much the operator
   * itself costs per step, whatever AWS's latency.
   */
  /**
   * One reconcile of a deployment: its CPU time, its own time (wall-clock less AWS calls) and, of
   * that, its time in requests to the API server.
   */
  public void reconciled(Duration cpu, Duration own, Duration kubernetes) {
    reconcileCpu.record(cpu);
    reconcileOwn.record(own);
    reconcileKubernetes.record(kubernetes);
  }

  /**
   * A wait ended (a traffic step's, the ready wait, the termination wait) and the action after it
   * was handed out {@code delay} after its end: how late the operator is to act on a deadline.
   */
  public void waitEnded(Duration delay) {
    waitEndDelay.record(delay.isNegative() ? Duration.ZERO : delay);
  }

  private static Timer reconcileTimer(String name, String description, MeterRegistry registry) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  private static Tags where(EcsDeployment deployment) {
    String group = deployment.getSpec() == null ? null : deployment.getSpec().deploymentGroupName;
    return Tags.of(
        "namespace",
        Objects.toString(deployment.getMetadata().getNamespace(), ""),
        "group",
        Objects.toString(group, ""));
  }

  private static String key(EcsDeployment deployment) {
    return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
  }
}
