package io.ecsdeploy.operator.aws;

/** Deployment state changes published to an EventBridge bus, in CodeDeploy's event format. */
public interface DeploymentEvents {

  /**
   * Puts the state change on the bus (a name or an ARN) as CodeDeploy's "CodeDeploy Deployment
   * State-change Notification" event (see {@link StateChangeEvent}). Returns EventBridge's event
   * id.
   */
  String publish(String eventBus, DeploymentStateChange change);
}
