package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.hooks.HookStatusReports.Outcome;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hook reports judged against the run record as the API server stores it, and kept in the
 * deployment's annotation: each execution id accepted once, also when reports race.
 */
@ExtendWith(KubeApiServerExtension.class)
class HookReportInboxIT {
  private static final String NAMESPACE = "hook-reports";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static KubernetesClient client;

  @BeforeAll
  static void createNamespace(KubernetesClient kubernetes) {
    client = kubernetes;
    Crds.install(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .createOr(existing -> existing.update());
  }

  @Test
  void acceptsTheRunningHooksReportOnceAndKeepsIt() {
    Deployment d = deploymentWaitingOnHook("exec-1");
    HookReportInbox inbox = new HookReportInbox(client);
    List<ResourceID> woken = new ArrayList<>();
    inbox.onReport(woken::add);

    assertThat(inbox.report(d.id, "exec-1", true)).isEqualTo(Outcome.ACCEPTED);
    assertThat(inbox.report(d.id, "exec-1", false)).isEqualTo(Outcome.ALREADY_COMPLETED);

    EcsDeployment stored = d.get();
    assertThat(stored.getMetadata().getAnnotations().get(HookReportInbox.ANNOTATION))
        .isEqualTo("{\"exec-1\":\"Succeeded\"}");
    assertThat(inbox.reportsOf(stored))
        .singleElement()
        .satisfies(report -> assertThat(report.executionId()).isEqualTo("exec-1"));
    assertThat(woken).containsExactly(ResourceID.fromResource(stored));
  }

  @Test
  void refusesIdsTheDeploymentDoesNotWaitOnAndDeploymentsThatDoNotExist() {
    Deployment d = deploymentWaitingOnHook("exec-2");
    HookReportInbox inbox = new HookReportInbox(client);

    assertThat(inbox.report(d.id, "guessed", true)).isEqualTo(Outcome.INVALID_EXECUTION_ID);
    assertThat(inbox.report("d-NOSUCHONE", "exec-2", true))
        .isEqualTo(Outcome.DEPLOYMENT_DOES_NOT_EXIST);
    assertThat(d.get().getMetadata().getAnnotations())
        .doesNotContainKey(HookReportInbox.ANNOTATION);
  }

  @Test
  void findsTheDeploymentThroughTheIndexAndReadsItFresh() {
    Deployment d = deploymentWaitingOnHook("exec-3");
    HookReportInbox inbox = new HookReportInbox(client);
    List<String> looked = new ArrayList<>();
    inbox.useIndex(
        id -> {
          looked.add(id);
          return id.equals(d.id) ? List.of(new ResourceID(d.name, NAMESPACE)) : List.of();
        });

    assertThat(inbox.report(d.id, "exec-3", false)).isEqualTo(Outcome.ACCEPTED);
    assertThat(inbox.report("d-ELSEWHERE", "exec-3", false))
        .isEqualTo(Outcome.DEPLOYMENT_DOES_NOT_EXIST);
    assertThat(looked).containsExactly(d.id, "d-ELSEWHERE");
    assertThat(d.get().getMetadata().getAnnotations().get(HookReportInbox.ANNOTATION))
        .isEqualTo("{\"exec-3\":\"Failed\"}");
  }

  @Test
  void aReplicaWhoseIndexKnowsNothingYetFindsTheDeploymentOnTheApiServer() {
    // A starting replica has the controller registered (the index is set) and its endpoint up
    // before its informer has listed: the index knows no deployment yet.
    Deployment d = deploymentWaitingOnHook("exec-6");
    HookReportInbox inbox = new HookReportInbox(client);
    inbox.useIndex(id -> List.of());

    assertThat(inbox.report(d.id, "exec-6", true)).isEqualTo(Outcome.ACCEPTED);
    assertThat(inbox.report("d-NOSUCHONE", "exec-6", true))
        .isEqualTo(Outcome.DEPLOYMENT_DOES_NOT_EXIST);
    assertThat(d.get().getMetadata().getAnnotations().get(HookReportInbox.ANNOTATION))
        .isEqualTo("{\"exec-6\":\"Succeeded\"}");
  }

  @Test
  void withALabelSelectorItKnowsOnlyTheDeploymentsItSelects() {
    Deployment d = deploymentWaitingOnHook("exec-6");
    // No index: a replica that waits for the Lease looks deployments up by label.
    HookReportInbox inbox =
        new HookReportInbox(
            client, java.util.Set.of(), LabelSelector.parse("ecsdeploy.io/shard=a"));

    assertThat(inbox.report(d.id, "exec-6", true))
        .as("another installation's deployment")
        .isEqualTo(Outcome.DEPLOYMENT_DOES_NOT_EXIST);

    client
        .resources(EcsDeployment.class)
        .inNamespace(NAMESPACE)
        .withName(d.name)
        .edit(
            e -> {
              e.getMetadata().getLabels().put("ecsdeploy.io/shard", "a");
              return e;
            });
    assertThat(inbox.report(d.id, "exec-6", true)).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void ofReportsRacingForOneExecutionExactlyOneIsAccepted() throws Exception {
    Deployment d = deploymentWaitingOnHook("exec-4");
    HookReportInbox inbox = new HookReportInbox(client);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Outcome>> reports = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        boolean succeeded = i % 2 == 0;
        reports.add(() -> inbox.report(d.id, "exec-4", succeeded));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> outcome : pool.invokeAll(reports)) {
        outcomes.add(outcome.get());
      }
      assertThat(outcomes).filteredOn(o -> o == Outcome.ACCEPTED).hasSize(1);
      assertThat(outcomes).filteredOn(o -> o == Outcome.ALREADY_COMPLETED).hasSize(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void recordsTheFunctionsOwnAnswerOnce() {
    Deployment d = deploymentWaitingOnHook("exec-5");
    HookReportInbox inbox = new HookReportInbox(client);
    ResourceID resource = new ResourceID(d.name, NAMESPACE);

    inbox.recordAnswer(resource, "exec-5", true);
    inbox.recordAnswer(resource, "exec-5", false);

    assertThat(d.get().getMetadata().getAnnotations().get(HookReportInbox.ANNOTATION))
        .isEqualTo("{\"exec-5\":\"Succeeded\"}");
  }

  // ---- a deployment waiting on a hook, as the operator stores it

  private record Deployment(String name, String id) {
    EcsDeployment get() {
      return client.resources(EcsDeployment.class).inNamespace(NAMESPACE).withName(name).get();
    }
  }

  private static Deployment deploymentWaitingOnHook(String executionId) {
    int n = SEQUENCE.incrementAndGet();
    String name = "waiting-" + n;
    String id = "d-HOOKWAIT" + n;
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setName(name);
    deployment.getMetadata().setLabels(Map.of(HookReportInbox.DEPLOYMENT_ID_LABEL, id));
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = "web";
    deployment.getSpec().revision = new Revision();
    deployment.getSpec().revision.appSpecContent =
        new io.ecsdeploy.operator.api.v1alpha1.AppSpecContent();
    deployment.getSpec().revision.appSpecContent.content = "version: 0.0";
    client.resource(deployment).inNamespace(NAMESPACE).create();

    Instant now = Instant.now();
    RunRecord record =
        new RunRecord(RunRecord.SCHEMA_VERSION, null, DeploymentState.created(id, now), null, null);
    ObjectNode tree;
    try {
      tree = (ObjectNode) JSON.readTree(RunRecordCodec.encode(record));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ObjectNode execution = ((ObjectNode) tree.path("state")).putObject("hookExecution");
    execution.put("event", "AfterInstall");
    execution.put("executionId", executionId);
    execution.put("functionName", "hook");
    execution.put("deadline", now.plusSeconds(3600).toString());
    execution.put("invoked", false);
    EcsDeploymentStatus status = new EcsDeploymentStatus();
    status.deploymentId = id;
    status.status = DeploymentStatus.InProgress;
    status.runRecord = tree.toString();
    client
        .resources(EcsDeployment.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .editStatus(
            d -> {
              d.setStatus(status);
              return d;
            });
    return new Deployment(name, id);
  }
}
