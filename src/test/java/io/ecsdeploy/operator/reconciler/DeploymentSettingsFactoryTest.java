package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.LoadBalancerInfo;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentSettingsFactoryTest {
  private static final String APPLICATION_LISTENER =
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/0123456789abcdef/1111111111111111";
  private static final String NETWORK_LISTENER =
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/net/web/0123456789abcdef/1111111111111111";

  @Test
  void aNetworkLoadBalancerTakesOnlyAllAtOnce() {
    assertThat(
            DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                group(NETWORK_LISTENER),
                TrafficRouting.canary(10, Duration.ofMinutes(5)),
                "CodeDeployDefault.ECSCanary10Percent5Minutes"))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("CodeDeployDefault.ECSCanary10Percent5Minutes")
                    .contains("Network Load Balancer")
                    .contains("CodeDeployDefault.ECSAllAtOnce"));
    assertThat(
            DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                group(NETWORK_LISTENER),
                TrafficRouting.allAtOnce(),
                "CodeDeployDefault.ECSAllAtOnce"))
        .isEmpty();
  }

  @Test
  void anApplicationLoadBalancerTakesEveryShift() {
    assertThat(
            DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                group(APPLICATION_LISTENER),
                TrafficRouting.linear(10, Duration.ofMinutes(1)),
                "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"))
        .isEmpty();
  }

  private static EcsDeploymentGroupSpec group(String productionListener) {
    EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
    spec.loadBalancer = new LoadBalancerInfo();
    spec.loadBalancer.productionRoute = new TrafficRoute();
    spec.loadBalancer.productionRoute.listenerArn = productionListener;
    return spec;
  }
}
