package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.HttpHooks;
import io.ecsdeploy.operator.api.v1alpha1.LoadBalancerInfo;
import io.ecsdeploy.operator.api.v1alpha1.NetworkLoadBalancerTraffic;
import io.ecsdeploy.operator.api.v1alpha1.SecretKeyRef;
import io.ecsdeploy.operator.api.v1alpha1.TargetHealthGate;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.appspec.AppSpec;
import io.ecsdeploy.operator.appspec.AppSpecHook;
import io.ecsdeploy.operator.appspec.EcsTargetService;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.TargetHealthSettings;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.TrafficStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentSettingsFactoryTest {
  private static final String APPLICATION_LISTENER =
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/0123456789abcdef/1111111111111111";
  private static final String NETWORK_LISTENER =
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/net/web/0123456789abcdef/1111111111111111";

  @Test
  void aNetworkLoadBalancerTakesOnlyAllAtOnceWhenTheGroupKeepsCodeDeploysRule() {
    assertThat(
            DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                allAtOnceOnly(group(NETWORK_LISTENER)),
                TrafficRouting.canary(10, Duration.ofMinutes(5)),
                "CodeDeployDefault.ECSCanary10Percent5Minutes",
                () -> true))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("CodeDeployDefault.ECSCanary10Percent5Minutes")
                    .contains("Network Load Balancer")
                    .contains("CodeDeployDefault.ECSAllAtOnce")
                    .contains("networkLoadBalancerTraffic"));
    assertThat(
            DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                allAtOnceOnly(group(NETWORK_LISTENER)),
                TrafficRouting.allAtOnce(),
                "CodeDeployDefault.ECSAllAtOnce",
                () -> true))
        .isEmpty();
  }

  @Test
  void aNetworkLoadBalancerTakesGradualShiftsByDefault() {
    for (TrafficRouting routing :
        List.of(
            TrafficRouting.canary(10, Duration.ofMinutes(5)),
            TrafficRouting.linear(10, Duration.ofMinutes(1)),
            TrafficRouting.steps(
                List.of(
                    new TrafficStep(20, Duration.ofMinutes(1)),
                    new TrafficStep(100, Duration.ZERO))))) {
      assertThat(
              DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                  group(NETWORK_LISTENER), routing, "gradual", () -> true))
          .as("%s", routing.type())
          .isEmpty();
    }
    EcsDeploymentGroupSpec gradual = group(NETWORK_LISTENER);
    gradual.networkLoadBalancerTraffic = NetworkLoadBalancerTraffic.Gradual;
    assertThat(
            DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                gradual, TrafficRouting.canary(10, Duration.ofMinutes(5)), "canary", () -> true))
        .isEmpty();
  }

  @Test
  void aListenerIsANetworkLoadBalancersByItsArnOrItsProtocol() {
    assertThat(DeploymentSettingsFactory.isNetworkLoadBalancerListener(NETWORK_LISTENER, null))
        .isTrue();
    assertThat(DeploymentSettingsFactory.isNetworkLoadBalancerListener(APPLICATION_LISTENER, "TCP"))
        .isTrue();
    assertThat(DeploymentSettingsFactory.isNetworkLoadBalancerListener(APPLICATION_LISTENER, "TLS"))
        .isTrue();
    assertThat(
            DeploymentSettingsFactory.isNetworkLoadBalancerListener(APPLICATION_LISTENER, "HTTPS"))
        .isFalse();
    assertThat(DeploymentSettingsFactory.isNetworkLoadBalancerListener(APPLICATION_LISTENER, null))
        .isFalse();
  }

  @Test
  void anApplicationLoadBalancerTakesEveryShift() {
    assertThat(
            DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
                allAtOnceOnly(group(APPLICATION_LISTENER)),
                TrafficRouting.linear(10, Duration.ofMinutes(1)),
                "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
                () -> false))
        .isEmpty();
  }

  @Test
  void theGroupsHttpHooksAreTheHooksOfTheirEventsAndAnEventHasOneHook() {
    EcsDeploymentGroupSpec group = group(APPLICATION_LISTENER);
    group.httpHooks = new HttpHooks();
    group.httpHooks.signingSecret = new SecretKeyRef();
    group.httpHooks.signingSecret.name = "hook-signing";
    group.httpHooks.beforeAllowTraffic = "https://checks.example.com/before";
    group.httpHooks.afterInstall = "http://checks.apps.svc:8080/installed";

    assertThat(DeploymentSettingsFactory.httpHookEndpoints(group.httpHooks))
        .containsExactly(
            Map.entry(LifecycleEvent.AfterInstall, "http://checks.apps.svc:8080/installed"),
            Map.entry(LifecycleEvent.BeforeAllowTraffic, "https://checks.example.com/before"));
    assertThat(
            DeploymentSettingsFactory.hookConflict(
                appSpec(Map.of(AppSpecHook.AfterAllowTraffic, "smoke-test")), group))
        .isEmpty();
    assertThat(
            DeploymentSettingsFactory.hookConflict(
                appSpec(Map.of(AppSpecHook.BeforeAllowTraffic, "smoke-test")), group))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("smoke-test")
                    .contains("BeforeAllowTraffic")
                    .contains("httpHooks"));
  }

  @Test
  void theTargetHealthGateIsACountOrAShareWithATimeout() {
    assertThat(DeploymentSettingsFactory.targetHealthSettings(null).enabled()).isFalse();
    TargetHealthGate gate = new TargetHealthGate();
    assertThat(DeploymentSettingsFactory.targetHealthSettings(gate))
        .isEqualTo(new TargetHealthSettings(true, null, 100, Duration.ofMinutes(5)));
    gate.minHealthy = "50%";
    gate.timeout = "90s";
    assertThat(DeploymentSettingsFactory.targetHealthSettings(gate))
        .isEqualTo(new TargetHealthSettings(true, null, 50, Duration.ofSeconds(90)));
    gate.minHealthy = "3";
    assertThat(DeploymentSettingsFactory.targetHealthSettings(gate))
        .isEqualTo(new TargetHealthSettings(true, 3, 100, Duration.ofSeconds(90)));
    gate.enabled = false;
    assertThat(DeploymentSettingsFactory.targetHealthSettings(gate).enabled()).isFalse();
  }

  private static AppSpec appSpec(Map<AppSpecHook, String> hooks) {
    return new AppSpec(
        "0.0", new EcsTargetService("web:2", "web", 80, null, null, java.util.List.of()), hooks);
  }

  private static EcsDeploymentGroupSpec allAtOnceOnly(EcsDeploymentGroupSpec spec) {
    spec.networkLoadBalancerTraffic = NetworkLoadBalancerTraffic.AllAtOnceOnly;
    return spec;
  }

  private static EcsDeploymentGroupSpec group(String productionListener) {
    EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
    spec.loadBalancer = new LoadBalancerInfo();
    spec.loadBalancer.productionRoute = new TrafficRoute();
    spec.loadBalancer.productionRoute.listenerArn = productionListener;
    return spec;
  }
}
