package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.reconciler.EcsDeploymentGroupReconciler;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorUnderTest;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * Deployments in sequence on one group, GitOps revisions, restarts, and references that do not
 * resolve.
 */
class DeploymentGroupE2E extends OperatorE2E {

  @Test
  void aSecondDeploymentUsesTheOtherTargetGroup() {
    E2EScenario scenario = E2EScenario.create(client, "alternate");
    scenario.group("web", spec -> {});
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    DemoWorld world = scenario.world;
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);

    scenario.deploy("release-3", "web", scenario.revision(hooks -> {}), spec -> {});
    EcsDeployment third = scenario.awaitStatus("release-3", DeploymentStatus.Succeeded);
    assertThat(third.getMetadata().getLabels())
        .as("kubectl get ecsd -l ecsdeploy.io/deployment-group=web finds it")
        .containsEntry(EcsDeploymentGroupReconciler.GROUP_LABEL, "web");

    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
    List<TaskSet> taskSets = world.taskSets();
    assertThat(taskSets).hasSize(1);
    assertThat(taskSets.get(0).externalId()).isEqualTo(third.getMetadata().getUid());
    assertThat(taskSets.get(0).loadBalancers().get(0).targetGroupArn()).isEqualTo(world.blue);
    assertThat(third.getStatus().taskSets)
        .filteredOn(t -> "Green".equals(t.taskSetLabel))
        .extracting(t -> t.targetGroupArn)
        .containsExactly(world.blue);
  }

  @Test
  void aSecondDeploymentQueuesBehindTheFirst() {
    E2EScenario scenario = E2EScenario.create(client, "queue");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitStatus("release-2", DeploymentStatus.Ready);
    scenario.deploy("release-3", "web", scenario.revision(hooks -> {}), spec -> {});

    scenario.awaitStatus("release-3", DeploymentStatus.Queued);
    assertThat(scenario.world.taskSets()).as("the queued one created nothing").hasSize(2);

    EcsDeployment first = scenario.get("release-2");
    scenario.edit(
        first.getMetadata().getName(),
        d -> {
          d.getSpec().operations = new io.ecsdeploy.operator.api.v1alpha1.Operations();
          d.getSpec().operations.continueDeployment =
              new io.ecsdeploy.operator.api.v1alpha1.ContinueOperation();
          d.getSpec().operations.continueDeployment.readyWait = true;
          return d;
        });
    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    EcsDeployment second = scenario.awaitStatus("release-3", DeploymentStatus.Ready);
    assertThat(second.getStatus().taskSets)
        .filteredOn(t -> "Green".equals(t.taskSetLabel))
        .extracting(t -> t.targetGroupArn)
        .containsExactly(scenario.world.blue);
  }

  @Test
  void aRevisionOnTheGroupCreatesADeployment() {
    E2EScenario scenario = E2EScenario.create(client, "gitops");
    EcsDeploymentGroup group =
        scenario.group("web", spec -> spec.revision = scenario.revision(hooks -> {}));

    await().atMost(Duration.ofSeconds(60)).until(() -> deploymentsOf(scenario, group).size() == 1);
    EcsDeployment created = deploymentsOf(scenario, group).get(0);
    assertThat(created.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(group.getMetadata().getUid());
    EcsDeployment done =
        scenario.awaitStatus(created.getMetadata().getName(), DeploymentStatus.Succeeded);
    assertThat(done.getStatus().creator).isEqualTo("gitOps");

    scenario.editGroup(
        group.getMetadata().getName(),
        g -> {
          g.getSpec().revision.appSpec.taskDefinition = scenario.world.taskDefinitionV1;
          return g;
        });
    await().atMost(Duration.ofSeconds(60)).until(() -> deploymentsOf(scenario, group).size() == 2);
    EcsDeployment rollBackToV1 =
        deploymentsOf(scenario, group).stream()
            .filter(d -> !d.getMetadata().getName().equals(created.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    scenario.awaitStatus(rollBackToV1.getMetadata().getName(), DeploymentStatus.Succeeded);
    assertThat(scenario.world.taskSets())
        .extracting(TaskSet::taskDefinition)
        .containsExactly(scenario.world.taskDefinitionV1);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resource(group)
                            .inNamespace(scenario.namespace)
                            .get()
                            .getStatus()
                            .lastSuccessfulDeployment
                            .name)
                    .isEqualTo(rollBackToV1.getMetadata().getName()));

    // Back to the first revision, whose deployment is still in the history: a new deployment.
    scenario.editGroup(
        group.getMetadata().getName(),
        g -> {
          g.getSpec().revision.appSpec.taskDefinition = scenario.world.taskDefinitionV2;
          return g;
        });
    await().atMost(Duration.ofSeconds(60)).until(() -> deploymentsOf(scenario, group).size() == 3);
    EcsDeployment againV2 =
        deploymentsOf(scenario, group).stream()
            .filter(
                d ->
                    !d.getMetadata().getName().equals(created.getMetadata().getName())
                        && !d.getMetadata().getName().equals(rollBackToV1.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    scenario.awaitStatus(againV2.getMetadata().getName(), DeploymentStatus.Succeeded);
    assertThat(scenario.world.taskSets())
        .extracting(TaskSet::taskDefinition)
        .containsExactly(scenario.world.taskDefinitionV2);
  }

  @Test
  void anOperatorRestartBetweenEventsResumesWithOneReplacement() {
    E2EScenario scenario = E2EScenario.create(client, "restart");
    scenario.group("web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitStatus("release-2", DeploymentStatus.Ready);

    operator.close();
    EcsDeployment ready = scenario.get("release-2");
    scenario.edit(
        ready.getMetadata().getName(),
        d -> {
          d.getSpec().operations = new io.ecsdeploy.operator.api.v1alpha1.Operations();
          d.getSpec().operations.continueDeployment =
              new io.ecsdeploy.operator.api.v1alpha1.ContinueOperation();
          d.getSpec().operations.continueDeployment.readyWait = true;
          return d;
        });
    operator = OperatorUnderTest.start(KubeApiServerExtension.newAdminClient());
    DemoWorld.createHookFunctions(operator.hookEndpoint());

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(done.getStatus().deploymentId).isEqualTo(ready.getStatus().deploymentId);
    assertThat(scenario.world.taskSets())
        .extracting(TaskSet::externalId)
        .containsExactly(done.getMetadata().getUid());
  }

  @Test
  void aDeploymentToAMissingGroupWaitsWithACondition() {
    E2EScenario scenario = E2EScenario.create(client, "no-group");
    scenario.deploy("release-2", "nowhere", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment waiting =
        scenario.awaitDeployment(
            "release-2",
            Duration.ofSeconds(30),
            d -> waitingReason(d.getStatus().conditions).equals("DeploymentGroupMissing"));
    assertThat(waiting.getStatus().status).isEqualTo(DeploymentStatus.Created);
    String resourceVersion = waiting.getMetadata().getResourceVersion();
    sleep(Duration.ofSeconds(5));
    assertThat(scenario.get("release-2").getMetadata().getResourceVersion())
        .as("no hot loop: nothing rewritten while the group is missing")
        .isEqualTo(resourceVersion);
  }

  @Test
  void aServiceWithoutTheExternalControllerIsReportedOnTheGroup() {
    E2EScenario scenario = E2EScenario.create(client, "ecs-controller");
    try (EcsClient ecs = EmulatorClients.ecs()) {
      ecs.createService(
          r -> r.cluster(scenario.world.cluster).serviceName("rolling").desiredCount(1));
    }
    EcsDeploymentGroup group = unreadyGroup(scenario, "rolling-web", "rolling", null);
    Condition ready = readyOf(group);
    assertThat(ready.getReason()).isEqualTo("ServiceNotExternal");
    assertThat(ready.getMessage()).contains("EXTERNAL");
  }

  @Test
  void aTestListenerOnAnotherLoadBalancerIsReportedOnTheGroup() {
    E2EScenario scenario = E2EScenario.create(client, "other-alb");
    DemoWorld other = DemoWorld.create("other-alb-2", 9500);
    EcsDeploymentGroup group =
        unreadyGroup(scenario, "web", scenario.world.service, other.productionListener);
    Condition ready = readyOf(group);
    assertThat(ready.getReason()).isEqualTo("ListenerOnAnotherLoadBalancer");
    assertThat(ready.getMessage()).contains(other.loadBalancer);
  }

  private static EcsDeploymentGroup unreadyGroup(
      E2EScenario scenario, String name, String service, String testListener) {
    EcsDeploymentGroup group = new EcsDeploymentGroup();
    group.getMetadata().setName(name);
    group.setSpec(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec());
    var spec = group.getSpec();
    spec.applicationName = "web";
    spec.service = new io.ecsdeploy.operator.api.v1alpha1.EcsServiceRef();
    spec.service.clusterName = scenario.world.cluster;
    spec.service.serviceName = service;
    spec.loadBalancer = new io.ecsdeploy.operator.api.v1alpha1.LoadBalancerInfo();
    spec.loadBalancer.targetGroups =
        List.of(
            E2EScenario.targetGroup(scenario.world.blue),
            E2EScenario.targetGroup(scenario.world.green));
    spec.loadBalancer.productionRoute = E2EScenario.listener(scenario.world.productionListener);
    if (testListener != null) {
      spec.loadBalancer.testRoute = E2EScenario.listener(testListener);
    }
    client.resource(group).inNamespace(scenario.namespace).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              EcsDeploymentGroup current =
                  client.resource(group).inNamespace(scenario.namespace).get();
              return current.getStatus() != null
                  && Conditions.find(current.getStatus().conditions, Conditions.READY) != null;
            });
    EcsDeploymentGroup current = client.resource(group).inNamespace(scenario.namespace).get();
    assertThat(Conditions.isTrue(current.getStatus(), Conditions.READY)).isFalse();
    String resourceVersion = current.getMetadata().getResourceVersion();
    sleep(Duration.ofSeconds(5));
    assertThat(
            client
                .resource(group)
                .inNamespace(scenario.namespace)
                .get()
                .getMetadata()
                .getResourceVersion())
        .as("no hot loop: the group is not rewritten while nothing changes")
        .isEqualTo(resourceVersion);
    return current;
  }

  private static Condition readyOf(EcsDeploymentGroup group) {
    return Conditions.find(group.getStatus().conditions, Conditions.READY);
  }

  /** Why a deployment waits: its Reconciling condition's reason. */
  private static String waitingReason(List<Condition> conditions) {
    Condition reconciling = Conditions.find(conditions, Conditions.RECONCILING);
    return reconciling == null ? "" : reconciling.getReason();
  }

  private static List<EcsDeployment> deploymentsOf(E2EScenario scenario, EcsDeploymentGroup group) {
    return client
        .resources(EcsDeployment.class)
        .inNamespace(scenario.namespace)
        .withLabel(EcsDeploymentGroupReconciler.GROUP_LABEL, group.getMetadata().getName())
        .list()
        .getItems();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
