package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.OperatorSettings;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.Helm;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorUnderTest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart installed with helm into the real API server, and the operator run as the chart's
 * ServiceAccount (the API server authorizes every request it makes with the chart's RBAC), with
 * leader election on: a deployment with hooks goes to Succeeded and no request is refused; a second
 * replica takes over the Lease when the first stops.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallE2E {
  private static final String RELEASE_NAMESPACE = "ecs-deploy-operator-system";
  private static final ChartServiceAccount SERVICE_ACCOUNT =
      new ChartServiceAccount(RELEASE_NAMESPACE, "ecsdeploy-ecs-deploy-operator");
  private static final String LEASE = "ecsdeploy-ecs-deploy-operator";

  private static KubernetesClient admin;
  private static OperatorUnderTest operator;

  @BeforeAll
  static void installChartAndStartOperatorAsItsServiceAccount(KubernetesClient kubernetes) {
    admin = kubernetes;
    AwsEmulatorsExtension.reset();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(RELEASE_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    // The chart installs the CRDs from helm/crds (helm leaves them alone if an earlier test did).
    Helm.run("install", "ecsdeploy", Helm.chart().toString(), "-n", RELEASE_NAMESPACE).orFail();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("ecsdeployments.ecsdeploy.io")
                        .get()
                    != null);

    operator =
        OperatorUnderTest.start(
            settings ->
                settings.withLeaderElection(
                    new OperatorSettings.LeaderElection(
                        LEASE, Optional.of(RELEASE_NAMESPACE), Optional.of("operator-0"))),
            SERVICE_ACCOUNT.newClient());
    DemoWorld.createHookFunctions(operator.hookEndpoint());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
    Helm.run("uninstall", "ecsdeploy", "-n", RELEASE_NAMESPACE);
  }

  @Test
  @Order(1)
  void operatorAsTheChartsServiceAccountCompletesADeploymentWithHooksAndIsRefusedNothing()
      throws IOException {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Lease lease = admin.leases().inNamespace(RELEASE_NAMESPACE).withName(LEASE).get();
              assertThat(lease).as("the Lease the operator leads with").isNotNull();
              assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("operator-0");
            });

    E2EScenario scenario = E2EScenario.create(admin, "helm-installed");
    scenario.group("web", spec -> {});
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(
            hooks -> {
              hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
              // Reports through the hook endpoint, which records it on the resource.
              hooks.afterAllowTestTraffic = DemoWorld.HOOK_CALLS_BACK;
            }),
        spec -> {});
    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);

    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> "AfterAllowTestTraffic".equals(e.lifecycleEventName))
        .singleElement()
        .satisfies(e -> assertThat(e.status.toString()).isEqualTo("Succeeded"));
    assertThat(
            admin.events().v1().events().inNamespace(scenario.namespace).list().getItems().stream()
                .filter(e -> "release-2".equals(e.getRegarding().getName()))
                .map(e -> e.getReason()))
        .as("Events written as the ServiceAccount")
        .contains("Created", "DeploymentSucceeded");

    // Deleting a finished deployment goes through the operator's finalizer, as the ServiceAccount.
    scenario.client.resource(done).inNamespace(scenario.namespace).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> scenario.get("release-2") == null);

    assertThat(SERVICE_ACCOUNT.refused).as("requests the chart's RBAC refused").isEmpty();

    Set<AwsCallCounter.Operation> made = operator.aws().callCounter().snapshot().keySet();
    assertThat(made)
        .extracting(AwsCallCounter.Operation::operation)
        .as("the deployment's AWS calls")
        .contains("CreateTaskSet", "ModifyListener", "Invoke", "DeleteTaskSet");
    Set<String> granted = iamPolicyActions();
    assertThat(made)
        .allSatisfy(
            call ->
                assertThat(granted)
                    .as("operator/iam policy allows %s", call)
                    .contains(iamAction(call)));
  }

  @Test
  @Order(2)
  void aSecondReplicaTakesHookReportsWaitsForTheLeaseAndTakesOverWhenTheLeaderStops()
      throws Exception {
    OperatorUnderTest standby =
        OperatorUnderTest.start(
            settings ->
                settings.withLeaderElection(
                    new OperatorSettings.LeaderElection(
                        LEASE, Optional.of(RELEASE_NAMESPACE), Optional.of("operator-1"))),
            SERVICE_ACCOUNT.newClient());
    try {
      E2EScenario scenario = E2EScenario.create(admin, "helm-failover");
      scenario.group("web", spec -> {});
      assertThat(holder()).as("the first replica keeps the Lease").isEqualTo("operator-0");
      assertThat(readiness(standby))
          .as("a waiting replica reports ready, so a rollout with two replicas completes")
          .isEqualTo(200);

      // A hook reports to the standby (a Service routes to any ready replica): the standby records
      // it, and the leader moves on at once instead of at the hook's one-hour timeout.
      DemoWorld.createHookFunctions(standby.hookEndpoint());
      scenario.deploy(
          "release-1",
          "web",
          scenario.revision(hooks -> hooks.afterAllowTestTraffic = DemoWorld.HOOK_CALLS_BACK_LATE),
          spec -> {});
      scenario.awaitDeployment(
          "release-1",
          Duration.ofSeconds(90),
          d -> d.getStatus().status == DeploymentStatus.Succeeded);
      DemoWorld.createHookFunctions(operator.hookEndpoint());

      operator.close();
      operator = null;
      await().atMost(Duration.ofSeconds(60)).until(() -> "operator-1".equals(holder()));

      scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
      scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
      assertThat(SERVICE_ACCOUNT.refused).as("requests the chart's RBAC refused").isEmpty();
    } finally {
      standby.close();
    }
  }

  private static int readiness(OperatorUnderTest replica) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(replica.metricsEndpoint().replace("/metrics", "/readyz")))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String holder() {
    Lease lease = admin.leases().inNamespace(RELEASE_NAMESPACE).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** The IAM action that authorizes an SDK operation. */
  private static String iamAction(AwsCallCounter.Operation call) {
    String prefix =
        switch (call.service()) {
          case "ElasticLoadBalancingV2" -> "elasticloadbalancing";
          default -> call.service().toLowerCase(Locale.ROOT);
        };
    String action =
        call.service().equals("Lambda") && call.operation().equals("Invoke")
            ? "InvokeFunction"
            : call.operation();
    return prefix + ":" + action;
  }

  private static Set<String> iamPolicyActions() throws IOException {
    JsonNode policy =
        new ObjectMapper()
            .readTree(
                Helm.chart()
                    .resolveSibling("operator/iam/ecs-deploy-operator-policy.json")
                    .toFile());
    Set<String> actions = new HashSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      statement.get("Action").forEach(a -> actions.add(a.asText()));
    }
    return actions;
  }
}
