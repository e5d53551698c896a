package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** CodeDeploy's autoRollbackConfiguration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoRollbackConfiguration {
  @Default("true")
  @JsonPropertyDescription("Whether the events below roll the deployment back.")
  public Boolean enabled;

  @Size(max = 3)
  @JsonPropertyDescription(
      "DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM and/or DEPLOYMENT_STOP_ON_REQUEST. A rollback"
          + " re-points the listeners to the original target group, makes the original task set"
          + " primary again and deletes the replacement.")
  public List<AutoRollbackEvent> events;
}
