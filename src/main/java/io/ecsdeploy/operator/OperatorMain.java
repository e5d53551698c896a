package io.ecsdeploy.operator;

import io.ecsdeploy.operator.aws.AwsAccess;
import io.ecsdeploy.operator.aws.sdk.AwsClientFactory;
import io.ecsdeploy.operator.aws.sdk.SdkAwsAccess;
import io.ecsdeploy.operator.hooks.LifecycleHookEndpoint;
import io.ecsdeploy.operator.metrics.AwsCallMetrics;
import io.ecsdeploy.operator.metrics.DeploymentMetrics;
import io.ecsdeploy.operator.metrics.ManagementServer;
import io.ecsdeploy.operator.metrics.OperatorMeters;
import io.ecsdeploy.operator.reconciler.EcsApplicationReconciler;
import io.ecsdeploy.operator.reconciler.EcsDeploymentConfigReconciler;
import io.ecsdeploy.operator.reconciler.EcsDeploymentGroupReconciler;
import io.ecsdeploy.operator.reconciler.EcsDeploymentReconciler;
import io.ecsdeploy.operator.reconciler.EventRecorder;
import io.ecsdeploy.operator.reconciler.HookReportInbox;
import io.ecsdeploy.operator.reconciler.WithoutManagedFields;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator: the four controllers, the CodeDeploy-compatible hook endpoint, and the metrics
 * and health endpoints. Kubernetes access comes from the usual places (in-cluster service account,
 * or {@code KUBECONFIG}); AWS access from the SDK's default credential chain.
 */
public final class OperatorMain implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  /**
   * Reconciles running at once, for all four controllers together (JOSDK's default is 50). A
   * reconcile spends its time waiting, not computing: on AWS (tens of milliseconds a call, seconds
   * when AWS throttles and the SDK backs off) and, when it invokes a hook function, up to 10 s for
   * its synchronous answer. A thousand deployments waiting with the default 5 s poll take 200
   * reconciles a second, which keep about 20 threads busy; the rest are there so that a burst of
   * deployments starting their hooks at once (each holding a thread for its hook's answer) does not
   * stall the polls of all the others. JOSDK never reconciles one resource on two threads, so more
   * threads than that would only cost memory (a stack each).
   */
  static final int RECONCILE_THREADS = 100;

  /**
   * At most this many reconciles of one resource per {@link #RECONCILE_RATE_PERIOD}. A healthy
   * deployment takes one reconcile per step: at its busiest (five hooks with their notifications
   * and weight changes in a few seconds) about 40 in ten seconds, so the limit never holds one up.
   * It is there for a resource whose reconcile loops (one that keeps asking to run again at once):
   * 10 reconciles a second, each with its AWS reads, instead of as many as a thread can make.
   */
  static final int RECONCILES_PER_PERIOD = 100;

  static final Duration RECONCILE_RATE_PERIOD = Duration.ofSeconds(10);

  private final Operator operator;
  private final LifecycleHookEndpoint hookEndpoint;
  private final ManagementServer management;
  private final AwsClientFactory awsClients;
  private final OperatorMeters meters;

  private OperatorMain(
      Operator operator,
      LifecycleHookEndpoint hookEndpoint,
      ManagementServer management,
      AwsClientFactory awsClients,
      OperatorMeters meters) {
    this.operator = operator;
    this.hookEndpoint = hookEndpoint;
    this.management = management;
    this.awsClients = awsClients;
    this.meters = meters;
  }

  /**
   * Runs until the process is stopped. Exits with status 1 and one clear log line when it cannot
   * start, for example when the API server cannot be reached, rather than staying up without
   * controllers: the container restarts (with back-off) and its log says why.
   */
  public static void main(String[] args) throws InterruptedException {
    OperatorMain running;
    try {
      OperatorSettings settings = OperatorSettings.fromEnvironment();
      KubernetesClient client = new KubernetesClientBuilder().build();
      requireApiServer(client);
      running = start(settings, client, AwsClientFactory.fromEnvironment());
    } catch (CannotStart e) {
      LOG.error("ecs-deploy-operator cannot start: {}", e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException | IOException e) {
      LOG.error("ecs-deploy-operator cannot start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "shutdown"));
    Thread.currentThread().join();
  }

  /** Asks the API server for its version: the first request, whose failure says it all. */
  static void requireApiServer(KubernetesClient client) {
    try {
      VersionInfo version = client.getKubernetesVersion();
      LOG.info("Kubernetes API server {} ({})", client.getMasterUrl(), version.getGitVersion());
    } catch (KubernetesClientException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new CannotStart(
          "the Kubernetes API server at "
              + client.getMasterUrl()
              + " did not answer GET /version: "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
          e);
    }
  }

  /** A reason not to start that the message explains fully (no stack trace needed). */
  static final class CannotStart extends RuntimeException {
    CannotStart(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Starts everything; the caller closes the result to stop it. */
  public static OperatorMain start(
      OperatorSettings settings, KubernetesClient client, AwsClientFactory awsClients)
      throws IOException {
    Clock clock = Clock.systemUTC();
    OperatorMeters meters = OperatorMeters.create();
    PrometheusMeterRegistry registry = meters.registry();
    AwsAccess aws = new SdkAwsAccess(awsClients);
    EventRecorder events = new EventRecorder(client, clock);
    HookReportInbox inbox =
        new HookReportInbox(client, settings.watchNamespaces(), settings.labelSelector());
    DeploymentMetrics metrics = new DeploymentMetrics(registry);
    AwsCallMetrics.bind(awsClients.callCounter(), registry);
    AwsCallMetrics.bind(awsClients.rateLimiters(), registry);
    LOG.info(
        "AWS reads shared by deployments for {} ms; client-side AWS rate limits (calls/s/burst):"
            + " {}",
        awsClients.config().readCacheTtl().toMillis(),
        awsClients.config().rateLimits().describe());

    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withMetrics(MicrometerMetricsV2.newBuilder(registry).build())
                  .withConcurrentReconciliationThreads(RECONCILE_THREADS);
              settings
                  .leaderElection()
                  .ifPresent(le -> o.withLeaderElectionConfiguration(lease(le)));
            });
    // Applications and deployment configurations are shared by every installation; groups and
    // deployments are split between installations by their label selectors.
    operator.register(new EcsApplicationReconciler(clock), watching(settings, false));
    operator.register(new EcsDeploymentConfigReconciler(clock), watching(settings, false));
    operator.register(
        new EcsDeploymentGroupReconciler(
            aws,
            clock,
            settings.defaultRegion(),
            events,
            settings.groupCheckInterval(),
            settings.labelSelector()),
        watching(settings, true));
    operator.register(
        new EcsDeploymentReconciler(
            aws,
            clock,
            settings.pollInterval(),
            settings.defaultRegion(),
            inbox,
            events,
            metrics,
            settings.labelSelector()),
        watching(settings, true));

    LifecycleHookEndpoint hookEndpoint =
        LifecycleHookEndpoint.start(
            new InetSocketAddress(settings.hooksPort()), inbox, settings.hooksRequestTimeout());
    operator.start();
    ManagementServer management =
        ManagementServer.start(
            new InetSocketAddress(settings.httpPort()),
            registry,
            () -> operator.getRuntimeInfo().allEventSourcesAreHealthy());
    LOG.info(
        "ecs-deploy-operator started: hooks on :{}, metrics and health on :{}, watching {}{}{}",
        hookEndpoint.port(),
        management.port(),
        settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
        settings.labelSelector().isEverything()
            ? ""
            : ", groups and deployments labelled " + settings.labelSelector(),
        settings
            .leaderElection()
            .map(
                le ->
                    ", controllers run while holding Lease "
                        + le.leaseName()
                        + " ("
                        + le.leaseDuration().toSeconds()
                        + " s without renewal hands it to a standby)")
            .orElse(""));
    return new OperatorMain(operator, hookEndpoint, management, awsClients, meters);
  }

  private static LeaderElectionConfiguration lease(OperatorSettings.LeaderElection election) {
    LeaderElectionConfigurationBuilder lease =
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName());
    election.leaseNamespace().ifPresent(lease::withLeaseNamespace);
    election.identity().ifPresent(lease::withIdentity);
    return lease
        .withLeaseDuration(election.leaseDuration())
        .withRenewDeadline(election.renewDeadline())
        .withRetryPeriod(election.retryPeriod())
        .build();
  }

  /**
   * A controller's namespaces, label selector ({@code selected}: it acts on groups or deployments),
   * rate limiter, and its informer's store: without managedFields where that is safe (see {@link
   * WithoutManagedFields}); the controller's secondary informers follow it.
   */
  private static <P extends HasMetadata> Consumer<ControllerConfigurationOverrider<P>> watching(
      OperatorSettings settings, boolean selected) {
    return overrider -> {
      if (!settings.watchNamespaces().isEmpty()) {
        overrider.settingNamespaces(settings.watchNamespaces());
      }
      if (selected && !settings.labelSelector().isEverything()) {
        overrider.withLabelSelector(settings.labelSelector().text());
      }
      if (settings.watchNamespaces().size() <= 1) {
        overrider.withItemStore(new WithoutManagedFields<>());
      }
      overrider.withRateLimiter(
          new LinearRateLimiter(RECONCILE_RATE_PERIOD, RECONCILES_PER_PERIOD));
    };
  }

  public int hooksPort() {
    return hookEndpoint.port();
  }

  public int httpPort() {
    return management.port();
  }

  @Override
  public void close() {
    management.close();
    hookEndpoint.close();
    operator.stop();
    awsClients.close();
    meters.close();
  }
}
