package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Instant;

/**
 * An SNS trigger message waiting to be published, with the deployment's status as it was when the
 * event happened (a message that is published later still tells what happened then); or, with a
 * {@code stateChange}, an EventBridge event in CodeDeploy's shape, to the bus of the settings.
 *
 * @param id sequence number, unique within the deployment
 * @param triggerName the trigger's name
 * @param topicArn the SNS topic
 * @param event the deployment event
 * @param status the status the message gives: the deployment's status at the event, except {@code
 *     Created} for DeploymentStart, as CodeDeploy writes it
 * @param errorInformation the error at the event, if any
 * @param rollbackInfo the rollback record at the event, if any
 * @param createTime when the deployment was created
 * @param completeTime when it completed, {@code null} before
 * @param stateChange the EventBridge event, {@code null} for an SNS message (then {@code
 *     triggerName} and {@code topicArn} are {@code null} for an event)
 */
public record PendingNotification(
    long id,
    String triggerName,
    String topicArn,
    TriggerEvent event,
    DeploymentStatus status,
    ErrorInformation errorInformation,
    RollbackInfo rollbackInfo,
    Instant createTime,
    Instant completeTime,
    StateChange stateChange) {

  /**
   * A deployment state change as CodeDeploy sends it to EventBridge.
   *
   * @param deploymentId the deployment whose state changed: the deployment, or its rollback (which
   *     CodeDeploy runs as a deployment of its own)
   * @param state START, SUCCESS, FAILURE, STOP or READY
   * @param time when it changed
   */
  public record StateChange(String deploymentId, String state, Instant time) {}
}
