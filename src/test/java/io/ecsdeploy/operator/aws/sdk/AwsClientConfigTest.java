package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.aws.limits.ApiClass;
import io.ecsdeploy.operator.aws.limits.Rate;
import io.ecsdeploy.operator.aws.limits.RateLimitSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AwsClientConfigTest {

  @Test
  void withoutSettingsTheSdkResolvesEndpoints() {
    AwsClientConfig config = AwsClientConfig.fromEnvironment(Map.of(), new Properties());

    for (AwsService service : AwsService.values()) {
      assertThat(config.endpointFor(service)).isNull();
    }
    assertThat(config.credentials()).isNull();
    assertThat(config.apiCallTimeout()).isEqualTo(AwsClientConfig.DEFAULT_API_CALL_TIMEOUT);
    assertThat(config.roleSessionName()).isEqualTo("ecs-deploy-operator");
  }

  @Test
  void aDefaultEndpointAppliesToEveryServiceButCloudWatchCanHaveItsOwn() {
    AwsClientConfig config =
        AwsClientConfig.fromEnvironment(
            Map.of(
                "ECSDEPLOY_AWS_ENDPOINT", "http://127.0.0.1:5000",
                "ECSDEPLOY_CLOUDWATCH_ENDPOINT", "http://127.0.0.1:4566"),
            new Properties());

    assertThat(config.endpointFor(AwsService.ECS)).isEqualTo(URI.create("http://127.0.0.1:5000"));
    assertThat(config.endpointFor(AwsService.S3)).isEqualTo(URI.create("http://127.0.0.1:5000"));
    assertThat(config.endpointFor(AwsService.CLOUDWATCH))
        .isEqualTo(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void systemPropertiesWinOverEnvironment() {
    Properties properties = new Properties();
    properties.setProperty("ecsdeploy.aws.endpoint", "http://localhost:1111");
    properties.setProperty("ecsdeploy.lambda.endpoint", "http://localhost:2222");

    AwsClientConfig config =
        AwsClientConfig.fromEnvironment(
            Map.of("ECSDEPLOY_AWS_ENDPOINT", "http://localhost:9999"), properties);

    assertThat(config.endpointFor(AwsService.ELBV2)).isEqualTo(URI.create("http://localhost:1111"));
    assertThat(config.endpointFor(AwsService.LAMBDA))
        .isEqualTo(URI.create("http://localhost:2222"));
  }

  @Test
  void theCallTimeoutIsSetInWholeSeconds() {
    assertThat(
            AwsClientConfig.fromEnvironment(
                    Map.of("ECSDEPLOY_AWS_CALL_TIMEOUT", "4"), new Properties())
                .apiCallTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(4));
    assertThatThrownBy(
            () ->
                AwsClientConfig.fromEnvironment(
                    Map.of("ECSDEPLOY_AWS_CALL_TIMEOUT", "4s"), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ECSDEPLOY_AWS_CALL_TIMEOUT must be a whole number of seconds");
    assertThatThrownBy(
            () ->
                AwsClientConfig.fromEnvironment(
                    Map.of("ECSDEPLOY_AWS_CALL_TIMEOUT", "0"), new Properties()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSdksAttemptErrorTypesAreCountedByKind() {
    assertThat(AttemptCountingPublisher.attemptError("Throttling"))
        .isEqualTo(io.ecsdeploy.operator.aws.AwsCallCounter.AttemptError.THROTTLING);
    assertThat(AttemptCountingPublisher.attemptError("ServerError"))
        .isEqualTo(io.ecsdeploy.operator.aws.AwsCallCounter.AttemptError.SERVER_ERROR);
    assertThat(AttemptCountingPublisher.attemptError("ConfiguredTimeout"))
        .isEqualTo(io.ecsdeploy.operator.aws.AwsCallCounter.AttemptError.TIMEOUT);
    assertThat(AttemptCountingPublisher.attemptError("IO"))
        .isEqualTo(io.ecsdeploy.operator.aws.AwsCallCounter.AttemptError.IO);
    assertThat(AttemptCountingPublisher.attemptError("Other"))
        .isEqualTo(io.ecsdeploy.operator.aws.AwsCallCounter.AttemptError.OTHER);
  }

  @Test
  void aRelativeEndpointIsRefused() {
    assertThatThrownBy(
            () ->
                AwsClientConfig.fromEnvironment(
                    Map.of("ECSDEPLOY_AWS_ENDPOINT", "localhost:5000"), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ECSDEPLOY_AWS_ENDPOINT");
  }

  @Test
  void sdkServiceNamesAreCountedUnderTheNamesFailuresUse() {
    assertThat(CallCountingInterceptor.serviceName("Ecs")).isEqualTo("ECS");
    assertThat(CallCountingInterceptor.serviceName("Sns")).isEqualTo("SNS");
    assertThat(CallCountingInterceptor.serviceName("Elastic Load Balancing v2"))
        .isEqualTo("ElasticLoadBalancingV2");
    assertThat(CallCountingInterceptor.serviceName("SomethingElse")).isEqualTo("SomethingElse");
    assertThat(CallCountingInterceptor.serviceName(null)).isEqualTo("unknown");
  }

  @Test
  void readsAreSharedAndRateLimitedByDefaultAndBothCanBeChanged() {
    AwsClientConfig defaults = AwsClientConfig.fromEnvironment(Map.of(), new Properties());
    assertThat(defaults.readCacheTtl()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.rateLimits()).isEqualTo(RateLimitSettings.defaults());

    AwsClientConfig configured =
        AwsClientConfig.fromEnvironment(
            Map.of(
                "ECSDEPLOY_READ_CACHE_TTL", "1500ms",
                "ECSDEPLOY_AWS_RATE_LIMIT_SHARE", "0.5",
                "ECSDEPLOY_AWS_RATE_LIMITS", "elb-write=1/5"),
            new Properties());
    assertThat(configured.readCacheTtl()).isEqualTo(Duration.ofMillis(1500));
    assertThat(configured.rateLimits().rateOf(ApiClass.ELB_WRITE)).contains(new Rate(1, 5));
    assertThat(configured.rateLimits().rateOf(ApiClass.ELB_READ)).contains(new Rate(5, 20));

    AwsClientConfig off =
        AwsClientConfig.fromEnvironment(
            Map.of("ECSDEPLOY_READ_CACHE_TTL", "0", "ECSDEPLOY_AWS_RATE_LIMITS_ENABLED", "false"),
            new Properties());
    assertThat(off.readCacheTtl()).isZero();
    assertThat(off.rateLimits().rateOf(ApiClass.ELB_WRITE)).isEmpty();

    assertThatThrownBy(
            () ->
                AwsClientConfig.fromEnvironment(
                    Map.of("ECSDEPLOY_READ_CACHE_TTL", "2"), new Properties()))
        .hasMessageContaining("such as 2s or 1500ms");
    assertThatThrownBy(
            () ->
                AwsClientConfig.fromEnvironment(
                    Map.of("ECSDEPLOY_AWS_RATE_LIMITS_ENABLED", "yes"), new Properties()))
        .hasMessageContaining("true or false");
  }

  @Test
  void settingsMadeInCodeShareNothingAndLimitNothing() {
    AwsClientConfig config = AwsClientConfig.defaults();
    assertThat(config.readCacheTtl()).isZero();
    assertThat(config.rateLimits().enabled()).isFalse();
  }
}
