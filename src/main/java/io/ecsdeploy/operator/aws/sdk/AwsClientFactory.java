package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.limits.RateLimiters;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.IoUtils;

/**
 * Builds and caches the SDK clients the operator uses, one set per region and identity.
 *
 * <ul>
 *   <li><b>Credentials</b>: the operator's own come from the SDK's default chain, which covers IRSA
 *       (web identity token) and EKS Pod Identity (container credentials), unless the config gives
 *       a provider. A deployment group or application may name a role to assume; its clients then
 *       use an {@link StsAssumeRoleCredentialsProvider} (session name from the config), made once
 *       per role and region and refreshed before expiry.
 *   <li><b>Endpoints</b>: per service from {@link AwsClientConfig} ({@code ECSDEPLOY_AWS_ENDPOINT},
 *       {@code ECSDEPLOY_CLOUDWATCH_ENDPOINT}, {@code ECSDEPLOY_<SERVICE>_ENDPOINT}); S3 uses
 *       path-style addressing when its endpoint is overridden.
 *   <li><b>HTTP</b>: the URL-connection client for sync clients; standard retry mode; every call
 *       bounded by the config's API call timeout (Lambda by the hook call timeout, since a
 *       synchronous hook runs as long as the function does).
 *   <li><b>Metrics</b>: every client counts its calls and failures, and its attempts' retries and
 *       errors, in the factory's {@link AwsCallCounter}.
 * </ul>
 *
 * <p>Thread-safe. Closing the factory closes every client it made.
 */
public final class AwsClientFactory implements AutoCloseable {

  private record Key(String region, String roleArn) {}

  /** How much longer than a call's timeout its socket waits for data. */
  static final Duration SOCKET_GRACE = Duration.ofSeconds(1);

  private final AwsClientConfig config;
  private final AwsCallCounter counter;
  private final CallCountingInterceptor interceptor;
  private final AttemptCountingPublisher attempts;
  private final AwsCredentialsProvider baseCredentials;
  private final boolean ownsBaseCredentials;
  private final Map<Key, AwsClients> clients = new ConcurrentHashMap<>();
  private final RateLimiters rateLimiters;

  public AwsClientFactory(AwsClientConfig config) {
    this(config, new AwsCallCounter());
  }

  public AwsClientFactory(AwsClientConfig config, AwsCallCounter counter) {
    this.config = Objects.requireNonNull(config, "config");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.interceptor = new CallCountingInterceptor(counter);
    this.attempts = new AttemptCountingPublisher(counter);
    this.rateLimiters = new RateLimiters(config.rateLimits());
    this.ownsBaseCredentials = config.credentials() == null;
    this.baseCredentials =
        ownsBaseCredentials ? DefaultCredentialsProvider.builder().build() : config.credentials();
  }

  /** A factory configured from system properties and environment variables. */
  public static AwsClientFactory fromEnvironment() {
    return new AwsClientFactory(AwsClientConfig.fromEnvironment());
  }

  /** Counts of every call made by this factory's clients. */
  public AwsCallCounter callCounter() {
    return counter;
  }

  public AwsClientConfig config() {
    return config;
  }

  /** The client-side rate limits of every client this factory makes. */
  public RateLimiters rateLimiters() {
    return rateLimiters;
  }

  /** Clients for a region, acting as the operator itself. */
  public AwsClients clients(String region) {
    return clients(region, null);
  }

  /**
   * Clients for a region, acting as the given role (assumed with STS), or as the operator itself
   * when {@code roleArn} is null or blank.
   */
  public AwsClients clients(String region, String roleArn) {
    Objects.requireNonNull(region, "region");
    String role = roleArn == null || roleArn.isBlank() ? null : roleArn;
    return clients.computeIfAbsent(new Key(region, role), this::build);
  }

  private AwsClients build(Key key) {
    Region region = Region.of(key.region());
    ExecutionInterceptor limits =
        new RateLimitingInterceptor(
            rateLimiters, RateLimitingInterceptor.accountOf(key.roleArn()), key.region());
    StsClient sts = null;
    StsAssumeRoleCredentialsProvider assumed = null;
    AwsCredentialsProvider credentials = baseCredentials;
    if (key.roleArn() != null) {
      sts =
          configure(
                  StsClient.builder(),
                  AwsService.STS,
                  region,
                  baseCredentials,
                  config.apiCallTimeout(),
                  null)
              .build();
      StsClient stsClient = sts;
      assumed =
          StsAssumeRoleCredentialsProvider.builder()
              .stsClient(stsClient)
              .refreshRequest(
                  r -> r.roleArn(key.roleArn()).roleSessionName(config.roleSessionName()))
              .build();
      credentials = assumed;
    }
    Duration timeout = config.apiCallTimeout();
    URI s3Endpoint = config.endpointFor(AwsService.S3);
    S3Client s3 =
        configure(S3Client.builder(), AwsService.S3, region, credentials, timeout, limits)
            .forcePathStyle(s3Endpoint != null)
            .build();
    AutoCloseable roleResources = closeAll(assumed, sts);
    return new AwsClients(
        key.region(),
        key.roleArn(),
        configure(EcsClient.builder(), AwsService.ECS, region, credentials, timeout, limits)
            .build(),
        configure(
                ElasticLoadBalancingV2Client.builder(),
                AwsService.ELBV2,
                region,
                credentials,
                timeout,
                limits)
            .build(),
        configure(
                LambdaClient.builder(),
                AwsService.LAMBDA,
                region,
                credentials,
                config.hookCallTimeout(),
                limits)
            .build(),
        configure(
                CloudWatchClient.builder(),
                AwsService.CLOUDWATCH,
                region,
                credentials,
                timeout,
                limits)
            .build(),
        configure(SnsClient.builder(), AwsService.SNS, region, credentials, timeout, limits)
            .build(),
        s3,
        configure(
                EventBridgeClient.builder(),
                AwsService.EVENTBRIDGE,
                region,
                credentials,
                timeout,
                limits)
            .build(),
        roleResources,
        config.readCacheTtl());
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder,
      AwsService service,
      Region region,
      AwsCredentialsProvider credentials,
      Duration callTimeout,
      ExecutionInterceptor limits) {
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder();
    if (limits != null) {
      override.addExecutionInterceptor(limits);
    }
    builder
        .region(region)
        .credentialsProvider(credentials)
        .overrideConfiguration(
            override
                .addExecutionInterceptor(interceptor)
                .addMetricPublisher(attempts)
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(callTimeout)
                .build());
    // The socket waits a little longer than the call may take: a reply that never comes ends the
    // call with the call's timeout, not with a read error the SDK would retry by sending the
    // request
    // again. The operator makes a call whose outcome is unknown again only after reading AWS (a
    // task
    // set is adopted by its external id, weights already set are left alone).
    builder.httpClientBuilder(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(callTimeout.plus(SOCKET_GRACE)));
    URI endpoint = config.endpointFor(service);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  private static AutoCloseable closeAll(AutoCloseable... resources) {
    return () -> {
      for (AutoCloseable resource : resources) {
        if (resource != null) {
          IoUtils.closeQuietly(resource, null);
        }
      }
    };
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::close);
    clients.clear();
    if (ownsBaseCredentials && baseCredentials instanceof AutoCloseable closeable) {
      IoUtils.closeQuietly(closeable, null);
    }
  }
}
