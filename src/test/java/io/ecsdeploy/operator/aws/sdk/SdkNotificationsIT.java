package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.aws.DeploymentNotification;
import io.ecsdeploy.operator.aws.Notifications;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;

/** Trigger notifications published to moto's SNS and read back from moto's state dump. */
@ExtendWith(AwsEmulatorsExtension.class)
class SdkNotificationsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AwsClientFactory factory;
  private Notifications notifications;
  private String topic;
  private String fifoTopic;

  /** One message as moto recorded it. */
  private record Sent(String messageId, String message, String subject, String groupId) {}

  @BeforeEach
  void topics() {
    AwsEmulatorsExtension.reset();
    try (SnsClient sns = EmulatorClients.sns()) {
      topic = sns.createTopic(r -> r.name("deployments")).topicArn();
      fifoTopic =
          sns.createTopic(
                  r -> r.name("deployments.fifo").attributes(java.util.Map.of("FifoTopic", "true")))
              .topicArn();
    }
    factory = EmulatorFactory.create();
    notifications = factory.clients(EmulatorFactory.REGION).notifications();
  }

  @AfterEach
  void close() {
    factory.close();
  }

  private static DeploymentNotification notification(DeploymentStatus status, Instant completed) {
    return new DeploymentNotification(
        "us-east-1",
        EmulatorClients.ACCOUNT_ID,
        "shop-web-failures",
        "shop",
        "d-7Q2ZK1XJ3",
        "shop-web",
        Instant.parse("2024-03-05T10:15:30Z"),
        completed,
        new DeploymentNotification.Overview(0, 0, 5, 1, 2, 0),
        status,
        status == DeploymentStatus.Failed
            ? new DeploymentNotification.Error(
                "HOOK_EXECUTION_FAILURE", "BeforeAllowTraffic hook smoke-test failed")
            : null,
        null);
  }

  private static List<Sent> sentTo(String topicArn) throws Exception {
    JsonNode data =
        JSON.readTree(
            AwsEmulatorsExtension.get(
                AwsEmulatorsExtension.motoEndpoint().resolve("/moto-api/data.json")));
    List<Sent> sent = new ArrayList<>();
    for (JsonNode topic : data.path("sns").path("Topic")) {
      if (topic.path("arn").asText().equals(topicArn)) {
        for (JsonNode message : topic.path("sent_notifications")) {
          sent.add(
              new Sent(
                  message.get(0).asText(),
                  message.get(1).asText(),
                  message.get(2).asText(),
                  message.get(4).isNull() ? null : message.get(4).asText()));
        }
      }
    }
    return sent;
  }

  @Test
  void publishesCodeDeploysSubjectAndBody() throws Exception {
    String messageId =
        notifications.publish(
            topic, notification(DeploymentStatus.Failed, Instant.parse("2024-03-05T10:21:00Z")));

    List<Sent> sent = sentTo(topic);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).messageId()).isEqualTo(messageId);
    assertThat(sent.get(0).subject())
        .isEqualTo("FAILED: AWS CodeDeploy d-7Q2ZK1XJ3 in us-east-1 to shop");
    JsonNode body = JSON.readTree(sent.get(0).message());
    assertThat(body.path("region").asText()).isEqualTo("us-east-1");
    assertThat(body.path("accountId").asText()).isEqualTo(EmulatorClients.ACCOUNT_ID);
    assertThat(body.path("eventTriggerName").asText()).isEqualTo("shop-web-failures");
    assertThat(body.path("applicationName").asText()).isEqualTo("shop");
    assertThat(body.path("deploymentId").asText()).isEqualTo("d-7Q2ZK1XJ3");
    assertThat(body.path("deploymentGroupName").asText()).isEqualTo("shop-web");
    assertThat(body.path("status").asText()).isEqualTo("FAILED");
    assertThat(body.path("createTime").asText()).isEqualTo("Tue Mar 05 10:15:30 UTC 2024");
    assertThat(body.path("completeTime").asText()).isEqualTo("Tue Mar 05 10:21:00 UTC 2024");
    JsonNode overview = JSON.readTree(body.path("deploymentOverview").asText());
    assertThat(overview.path("Succeeded").asInt()).isEqualTo(5);
    assertThat(overview.path("Failed").asInt()).isEqualTo(1);
    JsonNode error = JSON.readTree(body.path("errorInformation").asText());
    assertThat(error.path("ErrorCode").asText()).isEqualTo("HOOK_EXECUTION_FAILURE");
    assertThat(body.has("rollbackInformation")).isTrue();
    assertThat(body.path("rollbackInformation").isNull()).isTrue();
  }

  @Test
  void eachStatusChangeIsItsOwnMessage() throws Exception {
    notifications.publish(topic, notification(DeploymentStatus.Created, null));
    notifications.publish(
        topic, notification(DeploymentStatus.Succeeded, Instant.parse("2024-03-05T10:21:00Z")));

    List<Sent> sent = sentTo(topic);

    assertThat(sent)
        .extracting(Sent::subject)
        .containsExactly(
            "CREATED: AWS CodeDeploy d-7Q2ZK1XJ3 in us-east-1 to shop",
            "SUCCEEDED: AWS CodeDeploy d-7Q2ZK1XJ3 in us-east-1 to shop");
    assertThat(JSON.readTree(sent.get(0).message()).path("completeTime").isNull()).isTrue();
  }

  @Test
  void aFifoTopicGroupsMessagesByDeployment() throws Exception {
    notifications.publish(fifoTopic, notification(DeploymentStatus.InProgress, null));

    List<Sent> sent = sentTo(fifoTopic);

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).groupId()).isEqualTo("d-7Q2ZK1XJ3");
  }
}
