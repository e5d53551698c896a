package io.ecsdeploy.operator.aws.sdk;

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
 */
public record AwsClientConfig(
    URI defaultEndpoint,
    Map<AwsService, URI> serviceEndpoints,
    AwsCredentialsProvider credentials,
    Duration apiCallTimeout,
    Duration hookCallTimeout,
    String roleSessionName) {

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
    return new AwsClientConfig(
        defaultEndpoint,
        endpoints,
        null,
        seconds(properties, CALL_TIMEOUT_PROPERTY, env, CALL_TIMEOUT_VARIABLE),
        null,
        null);
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
        roleSessionName);
  }

  public AwsClientConfig withEndpoint(AwsService service, URI endpoint) {
    Map<AwsService, URI> endpoints = new EnumMap<>(AwsService.class);
    endpoints.putAll(serviceEndpoints);
    endpoints.put(service, endpoint);
    return new AwsClientConfig(
        defaultEndpoint, endpoints, credentials, apiCallTimeout, hookCallTimeout, roleSessionName);
  }

  public AwsClientConfig withDefaultEndpoint(URI endpoint) {
    return new AwsClientConfig(
        endpoint, serviceEndpoints, credentials, apiCallTimeout, hookCallTimeout, roleSessionName);
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
