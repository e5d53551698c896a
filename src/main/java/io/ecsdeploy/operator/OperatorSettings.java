package io.ecsdeploy.operator;

import io.ecsdeploy.operator.reconciler.LabelSelector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from environment variables (the Helm chart sets them):
 *
 * <ul>
 *   <li>{@code ECSDEPLOY_WATCH_NAMESPACES}: comma-separated namespaces to watch; empty or unset
 *       watches all namespaces.
 *   <li>{@code ECSDEPLOY_HTTP_PORT}: port of the metrics ({@code /metrics}) and health ({@code
 *       /healthz}, {@code /readyz}) endpoints, default 8080.
 *   <li>{@code ECSDEPLOY_HOOKS_PORT}: port of the CodeDeploy-compatible hook status endpoint,
 *       default 8081.
 *   <li>{@code ECSDEPLOY_HOOKS_REQUEST_TIMEOUT}: how long a client of the hook endpoint may take to
 *       send one request, line, headers and body, as seconds, default 10; a slower one has its
 *       connection closed, so that it cannot hold the endpoint's few worker threads.
 *   <li>{@code ECSDEPLOY_POLL_INTERVAL}: how often a running deployment re-reads AWS while it
 *       waits, as seconds, default 5.
 *   <li>{@code ECSDEPLOY_GROUP_CHECK_INTERVAL}: how often a deployment group re-checks its service,
 *       listeners, target groups and alarms in AWS when nothing about it changed, as seconds,
 *       default 600.
 *   <li>{@code ECSDEPLOY_LABEL_SELECTOR}: act only on the deployment groups and deployments whose
 *       labels match this selector (Kubernetes syntax), so that several installations can share a
 *       cluster; empty or unset acts on all.
 *   <li>{@code AWS_REGION}: the default region of groups whose application names none.
 *   <li>{@code ECSDEPLOY_AWS_ENDPOINT}, {@code ECSDEPLOY_CLOUDWATCH_ENDPOINT}: endpoint overrides,
 *       for AWS emulators or VPC endpoints.
 *   <li>{@code ECSDEPLOY_LEADER_ELECTION}: {@code true} to run the controllers only while holding a
 *       Lease, so that several replicas (or an old and a new pod during a rolling update) never act
 *       on the same deployment; default {@code false}.
 *   <li>{@code ECSDEPLOY_LEASE_NAME} (default {@code ecs-deploy-operator}, followed with a label
 *       selector by a hash of it, so that installations with different selectors hold different
 *       Leases) and {@code ECSDEPLOY_LEASE_NAMESPACE} (default {@code POD_NAMESPACE}, else the
 *       client's namespace): the Lease. {@code POD_NAME} names the holder.
 *   <li>{@code ECSDEPLOY_LEASE_DURATION}: how long the Lease holds without a renewal, as seconds,
 *       default 10 (at least 3): a standby takes over about this long after the holder dies. The
 *       holder renews every tenth of it and gives up (the process exits, to be restarted) when it
 *       could not renew for two thirds of it, before a standby may take the Lease.
 * </ul>
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    int httpPort,
    int hooksPort,
    Duration hooksRequestTimeout,
    Duration pollInterval,
    String defaultRegion,
    Optional<String> awsEndpoint,
    Optional<String> cloudWatchEndpoint,
    Optional<LeaderElection> leaderElection,
    Duration groupCheckInterval,
    LabelSelector labelSelector) {

  static final String DEFAULT_LEASE_NAME = "ecs-deploy-operator";

  /** The default {@code ECSDEPLOY_LEASE_DURATION}. */
  static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(10);

  /**
   * The Lease that decides which replica runs the controllers. A standby takes over after {@code
   * leaseDuration} without a renewal; the holder stops after {@link #renewDeadline()} without one,
   * before that; it renews (and a standby looks) every {@link #retryPeriod()}.
   */
  public record LeaderElection(
      String leaseName,
      Optional<String> leaseNamespace,
      Optional<String> identity,
      Duration leaseDuration) {

    public LeaderElection(
        String leaseName, Optional<String> leaseNamespace, Optional<String> identity) {
      this(leaseName, leaseNamespace, identity, DEFAULT_LEASE_DURATION);
    }

    /** Two thirds of the lease: the holder stops acting well before a standby may take over. */
    public Duration renewDeadline() {
      return leaseDuration.multipliedBy(2).dividedBy(3);
    }

    /**
     * A tenth of the lease: a dead holder is noticed a tenth (plus up to 120% jitter) after the
     * Lease ran out, and a live one has several tries to renew before its deadline.
     */
    public Duration retryPeriod() {
      return leaseDuration.dividedBy(10);
    }
  }

  public OperatorSettings withWatchNamespaces(Set<String> namespaces) {
    return new OperatorSettings(
        Set.copyOf(namespaces),
        httpPort,
        hooksPort,
        hooksRequestTimeout,
        pollInterval,
        defaultRegion,
        awsEndpoint,
        cloudWatchEndpoint,
        leaderElection,
        groupCheckInterval,
        labelSelector);
  }

  public OperatorSettings withHooksRequestTimeout(Duration timeout) {
    return new OperatorSettings(
        watchNamespaces,
        httpPort,
        hooksPort,
        timeout,
        pollInterval,
        defaultRegion,
        awsEndpoint,
        cloudWatchEndpoint,
        leaderElection,
        groupCheckInterval,
        labelSelector);
  }

  public OperatorSettings withLeaderElection(LeaderElection election) {
    return new OperatorSettings(
        watchNamespaces,
        httpPort,
        hooksPort,
        hooksRequestTimeout,
        pollInterval,
        defaultRegion,
        awsEndpoint,
        cloudWatchEndpoint,
        Optional.of(election),
        groupCheckInterval,
        labelSelector);
  }

  public OperatorSettings withLabelSelector(LabelSelector selector) {
    return new OperatorSettings(
        watchNamespaces,
        httpPort,
        hooksPort,
        hooksRequestTimeout,
        pollInterval,
        defaultRegion,
        awsEndpoint,
        cloudWatchEndpoint,
        leaderElection,
        groupCheckInterval,
        selector);
  }

  public OperatorSettings withGroupCheckInterval(Duration interval) {
    return new OperatorSettings(
        watchNamespaces,
        httpPort,
        hooksPort,
        hooksRequestTimeout,
        pollInterval,
        defaultRegion,
        awsEndpoint,
        cloudWatchEndpoint,
        leaderElection,
        interval,
        labelSelector);
  }

  public static OperatorSettings fromEnvironment() {
    return from(System.getenv());
  }

  static OperatorSettings from(Map<String, String> env) {
    LabelSelector selector;
    try {
      selector = LabelSelector.parse(env.get("ECSDEPLOY_LABEL_SELECTOR"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ECSDEPLOY_LABEL_SELECTOR: " + e.getMessage(), e);
    }
    Set<String> namespaces =
        Arrays.stream(env.getOrDefault("ECSDEPLOY_WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    return new OperatorSettings(
        namespaces,
        intValue(env, "ECSDEPLOY_HTTP_PORT", 8080),
        intValue(env, "ECSDEPLOY_HOOKS_PORT", 8081),
        Duration.ofSeconds(positive(env, "ECSDEPLOY_HOOKS_REQUEST_TIMEOUT", 10)),
        Duration.ofSeconds(intValue(env, "ECSDEPLOY_POLL_INTERVAL", 5)),
        env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")),
        nonBlank(env.get("ECSDEPLOY_AWS_ENDPOINT")),
        nonBlank(env.get("ECSDEPLOY_CLOUDWATCH_ENDPOINT")),
        leaderElection(env, selector),
        Duration.ofSeconds(positive(env, "ECSDEPLOY_GROUP_CHECK_INTERVAL", 600)),
        selector);
  }

  private static Optional<LeaderElection> leaderElection(
      Map<String, String> env, LabelSelector selector) {
    String enabled = env.getOrDefault("ECSDEPLOY_LEADER_ELECTION", "false").trim();
    if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          "ECSDEPLOY_LEADER_ELECTION must be true or false, not '" + enabled + "'");
    }
    if (enabled.equalsIgnoreCase("false")) {
      return Optional.empty();
    }
    return Optional.of(
        new LeaderElection(
            nonBlank(env.get("ECSDEPLOY_LEASE_NAME")).orElse(defaultLeaseName(selector)),
            nonBlank(env.get("ECSDEPLOY_LEASE_NAMESPACE"))
                .or(() -> nonBlank(env.get("POD_NAMESPACE"))),
            nonBlank(env.get("POD_NAME")),
            Duration.ofSeconds(
                atLeast(
                    env,
                    "ECSDEPLOY_LEASE_DURATION",
                    (int) DEFAULT_LEASE_DURATION.toSeconds(),
                    MINIMUM_LEASE_SECONDS))));
  }

  /** Below this the retry period (a tenth) is shorter than a round trip to a busy API server. */
  private static final int MINIMUM_LEASE_SECONDS = 3;

  /**
   * {@value #DEFAULT_LEASE_NAME}, and with a selector a short hash of it: two installations with
   * different selectors must not wait for one Lease, or only one of them would run.
   */
  static String defaultLeaseName(LabelSelector selector) {
    if (selector.isEverything()) {
      return DEFAULT_LEASE_NAME;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(selector.text().getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(DEFAULT_LEASE_NAME).append('-');
      for (int i = 0; i < 5; i++) {
        hex.append(String.format("%02x", hash[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int positive(Map<String, String> env, String name, int defaultValue) {
    return atLeast(env, name, defaultValue, 1);
  }

  private static int atLeast(Map<String, String> env, String name, int defaultValue, int least) {
    int value = intValue(env, name, defaultValue);
    if (value < least) {
      throw new IllegalArgumentException(name + " must be at least " + least + ", not " + value);
    }
    return value;
  }

  private static int intValue(Map<String, String> env, String name, int defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
