package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An SNS notification sent at chosen deployment events (CodeDeploy's triggerConfig). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Trigger {
  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription("Name of the trigger, shown in its messages as eventTriggerName.")
  public String name;

  @Required
  @Pattern(ArnPatterns.SNS_TOPIC)
  @JsonPropertyDescription("ARN of the SNS topic the notifications are published to.")
  public String targetArn;

  @Required
  @Size(min = 1, max = 6)
  @JsonPropertyDescription(
      "DeploymentStart, DeploymentSuccess, DeploymentFailure, DeploymentStop, DeploymentRollback"
          + " and/or DeploymentReady.")
  public List<TriggerEvent> events;
}
