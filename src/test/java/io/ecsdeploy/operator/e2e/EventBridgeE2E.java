package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EventBridgeNotifications;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Deployment state changes as CodeDeploy's EventBridge events, received through a rule written for
 * CodeDeploy's events (its source changed) that delivers to an SQS queue, all in MiniStack.
 */
class EventBridgeE2E extends OperatorE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DETAIL_TYPE = "CodeDeploy Deployment State-change Notification";

  @Test
  void aDeploymentThatRollsBackSendsCodeDeploysStatesForItAndItsRollback() throws Exception {
    E2EScenario scenario = E2EScenario.create(client, "eventbridge");
    String queueUrl = busWithRuleToQueue("deployments-" + scenario.namespace, scenario.namespace);
    EcsDeploymentGroup group =
        scenario.group(
            "web",
            spec -> {
              spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_FAILURE);
              spec.eventBridge = new EventBridgeNotifications();
              spec.eventBridge.eventBusName = "deployments-" + scenario.namespace;
            });
    long started = System.nanoTime();
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(hooks -> hooks.afterAllowTestTraffic = DemoWorld.HOOK_FAILS),
        spec -> {});

    EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);
    String deploymentId = failed.getStatus().deploymentId;
    String rollbackId = failed.getStatus().rollbackInfo.rollbackDeploymentId;
    List<JsonNode> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              events.addAll(receive(queueUrl));
              return events.size() >= 4;
            });
    System.out.printf(
        "EventBridge: %d events received %.1f s after the deployment was created: %s%n",
        events.size(),
        (System.nanoTime() - started) / 1e9,
        events.stream()
            .map(e -> e.at("/detail/deploymentId").asText() + " " + e.at("/detail/state").asText())
            .toList());

    assertThat(events)
        .extracting(e -> e.at("/detail/deploymentId").asText(), e -> e.at("/detail/state").asText())
        .containsExactly(
            tuple(deploymentId, "START"),
            tuple(deploymentId, "FAILURE"),
            tuple(rollbackId, "START"),
            tuple(rollbackId, "SUCCESS"));
    String groupUid = group.getMetadata().getUid();
    for (JsonNode event : events) {
      assertThat(event.get("source").asText()).isEqualTo("ecsdeploy.codedeploy");
      assertThat(event.get("detail-type").asText()).isEqualTo(DETAIL_TYPE);
      assertThat(event.get("region").asText()).isEqualTo("us-east-1");
      assertThat(JSON.convertValue(event.get("resources"), List.class))
          .containsExactly(
              "arn:aws:codedeploy:us-east-1:" + EmulatorClients.ACCOUNT_ID + ":application:web",
              "arn:aws:codedeploy:us-east-1:"
                  + EmulatorClients.ACCOUNT_ID
                  + ":deploymentgroup:web/web");
      JsonNode detail = event.get("detail");
      assertThat(fieldNames(detail))
          .containsExactlyInAnyOrder(
              "instanceGroupId",
              "region",
              "application",
              "deploymentId",
              "state",
              "deploymentGroup");
      assertThat(detail.get("instanceGroupId").asText()).isEqualTo(groupUid);
      assertThat(detail.get("region").asText()).isEqualTo("us-east-1");
      assertThat(detail.get("application").asText()).isEqualTo("web");
      assertThat(detail.get("deploymentGroup").asText()).isEqualTo("web");
    }
  }

  @Test
  void eventBridgeRefusesCodeDeploysOwnSourceSoTheSchemaDoesToo() {
    try (EventBridgeClient eventBridge = EmulatorClients.eventBridge()) {
      PutEventsResponse refused =
          eventBridge.putEvents(
              r ->
                  r.entries(
                      e ->
                          e.source("aws.codedeploy")
                              .detailType(DETAIL_TYPE)
                              .detail("{\"state\":\"START\"}")));
      assertThat(refused.failedEntryCount()).isEqualTo(1);
      assertThat(refused.entries().get(0).errorCode()).isEqualTo("NotAuthorizedForSourceException");
    }

    E2EScenario scenario = E2EScenario.create(client, "eventbridge-source");
    assertThatThrownBy(
            () ->
                scenario.groupWithoutWaiting(
                    "web",
                    spec -> {
                      spec.eventBridge = new EventBridgeNotifications();
                      spec.eventBridge.eventBusName = "default";
                      spec.eventBridge.source = "aws.codedeploy";
                    }))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("EventBridge accepts sources starting with aws. only from AWS");
  }

  /**
   * An event bus with a rule that matches CodeDeploy's deployment events, as a team migrating from
   * CodeDeploy would have it with the source changed, delivering to a new SQS queue.
   */
  private static String busWithRuleToQueue(String bus, String name) {
    try (EventBridgeClient eventBridge = EmulatorClients.eventBridge();
        SqsClient sqs = EmulatorClients.sqs()) {
      eventBridge.createEventBus(r -> r.name(bus));
      String queueUrl = sqs.createQueue(r -> r.queueName(name + "-events")).queueUrl();
      String queueArn =
          sqs.getQueueAttributes(
                  r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      eventBridge.putRule(
          r ->
              r.name("codedeploy-deployments")
                  .eventBusName(bus)
                  .eventPattern(
                      "{\"source\": [\"ecsdeploy.codedeploy\"],"
                          + " \"detail-type\": [\""
                          + DETAIL_TYPE
                          + "\"]}"));
      eventBridge.putTargets(
          r ->
              r.rule("codedeploy-deployments")
                  .eventBusName(bus)
                  .targets(t -> t.id("queue").arn(queueArn)));
      return queueUrl;
    }
  }

  private static List<JsonNode> receive(String queueUrl) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    try (SqsClient sqs = EmulatorClients.sqs()) {
      List<Message> messages =
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
      for (Message message : messages) {
        events.add(JSON.readTree(message.body()));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
    return events;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
