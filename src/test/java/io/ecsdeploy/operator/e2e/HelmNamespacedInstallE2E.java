package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.Helm;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorUnderTest;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart installed to watch one namespace (a Role there, nothing cluster-wide), and the operator
 * run as its ServiceAccount watching that namespace: a deployment whose hook reports through the
 * hook endpoint succeeds, and nothing it does is refused.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class HelmNamespacedInstallE2E {
  private static final String RELEASE_NAMESPACE = "ecs-deploy-operator-scoped";
  private static final ChartServiceAccount SERVICE_ACCOUNT =
      new ChartServiceAccount(RELEASE_NAMESPACE, "team-ecs-deploy-operator");

  private static KubernetesClient admin;
  private static OperatorUnderTest operator;
  private static E2EScenario scenario;

  @BeforeAll
  static void installChartForOneNamespace(KubernetesClient kubernetes) {
    admin = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(admin);
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(RELEASE_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    scenario = E2EScenario.create(admin, "helm-scoped");
    Helm.run(
            "install",
            "team",
            Helm.chart().toString(),
            "-n",
            RELEASE_NAMESPACE,
            "--skip-crds",
            "--set",
            "watchNamespaces={" + scenario.namespace + "}",
            "--set",
            "leaderElection.enabled=false")
        .orFail();
    operator =
        OperatorUnderTest.start(
            settings -> settings.withWatchNamespaces(Set.of(scenario.namespace)),
            SERVICE_ACCOUNT.newClient());
    DemoWorld.createHookFunctions(operator.hookEndpoint());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
    Helm.run("uninstall", "team", "-n", RELEASE_NAMESPACE);
  }

  @Test
  void operatorScopedToOneNamespaceCompletesADeploymentWithAHookThatCallsBack() {
    scenario.group("web", spec -> {});
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(hooks -> hooks.beforeAllowTraffic = DemoWorld.HOOK_CALLS_BACK),
        spec -> {});
    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);

    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> "BeforeAllowTraffic".equals(e.lifecycleEventName))
        .singleElement()
        .satisfies(e -> assertThat(e.status.toString()).isEqualTo("Succeeded"));
    assertThat(SERVICE_ACCOUNT.refused).as("requests the chart's RBAC refused").isEmpty();
  }
}
