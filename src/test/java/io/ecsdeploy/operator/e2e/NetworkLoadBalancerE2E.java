package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.NetworkLoadBalancerTraffic;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedLinear;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * Gradual shifting behind a Network Load Balancer: its TCP listener's weighted forward action walks
 * a linear schedule as an ALB's does, and a group that keeps CodeDeploy's rule refuses it.
 */
class NetworkLoadBalancerE2E extends OperatorE2E {

  @Test
  void aLinearDeploymentShiftsTheNlbListenerStepByStep() {
    E2EScenario scenario = E2EScenario.createBehindNetworkLoadBalancer(client, "nlb-linear");
    DemoWorld world = scenario.world;
    assertThat(protocolOf(world.productionListener)).isEqualTo(ProtocolEnum.TCP);
    scenario.config("linear-34", linear(34, "3s"));
    scenario.group("web", spec -> spec.deploymentConfigName = "linear-34");
    long started = System.nanoTime();
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    // Each step holds for 3 seconds; the listener is read while the status shows the step.
    Set<String> splitsSeen = new LinkedHashSet<>();
    Set<Integer> listenerSharesSeen = new LinkedHashSet<>();
    EcsDeployment succeeded =
        scenario.awaitDeployment(
            "release-2",
            Duration.ofSeconds(120),
            d -> {
              String split = d.getStatus().trafficSplit;
              if (split != null && splitsSeen.add(split)) {
                listenerSharesSeen.add(world.percentTo(world.productionListener, world.green));
              }
              return d.getStatus().status == DeploymentStatus.Succeeded
                  || d.getStatus().status == DeploymentStatus.Failed;
            });
    System.out.printf(
        "NLB linear 34%% every 3s: Succeeded after %.1f s, splits seen %s, listener shares %s%n",
        (System.nanoTime() - started) / 1e9, splitsSeen, listenerSharesSeen);

    assertThat(succeeded.getStatus().status).isEqualTo(DeploymentStatus.Succeeded);
    assertThat(succeeded.getStatus().trafficRouting).isEqualTo("+34% every 3s");
    assertThat(splitsSeen).contains("66/34", "32/68", "0/100");
    assertThat(listenerSharesSeen).contains(34, 68);
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
    assertThat(world.taskSets()).hasSize(1);
  }

  @Test
  void aGroupKeepingCodeDeploysRuleHoldsALinearDeploymentBack() {
    E2EScenario scenario = E2EScenario.createBehindNetworkLoadBalancer(client, "nlb-rule");
    DemoWorld world = scenario.world;
    scenario.config("linear-34", linear(34, "3s"));
    scenario.group(
        "web",
        spec -> {
          spec.deploymentConfigName = "linear-34";
          spec.networkLoadBalancerTraffic = NetworkLoadBalancerTraffic.AllAtOnceOnly;
        });
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment waiting =
        scenario.awaitDeployment(
            "release-2",
            Duration.ofSeconds(60),
            d -> {
              Condition reconciling =
                  Conditions.find(d.getStatus().conditions, Conditions.RECONCILING);
              return reconciling != null
                  && "DeploymentConfigNotAllowed".equals(reconciling.getReason());
            });
    assertThat(Conditions.find(waiting.getStatus().conditions, Conditions.RECONCILING).getMessage())
        .contains("Network Load Balancer")
        .contains("networkLoadBalancerTraffic");
    assertThat(waiting.getStatus().status).isEqualTo(DeploymentStatus.Created);
    assertThat(world.taskSets()).hasSize(1);
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
  }

  private static TrafficRouting linear(int percentage, String interval) {
    TrafficRouting routing = new TrafficRouting();
    routing.type = TrafficRoutingType.TimeBasedLinear;
    routing.timeBasedLinear = new TimeBasedLinear();
    routing.timeBasedLinear.linearPercentage = percentage;
    routing.timeBasedLinear.linearInterval = interval;
    return routing;
  }

  private static ProtocolEnum protocolOf(String listener) {
    try (ElasticLoadBalancingV2Client elb = EmulatorClients.elbv2()) {
      var described = elb.describeListeners(r -> r.listenerArns(listener)).listeners().get(0);
      var loadBalancer =
          elb.describeLoadBalancers(r -> r.loadBalancerArns(described.loadBalancerArn()))
              .loadBalancers()
              .get(0);
      assertThat(loadBalancer.type()).isEqualTo(LoadBalancerTypeEnum.NETWORK);
      return described.protocol();
    }
  }
}
