package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.util.Set;

/**
 * One SNS trigger of the deployment group.
 *
 * @param name the trigger's name, sent in every message
 * @param topicArn SNS topic to publish to
 * @param events the deployment events it wants
 */
public record TriggerSettings(String name, String topicArn, Set<TriggerEvent> events) {
  public TriggerSettings {
    events = Set.copyOf(events);
  }
}
