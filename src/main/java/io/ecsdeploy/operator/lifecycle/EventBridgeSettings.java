package io.ecsdeploy.operator.lifecycle;

import java.util.Objects;

/**
 * Where deployment state changes go as EventBridge events in CodeDeploy's shape.
 *
 * @param eventBus the event bus, a name or an ARN
 * @param source the events' source
 * @param deploymentGroupId the deployment group's id, sent as CodeDeploy's {@code instanceGroupId}
 */
public record EventBridgeSettings(String eventBus, String source, String deploymentGroupId) {
  public EventBridgeSettings {
    Objects.requireNonNull(eventBus, "eventBus");
    Objects.requireNonNull(source, "source");
  }
}
