package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.ContinueOperation;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.api.v1alpha1.TrafficPause;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.api.v1alpha1.TrafficStep;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.testsupport.Commands;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pause in a step schedule, shown in the status and by kubectl get, continued by the user. */
class PauseE2E extends OperatorE2E {

  @Test
  void aPauseHoldsTheShiftUntilTheUserContinuesIt() {
    E2EScenario scenario = E2EScenario.create(client, "pause");
    DemoWorld world = scenario.world;
    scenario.config("pause-at-20", steps(paused(20), step(100)));
    scenario.group("web", spec -> spec.deploymentConfigName = "pause-at-20");
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment paused =
        scenario.awaitDeployment(
            "release-2", Duration.ofSeconds(90), d -> d.getStatus().pause != null);
    assertThat(paused.getStatus().status).isEqualTo(DeploymentStatus.InProgress);
    assertThat(paused.getStatus().currentEvent).isEqualTo("AllowTraffic");
    assertThat(paused.getStatus().trafficSplit).isEqualTo("80/20");
    assertThat(paused.getStatus().trafficRouting).isEqualTo("20% paused until continued, 100%");
    assertThat(paused.getStatus().pause.step).isEqualTo(1);
    assertThat(paused.getStatus().pause.weight).isEqualTo(20);
    assertThat(paused.getStatus().pause.since).isNotNull();
    assertThat(paused.getStatus().pause.until).as("no limit").isNull();
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(20);

    Commands.Result table = Commands.kubectl("get", "ecsd", "release-2", "-n", scenario.namespace);
    System.out.println("kubectl get ecsd during the pause:\n" + table.stdout());
    assertThat(table.exitCode()).isZero();
    List<String> lines = table.stdout().lines().toList();
    assertThat(lines.get(0)).contains("PAUSED");
    int pausedColumn = lines.get(0).indexOf("PAUSED");
    assertThat(lines.get(1).substring(pausedColumn).trim())
        .as("the PAUSED column shows how long it has paused")
        .matches("[0-9]+[smh].*");

    long continued = System.nanoTime();
    scenario.edit(
        "release-2",
        d -> {
          d.getSpec().operations = new Operations();
          d.getSpec().operations.continueDeployment = new ContinueOperation();
          d.getSpec().operations.continueDeployment.trafficStep = paused.getStatus().pause.step;
          return d;
        });
    EcsDeployment succeeded = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    System.out.printf(
        "pause continued: Succeeded %.1f s after the continue%n",
        (System.nanoTime() - continued) / 1e9);
    assertThat(succeeded.getStatus().pause).isNull();
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .events()
                            .v1()
                            .events()
                            .inNamespace(scenario.namespace)
                            .list()
                            .getItems()
                            .stream()
                            .filter(e -> "release-2".equals(e.getRegarding().getName()))
                            .map(e -> e.getReason())
                            .toList())
                    .as("Kubernetes Events mark the pause")
                    .contains("TrafficPaused", "TrafficPauseEnded"));
  }

  private static TrafficRouting steps(TrafficStep... steps) {
    TrafficRouting routing = new TrafficRouting();
    routing.type = TrafficRoutingType.Steps;
    routing.steps = List.of(steps);
    return routing;
  }

  private static TrafficStep step(int weight) {
    TrafficStep step = new TrafficStep();
    step.weight = weight;
    return step;
  }

  private static TrafficStep paused(int weight) {
    TrafficStep step = step(weight);
    step.pause = new TrafficPause();
    return step;
  }
}
