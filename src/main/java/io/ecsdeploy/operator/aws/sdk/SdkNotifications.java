package io.ecsdeploy.operator.aws.sdk;

import static io.ecsdeploy.operator.aws.sdk.SdkCalls.call;

import io.ecsdeploy.operator.aws.DeploymentNotification;
import io.ecsdeploy.operator.aws.Notifications;
import io.ecsdeploy.operator.aws.TriggerMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * {@link Notifications} on SNS Publish. FIFO topics ({@code .fifo}) get the deployment id as
 * message group, so one deployment's messages stay in order, and a deduplication id derived from
 * the trigger, deployment and status, so a repeated publish after a restart is dropped by SNS.
 */
public final class SdkNotifications implements Notifications {

  private final SnsClient sns;

  public SdkNotifications(SnsClient sns) {
    this.sns = sns;
  }

  @Override
  public String publish(String topicArn, DeploymentNotification notification) {
    PublishRequest.Builder request =
        PublishRequest.builder()
            .topicArn(topicArn)
            .subject(TriggerMessage.subject(notification))
            .message(TriggerMessage.body(notification));
    if (topicArn.endsWith(".fifo")) {
      request
          .messageGroupId(notification.deploymentId())
          .messageDeduplicationId(
              sha256(
                  notification.eventTriggerName()
                      + "|"
                      + notification.deploymentId()
                      + "|"
                      + notification.status()));
    }
    return call(() -> sns.publish(request.build()).messageId());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
