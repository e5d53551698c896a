package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.reconciler.EcsDeploymentGroupReconciler;
import io.ecsdeploy.operator.reconciler.Reasons;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator installations share a cluster, each with its own label selector
 * (ECSDEPLOY_LABEL_SELECTOR) and its own AWS endpoint (a fault proxy in front of moto, which logs
 * the task sets each one creates): each holds a Lease of its own, deploys its own groups'
 * deployments, the GitOps one included, and nothing of the other's; a deployment neither selects is
 * left alone; a deployment selected by one whose group the other selects waits with a reason; and
 * each one's hook endpoint answers a report for the other's deployment as CodeDeploy answers one
 * for a deployment that does not exist.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class ShardedOperatorsE2E {
  private static final String SHARD = "ecsdeploy.io/shard";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static KubernetesClient client;
  private static AwsFaultProxy awsOfA;
  private static AwsFaultProxy awsOfB;

  @BeforeAll
  static void emptyWorld(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    awsOfA = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
    awsOfB = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
  }

  @AfterAll
  static void cleanUp() {
    awsOfA.close();
    awsOfB.close();
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
    client.leases().inNamespace("default").withLabel("test", "sharded").delete();
  }

  @Test
  void eachInstallationDeploysOnlyWhatItsSelectorSelects() throws Exception {
    try (OperatorProcess operatorA = start("a", awsOfA);
        OperatorProcess operatorB = start("b", awsOfB)) {
      Lease leaseA = awaitLeaseHeldBy("operator-a");
      Lease leaseB = awaitLeaseHeldBy("operator-b");
      assertThat(leaseA.getMetadata().getName())
          .as("two selectors, two Leases, by default")
          .startsWith("ecs-deploy-operator-")
          .isNotEqualTo(leaseB.getMetadata().getName());

      // Shard a: a group and a deployment labelled by hand. Shard b: a GitOps group.
      E2EScenario shardA = E2EScenario.create(client, "shard-a").labelled(Map.of(SHARD, "a"));
      E2EScenario shardB = E2EScenario.create(client, "shard-b").labelled(Map.of(SHARD, "b"));
      shardA.group("web", spec -> {});
      shardB.group("web", spec -> spec.revision = shardB.revision(hooks -> {}));
      shardA.deploy("release-2", "web", shardA.revision(hooks -> {}), spec -> {});
      // Selected by a, for b's group; and one nobody selects.
      shardB.labelled(Map.of(SHARD, "a"));
      shardB.deploy("stray", "web", shardB.revision(hooks -> {}), spec -> {});
      shardA.labelled(Map.of());
      shardA.deploy("unlabelled", "web", shardA.revision(hooks -> {}), spec -> {});

      EcsDeployment deployedByA = shardA.awaitStatus("release-2", DeploymentStatus.Succeeded);
      String gitOpsName = awaitGitOpsDeployment(shardB);
      EcsDeployment deployedByB = shardB.awaitStatus(gitOpsName, DeploymentStatus.Succeeded);
      assertThat(deployedByB.getMetadata().getLabels())
          .as("the group's selected label, copied to the deployment it created")
          .containsEntry(SHARD, "b");

      EcsDeployment stray =
          shardB.awaitDeployment(
              "stray",
              Duration.ofSeconds(30),
              d ->
                  Reasons.DEPLOYMENT_GROUP_NOT_SELECTED.equals(
                      reconcilingReason(d.getStatus().conditions)));
      assertThat(stray.getStatus().status).isEqualTo(DeploymentStatus.Created);
      assertThat(shardA.get("unlabelled").getStatus())
          .as("a deployment neither selector selects is left alone")
          .isNull();

      assertThat(createdTaskSets(awsOfA))
          .as("task sets created through a's AWS endpoint")
          .containsExactly(deployedByA.getMetadata().getUid());
      assertThat(createdTaskSets(awsOfB))
          .as("task sets created through b's AWS endpoint")
          .containsExactly(deployedByB.getMetadata().getUid());
      String idOfA = deployedByA.getStatus().deploymentId;
      String idOfB = deployedByB.getStatus().deploymentId;
      assertThat(operatorA.log()).contains(idOfA).doesNotContain(idOfB, gitOpsName);
      assertThat(operatorB.log()).contains(idOfB).doesNotContain(idOfA, "stray");

      HttpResponse<String> toTheOther = reportHook(operatorB.hookEndpoint(), idOfA);
      assertThat(toTheOther.statusCode()).isEqualTo(400);
      assertThat(toTheOther.body()).contains("DeploymentDoesNotExistException");
      HttpResponse<String> toItsOwn = reportHook(operatorA.hookEndpoint(), idOfA);
      assertThat(toItsOwn.statusCode()).isEqualTo(400);
      assertThat(toItsOwn.body())
          .as("a knows its deployment: no hook of it is pending")
          .contains("InvalidLifecycleEventHookExecutionIdException");
    }
  }

  private static OperatorProcess start(String shard, AwsFaultProxy aws) {
    return OperatorProcess.builder("ShardedOperatorsE2E-" + shard)
        .leaderElection("operator-" + shard)
        .env("ECSDEPLOY_LABEL_SELECTOR", SHARD + "=" + shard)
        .env("ECSDEPLOY_AWS_ENDPOINT", aws.endpoint().toString())
        .start();
  }

  private static Lease awaitLeaseHeldBy(String identity) {
    Lease[] held = new Lease[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              held[0] =
                  client.leases().inNamespace("default").list().getItems().stream()
                      .filter(l -> identity.equals(l.getSpec().getHolderIdentity()))
                      .findFirst()
                      .orElse(null);
              return held[0] != null;
            });
    client
        .leases()
        .inNamespace("default")
        .withName(held[0].getMetadata().getName())
        .edit(
            l -> {
              l.getMetadata().getLabels().put("test", "sharded");
              return l;
            });
    return held[0];
  }

  private static String awaitGitOpsDeployment(E2EScenario scenario) {
    String[] name = new String[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              name[0] =
                  client
                      .resources(EcsDeployment.class)
                      .inNamespace(scenario.namespace)
                      .withLabel(EcsDeploymentGroupReconciler.GROUP_LABEL, "web")
                      .withLabel("ecsdeploy.io/creator", "gitOps")
                      .list()
                      .getItems()
                      .stream()
                      .map(d -> d.getMetadata().getName())
                      .findFirst()
                      .orElse(null);
              return name[0] != null;
            });
    return name[0];
  }

  /** The externalId (the deployment's uid) of every task set created through {@code aws}. */
  private static List<String> createdTaskSets(AwsFaultProxy aws) {
    return aws.mutatingCalls().stream()
        .filter(call -> call.operation().name().equals("CreateTaskSet"))
        .map(AwsFaultProxy.MutatingCall::externalId)
        .filter(Objects::nonNull)
        .toList();
  }

  private static String reconcilingReason(List<io.fabric8.kubernetes.api.model.Condition> all) {
    var reconciling = Conditions.find(all, Conditions.RECONCILING);
    return reconciling == null ? "" : reconciling.getReason();
  }

  /** A hook function's PutLifecycleEventHookExecutionStatus, as CodeDeploy's SDK sends it. */
  private static HttpResponse<String> reportHook(String endpoint, String deploymentId)
      throws Exception {
    String body =
        "{\"deploymentId\":\""
            + deploymentId
            + "\",\"lifecycleEventHookExecutionId\":\"not-pending\",\"status\":\"Succeeded\"}";
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(endpoint + "/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
