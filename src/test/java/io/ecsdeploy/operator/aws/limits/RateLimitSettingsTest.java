package io.ecsdeploy.operator.aws.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {

  @Test
  void operationsFallInTheClassesAwsThrottlesTogether() {
    assertThat(ApiClass.of("ECS", "DescribeServices")).contains(ApiClass.ECS_READ);
    assertThat(ApiClass.of("ECS", "DescribeTaskSets")).contains(ApiClass.ECS_READ);
    assertThat(ApiClass.of("ECS", "CreateTaskSet")).contains(ApiClass.ECS_WRITE);
    assertThat(ApiClass.of("ElasticLoadBalancingV2", "DescribeListeners"))
        .contains(ApiClass.ELB_READ);
    assertThat(ApiClass.of("ElasticLoadBalancingV2", "ModifyListener"))
        .contains(ApiClass.ELB_WRITE);
    assertThat(ApiClass.of("CloudWatch", "DescribeAlarms"))
        .contains(ApiClass.CLOUDWATCH_DESCRIBE_ALARMS);
    assertThat(ApiClass.of("Lambda", "Invoke")).contains(ApiClass.LAMBDA_INVOKE);
    assertThat(ApiClass.of("STS", "AssumeRole")).isEmpty();
  }

  @Test
  void defaultsAreAwsRatesAndAShareLowersThem() {
    RateLimitSettings aws = RateLimitSettings.awsRates();
    assertThat(aws.rateOf(ApiClass.ELB_WRITE)).contains(new Rate(3, 20));
    assertThat(aws.rateOf(ApiClass.CLOUDWATCH_DESCRIBE_ALARMS)).contains(new Rate(9, 9));
    assertThat(aws.rateOf(ApiClass.ECS_READ)).contains(new Rate(20, 100));
    assertThat(aws.rateOf(ApiClass.LAMBDA_INVOKE)).isEmpty();

    RateLimitSettings half = new RateLimitSettings(true, 0.5, Map.of());
    assertThat(half.rateOf(ApiClass.ELB_WRITE)).contains(new Rate(1.5, 10));

    assertThat(RateLimitSettings.off().rateOf(ApiClass.ELB_WRITE)).isEmpty();
    assertThat(RateLimitSettings.off().describe()).isEqualTo("off");
    assertThat(aws.describe())
        .isEqualTo(
            "ecs-read 20/100, ecs-write 5/50, elb-read 10/40, elb-write 3/20,"
                + " cloudwatch-describe-alarms 9/9");
  }

  @Test
  void overridesWinOverTheShare() {
    RateLimitSettings settings =
        new RateLimitSettings(
            true,
            0.5,
            RateLimitSettings.parseOverrides(
                "elb-write=2/10, cloudwatch-describe-alarms=5,lambda-invoke=50/100"));
    assertThat(settings.rateOf(ApiClass.ELB_WRITE)).contains(new Rate(2, 10));
    assertThat(settings.rateOf(ApiClass.CLOUDWATCH_DESCRIBE_ALARMS)).contains(new Rate(5, 5));
    assertThat(settings.rateOf(ApiClass.LAMBDA_INVOKE)).contains(new Rate(50, 100));
    assertThat(settings.rateOf(ApiClass.ECS_READ)).contains(new Rate(10, 50));
  }

  @Test
  void badSettingsAreRefusedWithTheirReason() {
    assertThatThrownBy(() -> RateLimitSettings.parseOverrides("elb-mutate=3"))
        .hasMessageContaining("unknown AWS API class 'elb-mutate'")
        .hasMessageContaining("elb-write");
    assertThatThrownBy(() -> RateLimitSettings.parseOverrides("elb-write"))
        .hasMessageContaining("<api class>=");
    assertThatThrownBy(() -> Rate.parse("fast")).hasMessageContaining("such as 3/20");
    assertThatThrownBy(() -> Rate.parse("0")).hasMessageContaining("positive");
    assertThatThrownBy(() -> new RateLimitSettings(true, 1.5, Map.of()))
        .hasMessageContaining("(0, 1]");
  }
}
