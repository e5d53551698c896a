package io.ecsdeploy.operator.aws;

/** Deployment trigger notifications sent to SNS topics, in CodeDeploy's message format. */
public interface Notifications {

  /**
   * Publishes the notification to the topic, with CodeDeploy's subject and JSON body (see {@link
   * TriggerMessage}). Returns SNS's message id.
   */
  String publish(String topicArn, DeploymentNotification notification);
}
