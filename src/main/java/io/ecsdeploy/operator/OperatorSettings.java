package io.ecsdeploy.operator;

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
 *   <li>{@code AWS_REGION}: the default region of groups whose application names none.
 *   <li>{@code ECSDEPLOY_AWS_ENDPOINT}, {@code ECSDEPLOY_CLOUDWATCH_ENDPOINT}: endpoint overrides,
 *       for AWS emulators or VPC endpoints.
 *   <li>{@code ECSDEPLOY_LEADER_ELECTION}: {@code true} to run the controllers only while holding a
 *       Lease, so that several replicas (or an old and a new pod during a rolling update) never act
 *       on the same deployment; default {@code false}.
 *   <li>{@code ECSDEPLOY_LEASE_NAME} (default {@code ecs-deploy-operator}) and {@code
 *       ECSDEPLOY_LEASE_NAMESPACE} (default {@code POD_NAMESPACE}, else the client's namespace):
 *       the Lease. {@code POD_NAME} names the holder.
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
    Optional<LeaderElection> leaderElection) {

  /** The Lease that decides which replica runs the controllers. */
  public record LeaderElection(
      String leaseName, Optional<String> leaseNamespace, Optional<String> identity) {}

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
        leaderElection);
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
        leaderElection);
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
        Optional.of(election));
  }

  public static OperatorSettings fromEnvironment() {
    return from(System.getenv());
  }

  static OperatorSettings from(Map<String, String> env) {
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
        leaderElection(env));
  }

  private static Optional<LeaderElection> leaderElection(Map<String, String> env) {
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
            nonBlank(env.get("ECSDEPLOY_LEASE_NAME")).orElse("ecs-deploy-operator"),
            nonBlank(env.get("ECSDEPLOY_LEASE_NAMESPACE"))
                .or(() -> nonBlank(env.get("POD_NAMESPACE"))),
            nonBlank(env.get("POD_NAME"))));
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

  private static int positive(Map<String, String> env, String name, int defaultValue) {
    int value = intValue(env, name, defaultValue);
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + value);
    }
    return value;
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
