package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.limits.RateLimitSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How {@link AwsClientFactory} builds clients.
 *
 * <p>{@link #fromEnvironment()} reads, system properties first, then environment variables:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>Environment</th><th>System property</th><th>Meaning</th></tr>
 *   <tr><td>{@code ECSDEPLOY_AWS_ENDPOINT}</td><td>{@code ecsdeploy.aws.endpoint}</td>
 *       <td>endpoint for every service (an emulator such as moto, or a VPC endpoint proxy)</td></tr>
 *   <tr><td>{@code ECSDEPLOY_CLOUDWATCH_ENDPOINT}</td><td>{@code ecsdeploy.cloudwatch.endpoint}</td>
 *       <td>endpoint for CloudWatch only (its SDK client speaks RPC v2 CBOR, which some emulators
 *       serve on a separate port)</td></tr>
 *   <tr><td>{@code ECSDEPLOY_<SERVICE>_ENDPOINT} for ECS, ELBV2, LAMBDA, SNS, S3, STS,
 *       EVENTBRIDGE</td>
 *       <td>{@code ecsdeploy.<service>.endpoint}</td>
 *       <td>endpoint for that service; wins over the default endpoint</td></tr>
 *   <tr><td>{@code ECSDEPLOY_AWS_CALL_TIMEOUT}</td><td>{@code ecsdeploy.aws.call.timeout}</td>
 *       <td>seconds one AWS call may take, the SDK's retries included (default 30); a call whose
 *       reply is lost fails after this long</td></tr>
 *   <tr><td>{@code ECSDEPLOY_READ_CACHE_TTL}</td><td>{@code ecsdeploy.read.cache.ttl}</td>
 *       <td>how long deployments share a read of a service, a listener or rule, or an alarm
 *       ({@code 2s}, {@code 1500ms}; {@code 0} turns sharing off; default 2s)</td></tr>
 *   <tr><td>{@code ECSDEPLOY_AWS_RATE_LIMITS_ENABLED}</td>
 *       <td>{@code ecsdeploy.aws.rate.limits.enabled}</td>
 *       <td>{@code false} turns the client-side rate limits off (default true)</td></tr>
 *   <tr><td>{@code ECSDEPLOY_AWS_RATE_LIMIT_SHARE}</td><td>{@code ecsdeploy.aws.rate.limit.share}</td>
 *       <td>the share (0, 1] of AWS's documented rates the operator may use (default 0.95: a
 *       margin for calls the network bunches up)</td></tr>
 *   <tr><td>{@code ECSDEPLOY_AWS_RATE_LIMITS}</td><td>{@code ecsdeploy.aws.rate.limits}</td>
 *       <td>rates per API class, winning over the share: {@code elb-write=2/10,ecs-read=10}</td></tr>
 * </table>
 *
 * <p>Without any of them the SDK's own endpoint resolution applies (including its {@code
 * AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} variables). Credentials come from the
 * SDK's default chain (environment, web identity token for IRSA, EKS Pod Identity, profiles,
 * container and instance metadata) unless {@link #credentials} is set.
 *
 * @param defaultEndpoint endpoint for every service without its own, or {@code null}
 * @param serviceEndpoints endpoint per service, winning over the default
 * @param credentials the operator's own credentials, or {@code null} for the default chain
 * @param apiCallTimeout how long one SDK call may take, retries included
 * @param hookCallTimeout how long a synchronous hook invocation may take
 * @param roleSessionName the session name for assumed roles (shows in CloudTrail)
 * @param readCacheTtl how long a shared read serves the deployments that ask for it; zero: every
 *     read goes to AWS
 * @param rateLimits the client-side limits on calls
 */
public record AwsClientConfig(
    URI defaultEndpoint,
    Map<AwsService, URI> serviceEndpoints,
    AwsCredentialsProvider credentials,
    Duration apiCallTimeout,
    Duration hookCallTimeout,
    String roleSessionName,
    Duration readCacheTtl,
    RateLimitSettings rateLimits) {

  public static final Duration DEFAULT_READ_CACHE_TTL = Duration.ofSeconds(2);
  public static final String READ_CACHE_TTL_VARIABLE = "ECSDEPLOY_READ_CACHE_TTL";
  public static final String READ_CACHE_TTL_PROPERTY = "ecsdeploy.read.cache.ttl";
  public static final String RATE_LIMITS_ENABLED_VARIABLE = "ECSDEPLOY_AWS_RATE_LIMITS_ENABLED";
  public static final String RATE_LIMITS_ENABLED_PROPERTY = "ecsdeploy.aws.rate.limits.enabled";
  public static final String RATE_LIMIT_SHARE_VARIABLE = "ECSDEPLOY_AWS_RATE_LIMIT_SHARE";
  public static final String RATE_LIMIT_SHARE_PROPERTY = "ecsdeploy.aws.rate.limit.share";
  public static final String RATE_LIMITS_VARIABLE = "ECSDEPLOY_AWS_RATE_LIMITS";
  public static final String RATE_LIMITS_PROPERTY = "ecsdeploy.aws.rate.limits";

  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_HOOK_CALL_TIMEOUT = Duration.ofMinutes(5);
  public static final String DEFAULT_ROLE_SESSION_NAME = "ecs-deploy-operator";

  public static final String DEFAULT_ENDPOINT_VARIABLE = "ECSDEPLOY_AWS_ENDPOINT";
  public static final String DEFAULT_ENDPOINT_PROPERTY = "ecsdeploy.aws.endpoint";
  public static final String CALL_TIMEOUT_VARIABLE = "ECSDEPLOY_AWS_CALL_TIMEOUT";
  public static final String CALL_TIMEOUT_PROPERTY = "ecsdeploy.aws.call.timeout";

  public AwsClientConfig {
    EnumMap<AwsService, URI> copy = new EnumMap<>(AwsService.class);
    if (serviceEndpoints != null) {
      copy.putAll(serviceEndpoints);
    }
    serviceEndpoints = Collections.unmodifiableMap(copy);
    apiCallTimeout = Objects.requireNonNullElse(apiCallTimeout, DEFAULT_API_CALL_TIMEOUT);
    hookCallTimeout = Objects.requireNonNullElse(hookCallTimeout, DEFAULT_HOOK_CALL_TIMEOUT);
    roleSessionName = Objects.requireNonNullElse(roleSessionName, DEFAULT_ROLE_SESSION_NAME);
    readCacheTtl = Objects.requireNonNullElse(readCacheTtl, Duration.ZERO);
    if (readCacheTtl.isNegative()) {
      throw new IllegalArgumentException(
          "the read cache TTL must not be negative: " + readCacheTtl);
    }
    rateLimits = Objects.requireNonNullElse(rateLimits, RateLimitSettings.off());
  }

  /**
   * Settings without shared reads and without rate limits: every read goes to AWS as it is asked
   * for, as tests that look at single calls want. {@link #fromEnvironment()} turns both on.
   */
  public AwsClientConfig(
      URI defaultEndpoint,
      Map<AwsService, URI> serviceEndpoints,
      AwsCredentialsProvider credentials,
      Duration apiCallTimeout,
      Duration hookCallTimeout,
      String roleSessionName) {
    this(
        defaultEndpoint,
        serviceEndpoints,
        credentials,
        apiCallTimeout,
        hookCallTimeout,
        roleSessionName,
        Duration.ZERO,
        RateLimitSettings.off());
  }

  /** Real AWS endpoints and the default credentials chain. */
  public static AwsClientConfig defaults() {
    return new AwsClientConfig(null, Map.of(), null, null, null, null);
  }

  /** The settings in this JVM's system properties and environment (see the class comment). */
  public static AwsClientConfig fromEnvironment() {
    return fromEnvironment(System.getenv(), System.getProperties());
  }

  /** The settings in these environment variables and system properties. */
  public static AwsClientConfig fromEnvironment(Map<String, String> env, Properties properties) {
    URI defaultEndpoint =
        uri(properties, DEFAULT_ENDPOINT_PROPERTY, env, DEFAULT_ENDPOINT_VARIABLE);
    Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
    for (AwsService service : AwsService.values()) {
      URI endpoint = uri(properties, service.systemProperty(), env, service.environmentVariable());
      if (endpoint != null) {
        endpoints.put(service, endpoint);
      }
    }
    Duration ttl =
        readCacheTtl(value(properties, READ_CACHE_TTL_PROPERTY, env, READ_CACHE_TTL_VARIABLE));
    return new AwsClientConfig(
        defaultEndpoint,
        endpoints,
        null,
        seconds(properties, CALL_TIMEOUT_PROPERTY, env, CALL_TIMEOUT_VARIABLE),
        null,
        null,
        ttl,
        rateLimits(properties, env));
  }

  private static RateLimitSettings rateLimits(Properties properties, Map<String, String> env) {
    String enabled =
        value(properties, RATE_LIMITS_ENABLED_PROPERTY, env, RATE_LIMITS_ENABLED_VARIABLE);
    if (enabled != null
        && !enabled.equalsIgnoreCase("true")
        && !enabled.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          RATE_LIMITS_ENABLED_VARIABLE + " must be true or false, not '" + enabled + "'");
    }
    String share = value(properties, RATE_LIMIT_SHARE_PROPERTY, env, RATE_LIMIT_SHARE_VARIABLE);
    double fraction;
    try {
      fraction = share == null ? RateLimitSettings.DEFAULT_SHARE : Double.parseDouble(share);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          RATE_LIMIT_SHARE_VARIABLE + " must be a number in (0, 1], not '" + share + "'");
    }
    return new RateLimitSettings(
        enabled == null || enabled.equalsIgnoreCase("true"),
        fraction,
        RateLimitSettings.parseOverrides(
            value(properties, RATE_LIMITS_PROPERTY, env, RATE_LIMITS_VARIABLE)));
  }

  /** {@code 2s}, {@code 1500ms} or {@code 0}; unset: the default. */
  static Duration readCacheTtl(String value) {
    if (value == null) {
      return DEFAULT_READ_CACHE_TTL;
    }
    var match = java.util.regex.Pattern.compile("(\\d+)(ms|s)?").matcher(value);
    if (!match.matches() || (match.group(2) == null && !match.group(1).equals("0"))) {
      throw new IllegalArgumentException(
          READ_CACHE_TTL_VARIABLE
              + " must be a duration such as 2s or 1500ms (0: off), not '"
              + value
              + "'");
    }
    long amount = Long.parseLong(match.group(1));
    return "ms".equals(match.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
  }

  private static String value(
      Properties properties, String property, Map<String, String> env, String variable) {
    String value = properties.getProperty(property);
    if (value == null || value.isBlank()) {
      value = env.get(variable);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The endpoint to use for a service, or {@code null} for the SDK's own resolution. */
  public URI endpointFor(AwsService service) {
    URI specific = serviceEndpoints.get(service);
    return specific != null ? specific : defaultEndpoint;
  }

  public AwsClientConfig withCredentials(AwsCredentialsProvider provider) {
    return new AwsClientConfig(
        defaultEndpoint,
        serviceEndpoints,
        provider,
        apiCallTimeout,
        hookCallTimeout,
        roleSessionName,
        readCacheTtl,
        rateLimits);
  }

  public AwsClientConfig withEndpoint(AwsService service, URI endpoint) {
    Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
    endpoints.putAll(serviceEndpoints);
    endpoints.put(service, endpoint);
    return new AwsClientConfig(
        defaultEndpoint,
        endpoints,
        credentials,
        apiCallTimeout,
        hookCallTimeout,
        roleSessionName,
        readCacheTtl,
        rateLimits);
  }

  public AwsClientConfig withDefaultEndpoint(URI endpoint) {
    return new AwsClientConfig(
        endpoint,
        serviceEndpoints,
        credentials,
        apiCallTimeout,
        hookCallTimeout,
        roleSessionName,
        readCacheTtl,
        rateLimits);
  }

  /** These settings with reads shared for {@code ttl} (zero: not shared). */
  public AwsClientConfig withReadCacheTtl(Duration ttl) {
    return new AwsClientConfig(
        defaultEndpoint,
        serviceEndpoints,
        credentials,
        apiCallTimeout,
        hookCallTimeout,
        roleSessionName,
        ttl,
        rateLimits);
  }

  /** These settings with these rate limits. */
  public AwsClientConfig withRateLimits(RateLimitSettings limits) {
    return new AwsClientConfig(
        defaultEndpoint,
        serviceEndpoints,
        credentials,
        apiCallTimeout,
        hookCallTimeout,
        roleSessionName,
        readCacheTtl,
        limits);
  }

  private static Duration seconds(
      Properties properties, String property, Map<String, String> env, String variable) {
    String value = properties.getProperty(property);
    if (value == null || value.isBlank()) {
      value = env.get(variable);
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int seconds = Integer.parseInt(value.trim());
      if (seconds < 1) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          property + " / " + variable + " must be a whole number of seconds, not '" + value + "'");
    }
  }

  private static URI uri(
      Properties properties, String property, Map<String, String> env, String variable) {
    String value = properties.getProperty(property);
    if (value == null || value.isBlank()) {
      value = env.get(variable);
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    URI uri = URI.create(value.trim());
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          property + " / " + variable + " must be an absolute http(s) URL: " + value);
    }
    return uri;
  }
}
