package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggerMessageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static DeploymentNotification failedRollback() {
    return new DeploymentNotification(
        "us-east-1",
        "111222333444",
        "on-failure",
        "shop",
        "d-B",
        "shop-web",
        Instant.parse("2023-11-14T18:41:01Z"),
        Instant.parse("2023-11-14T18:45:30Z"),
        new DeploymentNotification.Overview(0, 0, 3, 1, 4, 0),
        DeploymentStatus.Failed,
        new DeploymentNotification.Error("ALARM_ACTIVE", "alarm web-5xx is firing"),
        new DeploymentNotification.Rollback(
            "Deployment d-B is triggered to roll back deployment d-A.", "d-A", null));
  }

  @Test
  void subjectReadsLikeCodeDeploys() {
    assertThat(TriggerMessage.subject(failedRollback()))
        .isEqualTo("FAILED: AWS CodeDeploy d-B in us-east-1 to shop");
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
    "Created, CREATED",
    "Queued, QUEUED",
    "InProgress, IN_PROGRESS",
    "Baking, BAKING",
    "Ready, READY",
    "Succeeded, SUCCEEDED",
    "Failed, FAILED",
    "Stopped, STOPPED"
  })
  void statusesAreWrittenInUpperSnakeCase(DeploymentStatus status, String written) {
    assertThat(TriggerMessage.status(status)).isEqualTo(written);
  }

  @Test
  void subjectIsCutToSnsLimitAndKeptAscii() {
    DeploymentNotification n = failedRollback();
    DeploymentNotification longName =
        new DeploymentNotification(
            n.region(),
            n.accountId(),
            n.eventTriggerName(),
            "caf\u00e9-" + "x".repeat(120),
            n.deploymentId(),
            n.deploymentGroupName(),
            n.createTime(),
            null,
            null,
            DeploymentStatus.InProgress,
            null,
            null);

    String subject = TriggerMessage.subject(longName);

    assertThat(subject).hasSize(100).startsWith("IN_PROGRESS: AWS CodeDeploy d-B");
    assertThat(subject).contains("caf?-").matches("[\\x20-\\x7e]+");
  }

  @Test
  void bodyCarriesNestedObjectsAsJsonStrings() throws Exception {
    JsonNode body = JSON.readTree(TriggerMessage.body(failedRollback()));

    assertThat(body.path("region").asText()).isEqualTo("us-east-1");
    assertThat(body.path("accountId").asText()).isEqualTo("111222333444");
    assertThat(body.path("eventTriggerName").asText()).isEqualTo("on-failure");
    assertThat(body.path("applicationName").asText()).isEqualTo("shop");
    assertThat(body.path("deploymentGroupName").asText()).isEqualTo("shop-web");
    assertThat(body.path("status").asText()).isEqualTo("FAILED");
    assertThat(body.path("createTime").asText()).isEqualTo("Tue Nov 14 18:41:01 UTC 2023");
    assertThat(body.path("completeTime").asText()).isEqualTo("Tue Nov 14 18:45:30 UTC 2023");
    assertThat(body.path("deploymentOverview").isTextual()).isTrue();
    JsonNode overview = JSON.readTree(body.path("deploymentOverview").asText());
    assertThat(overview.path("Succeeded").asInt()).isEqualTo(3);
    assertThat(overview.path("Failed").asInt()).isEqualTo(1);
    assertThat(overview.path("Skipped").asInt()).isEqualTo(4);
    JsonNode error = JSON.readTree(body.path("errorInformation").asText());
    assertThat(error.path("ErrorCode").asText()).isEqualTo("ALARM_ACTIVE");
    assertThat(error.path("ErrorMessage").asText()).isEqualTo("alarm web-5xx is firing");
    JsonNode rollback = JSON.readTree(body.path("rollbackInformation").asText());
    assertThat(rollback.path("RollbackTriggeringDeploymentId").asText()).isEqualTo("d-A");
    assertThat(rollback.has("RollbackDeploymentId")).isFalse();
  }

  @Test
  void bodyIsWrittenByteForByteAsSubscribersReadIt() {
    assertThat(TriggerMessage.body(failedRollback()))
        .isEqualTo(
            "{\"region\":\"us-east-1\",\"accountId\":\"111222333444\","
                + "\"eventTriggerName\":\"on-failure\",\"applicationName\":\"shop\","
                + "\"deploymentId\":\"d-B\",\"deploymentGroupName\":\"shop-web\","
                + "\"createTime\":\"Tue Nov 14 18:41:01 UTC 2023\","
                + "\"completeTime\":\"Tue Nov 14 18:45:30 UTC 2023\","
                + "\"deploymentOverview\":\"{\\\"Succeeded\\\":3,\\\"Failed\\\":1,\\\"Skipped\\\":4,"
                + "\\\"InProgress\\\":0,\\\"Pending\\\":0,\\\"Ready\\\":0}\","
                + "\"status\":\"FAILED\","
                + "\"errorInformation\":\"{\\\"ErrorCode\\\":\\\"ALARM_ACTIVE\\\","
                + "\\\"ErrorMessage\\\":\\\"alarm web-5xx is firing\\\"}\","
                + "\"rollbackInformation\":\"{\\\"RollbackMessage\\\":\\\"Deployment d-B is triggered"
                + " to roll back deployment d-A.\\\",\\\"RollbackTriggeringDeploymentId\\\":\\\"d-A\\\"}\"}");
  }

  @Test
  void runningDeploymentHasNullCompleteTimeAndNoError() throws Exception {
    DeploymentNotification n = failedRollback();
    DeploymentNotification running =
        new DeploymentNotification(
            n.region(),
            n.accountId(),
            n.eventTriggerName(),
            n.applicationName(),
            n.deploymentId(),
            n.deploymentGroupName(),
            n.createTime(),
            null,
            null,
            DeploymentStatus.InProgress,
            null,
            null);

    JsonNode body = JSON.readTree(TriggerMessage.body(running));

    assertThat(body.has("completeTime")).isTrue();
    assertThat(body.path("completeTime").isNull()).isTrue();
    assertThat(body.path("errorInformation").isNull()).isTrue();
    assertThat(body.path("rollbackInformation").isNull()).isTrue();
  }
}
