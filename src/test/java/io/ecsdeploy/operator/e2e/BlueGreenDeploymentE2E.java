package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedLinear;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * Blue/green deployments end to end: the operator against a real API server and the AWS emulators,
 * each test asserting both what AWS ends up with and what the resource says.
 */
class BlueGreenDeploymentE2E extends OperatorE2E {

  @Test
  void allAtOnceWithATestListenerAndFiveSucceedingHooksReplacesTheOriginal() {
    E2EScenario scenario = E2EScenario.create(client, "all-at-once");
    scenario.group("web", spec -> spec.blueGreen.terminateOriginal.wait = "4s");
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(
            hooks -> {
              hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
              hooks.afterInstall = DemoWorld.HOOK_SUCCEEDS;
              hooks.afterAllowTestTraffic = DemoWorld.HOOK_SUCCEEDS;
              hooks.beforeAllowTraffic = DemoWorld.HOOK_SUCCEEDS;
              hooks.afterAllowTraffic = DemoWorld.HOOK_SUCCEEDS;
            }),
        spec -> {});

    scenario.awaitDeployment(
        "release-2",
        Duration.ofSeconds(60),
        d -> "TerminationWait".equals(d.getStatus().currentEvent));
    DemoWorld world = scenario.world;
    assertThat(world.taskSets()).as("the original runs during the termination wait").hasSize(2);

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(world.taskSets()).as("only the replacement is left").hasSize(1);
    TaskSet replacement = world.taskSets().get(0);
    assertThat(replacement.status()).isEqualTo("PRIMARY");
    assertThat(replacement.externalId()).isEqualTo(done.getMetadata().getUid());
    assertThat(replacement.taskDefinition()).isEqualTo(world.taskDefinitionV2);
    assertThat(replacement.loadBalancers().get(0).targetGroupArn()).isEqualTo(world.green);
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
    assertThat(world.percentTo(world.testListener, world.green)).isEqualTo(100);

    assertThat(done.getStatus().deploymentId).matches("d-[A-Z0-9]{9}");
    assertThat(done.getStatus().trafficSplit).isEqualTo("0/100");
    assertThat(done.getStatus().lifecycleEvents)
        .extracting(e -> e.lifecycleEventName + "=" + e.status)
        .containsExactly(
            "BeforeInstall=Succeeded",
            "Install=Succeeded",
            "AfterInstall=Succeeded",
            "AllowTestTraffic=Succeeded",
            "AfterAllowTestTraffic=Succeeded",
            "BeforeAllowTraffic=Succeeded",
            "AllowTraffic=Succeeded",
            "AfterAllowTraffic=Succeeded");
    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> e.hookFunction != null)
        .hasSize(5)
        .allSatisfy(e -> assertThat(e.endTime).isNotNull());
    assertThat(done.getStatus().errorInformation).isNull();
    assertThat(Conditions.isTrue(done.getStatus(), Conditions.SUCCEEDED)).isTrue();
    assertThat(Conditions.isTrue(done.getStatus(), Conditions.RECONCILING)).isFalse();
    assertThat(done.getStatus().completeTime).isNotNull();

    List<String> reasons =
        client.events().v1().events().inNamespace(scenario.namespace).list().getItems().stream()
            .filter(e -> "release-2".equals(e.getRegarding().getName()))
            .map(e -> e.getReason())
            .toList();
    assertThat(reasons)
        .as("a Kubernetes Event for every lifecycle transition")
        .contains(
            "Created",
            "BeforeInstallInProgress",
            "BeforeInstallSucceeded",
            "InstallSucceeded",
            "AllowTrafficSucceeded",
            "AfterAllowTrafficSucceeded",
            "DeploymentSucceeded");
  }

  @Test
  void keepAliveLeavesTheOriginalTaskSetRunningAndTheServicesNetworkGoesToTheReplacement() {
    E2EScenario scenario = E2EScenario.create(client, "keep-alive");
    scenario.group(
        "web", spec -> spec.blueGreen.terminateOriginal.action = TerminationAction.KEEP_ALIVE);
    Revision withoutNetwork = scenario.revision(hooks -> {});
    withoutNetwork.appSpec.networkConfiguration = null;
    scenario.deploy("release-2", "web", withoutNetwork, spec -> {});

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);

    DemoWorld world = scenario.world;
    assertThat(world.taskSets()).extracting(TaskSet::taskSetArn).contains(world.initialTaskSet);
    List<TaskSet> primary =
        world.taskSets().stream().filter(t -> t.status().equals("PRIMARY")).toList();
    assertThat(primary)
        .extracting(TaskSet::externalId)
        .containsExactly(done.getMetadata().getUid());
    assertThat(primary.get(0).networkConfiguration().awsvpcConfiguration().subnets())
        .as("the AppSpec names no network: the service's")
        .containsExactlyInAnyOrderElementsOf(world.subnets);
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> e.hookFunction == null && isHookEvent(e))
        .extracting(e -> e.status)
        .containsOnly(LifecycleEventStatus.Skipped);
  }

  @Test
  void canaryShiftsTheCanaryShareFirstThenTheRest() {
    E2EScenario scenario = E2EScenario.create(client, "canary");
    TrafficRouting canary = new TrafficRouting();
    canary.type = TrafficRoutingType.TimeBasedCanary;
    canary.timeBasedCanary = new TimeBasedCanary();
    canary.timeBasedCanary.canaryPercentage = 20;
    canary.timeBasedCanary.canaryInterval = "6s";
    scenario.config("canary-20", canary);
    scenario.group("web", spec -> spec.deploymentConfigName = "canary-20");
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    DemoWorld world = scenario.world;
    EcsDeployment during =
        scenario.awaitDeployment(
            "release-2", Duration.ofSeconds(60), d -> "80/20".equals(d.getStatus().trafficSplit));
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(20);
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(80);
    assertThat(during.getStatus().currentEvent).isEqualTo("AllowTraffic");

    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
  }

  @Test
  void linearShiftsInEqualIncrements() {
    E2EScenario scenario = E2EScenario.create(client, "linear");
    TrafficRouting linear = new TrafficRouting();
    linear.type = TrafficRoutingType.TimeBasedLinear;
    linear.timeBasedLinear = new TimeBasedLinear();
    linear.timeBasedLinear.linearPercentage = 40;
    linear.timeBasedLinear.linearInterval = "4s";
    scenario.config("linear-40", linear);
    scenario.group("web", spec -> spec.deploymentConfigName = "linear-40");
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    DemoWorld world = scenario.world;
    Set<Integer> seen = new java.util.TreeSet<>();
    scenario.awaitDeployment(
        "release-2",
        Duration.ofSeconds(90),
        d -> {
          seen.add(world.percentTo(world.productionListener, world.green));
          return d.getStatus().status == DeploymentStatus.Succeeded;
        });
    assertThat(seen).as("replacement shares seen in the load balancer").contains(40, 80, 100);
  }

  @Test
  void metricsMoveDuringADeployment() {
    double startedBefore = metric("ecsdeploy_deployments_started_total", "");
    E2EScenario scenario = E2EScenario.create(client, "metrics");
    TrafficRouting canary = new TrafficRouting();
    canary.type = TrafficRoutingType.TimeBasedCanary;
    canary.timeBasedCanary = new TimeBasedCanary();
    canary.timeBasedCanary.canaryPercentage = 30;
    canary.timeBasedCanary.canaryInterval = "6s";
    scenario.config("canary-30", canary);
    scenario.group("web", spec -> spec.deploymentConfigName = "canary-30");
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    scenario.awaitDeployment(
        "release-2", Duration.ofSeconds(60), d -> "70/30".equals(d.getStatus().trafficSplit));
    String during = AwsEmulatorsExtension.get(java.net.URI.create(operator.metricsEndpoint()));
    assertThat(metric(during, "ecsdeploy_deployments_started_total", ""))
        .isGreaterThan(startedBefore);
    assertThat(
            metric(
                during,
                "ecsdeploy_production_traffic_replacement_percent",
                "deployment=\"release-2\",namespace=\"" + scenario.namespace + "\""))
        .isEqualTo(30.0);
    assertThat(metric(during, "ecsdeploy_aws_calls_total", "operation=\"CreateTaskSet\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(metric(during, "ecsdeploy_aws_calls_total", "operation=\"ModifyListener\""))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(during).as("java-operator-sdk's reconcile metrics").contains("reconciliations");
    // Every reconcile that wrote a status spent time in the API server, a part of its own time.
    double kubernetes = metric(during, "ecsdeploy_deployment_reconcile_kubernetes_seconds_sum", "");
    assertThat(kubernetes).as("reconciles' time in API server requests").isPositive();
    assertThat(metric(during, "ecsdeploy_deployment_reconcile_own_seconds_sum", ""))
        .as("reconciles' own time, which contains their API server requests")
        .isGreaterThanOrEqualTo(kubernetes);

    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    String where = "group=\"web\",namespace=\"" + scenario.namespace + "\"";
    // The metrics follow the status write that the test saw: wait for them.
    org.awaitility.Awaitility.await("the finished deployment's metrics")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String after =
                  AwsEmulatorsExtension.get(java.net.URI.create(operator.metricsEndpoint()));
              assertThat(
                      metric(
                          after,
                          "ecsdeploy_deployments_finished_total",
                          where + ",outcome=\"Succeeded\""))
                  .isEqualTo(1.0);
              assertThat(
                      metric(
                          after,
                          "ecsdeploy_lifecycle_event_duration_seconds_count",
                          "event=\"AllowTraffic\"," + where + ",status=\"Succeeded\""))
                  .isEqualTo(1.0);
              assertThat(after)
                  .as("the traffic series of a deployment that ended")
                  .doesNotContain(
                      "deployment=\"release-2\",namespace=\"" + scenario.namespace + "\"");
            });
    assertThat(metric("ecsdeploy_build_info", "version=\"")).isEqualTo(1.0);
  }

  private static double metric(String name, String label) {
    return metric(
        AwsEmulatorsExtension.get(java.net.URI.create(operator.metricsEndpoint())), name, label);
  }

  /**
   * The sum of the samples of a metric whose labels contain {@code label}; 0 when there is none.
   */
  private static double metric(String scrape, String name, String label) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> label.isEmpty() || line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static boolean isHookEvent(LifecycleEventInfo event) {
    return event.lifecycleEventName.startsWith("Before")
        || event.lifecycleEventName.startsWith("After");
  }
}
