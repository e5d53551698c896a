package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Deployment state changes published to an EventBridge bus as CodeDeploy's "CodeDeploy Deployment
 * State-change Notification" events.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EventBridgeNotifications {
  @Required
  @Pattern("^(arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/)?[/\\.\\-_A-Za-z0-9]{1,256}$")
  @JsonPropertyDescription(
      "The event bus: its name in the group's account and region (default for the account's"
          + " default bus), or its ARN.")
  public String eventBusName;

  @Default("ecsdeploy.codedeploy")
  @Size(min = 1, max = 256)
  @ValidationRule(
      value = "!self.startsWith('aws.')",
      message =
          "EventBridge accepts sources starting with aws. only from AWS services; CodeDeploy's"
              + " aws.codedeploy cannot be sent by the operator")
  @JsonPropertyDescription(
      "The events' source (default ecsdeploy.codedeploy). CodeDeploy sends aws.codedeploy, which"
          + " EventBridge reserves for AWS services: rules written for CodeDeploy need this source"
          + " instead; the detail-type and the detail are CodeDeploy's.")
  public String source;
}
