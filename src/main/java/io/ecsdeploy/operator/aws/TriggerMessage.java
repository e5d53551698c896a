package io.ecsdeploy.operator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders a {@link DeploymentNotification} the way CodeDeploy's deployment triggers do, so that
 * subscribers written for CodeDeploy keep working:
 *
 * <ul>
 *   <li>subject {@code <STATUS>: AWS CodeDeploy <deploymentId> in <region> to <applicationName>},
 *       cut to SNS's 100-character limit;
 *   <li>a JSON body with {@code region, accountId, eventTriggerName, applicationName, deploymentId,
 *       deploymentGroupName, createTime, completeTime, deploymentOverview, status,
 *       errorInformation, rollbackInformation}, where the last three objects are JSON-encoded
 *       strings, {@code completeTime} is null until the deployment finishes, and times are written
 *       like {@code Tue Nov 14 18:41:01 UTC 2023}, as in messages observed from ECS deployments.
 * </ul>
 */
public final class TriggerMessage {

  /** SNS refuses longer subjects. */
  public static final int MAX_SUBJECT_LENGTH = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.US)
          .withZone(ZoneOffset.UTC);

  private TriggerMessage() {}

  /** The message subject: printable ASCII, at most 100 characters. */
  public static String subject(DeploymentNotification notification) {
    String subject =
        status(notification.status())
            + ": AWS CodeDeploy "
            + notification.deploymentId()
            + " in "
            + notification.region()
            + " to "
            + notification.applicationName();
    StringBuilder ascii = new StringBuilder(subject.length());
    subject.chars().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
    return ascii.length() <= MAX_SUBJECT_LENGTH
        ? ascii.toString()
        : ascii.substring(0, MAX_SUBJECT_LENGTH);
  }

  /** The message body. */
  public static String body(DeploymentNotification notification) {
    ObjectNode body = JSON.createObjectNode();
    body.put("region", notification.region());
    body.put("accountId", notification.accountId());
    body.put("eventTriggerName", notification.eventTriggerName());
    body.put("applicationName", notification.applicationName());
    body.put("deploymentId", notification.deploymentId());
    body.put("deploymentGroupName", notification.deploymentGroupName());
    body.put("createTime", time(notification.createTime()));
    body.put("completeTime", time(notification.completeTime()));
    body.put("deploymentOverview", encoded(overview(notification.overview())));
    body.put("status", status(notification.status()));
    body.put(
        "errorInformation", notification.error() == null ? null : encoded(error(notification)));
    body.put(
        "rollbackInformation",
        notification.rollback() == null ? null : encoded(rollback(notification.rollback())));
    return encoded(body);
  }

  /**
   * A deployment status as CodeDeploy writes it in trigger messages: in upper snake case, such as
   * {@code IN_PROGRESS} for {@link DeploymentStatus#InProgress}.
   */
  public static String status(DeploymentStatus status) {
    return status.name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /** A time as CodeDeploy writes it in trigger messages, or {@code null}. */
  public static String time(Instant instant) {
    return instant == null ? null : TIME.format(instant);
  }

  private static ObjectNode overview(DeploymentNotification.Overview overview) {
    ObjectNode node = JSON.createObjectNode();
    node.put("Succeeded", overview.succeeded());
    node.put("Failed", overview.failed());
    node.put("Skipped", overview.skipped());
    node.put("InProgress", overview.inProgress());
    node.put("Pending", overview.pending());
    node.put("Ready", overview.ready());
    return node;
  }

  private static ObjectNode error(DeploymentNotification notification) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ErrorCode", notification.error().code());
    node.put("ErrorMessage", notification.error().message());
    return node;
  }

  private static ObjectNode rollback(DeploymentNotification.Rollback rollback) {
    ObjectNode node = JSON.createObjectNode();
    node.put("RollbackMessage", rollback.message());
    if (rollback.triggeringDeploymentId() != null) {
      node.put("RollbackTriggeringDeploymentId", rollback.triggeringDeploymentId());
    }
    if (rollback.rollbackDeploymentId() != null) {
      node.put("RollbackDeploymentId", rollback.rollbackDeploymentId());
    }
    return node;
  }

  private static String encoded(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
