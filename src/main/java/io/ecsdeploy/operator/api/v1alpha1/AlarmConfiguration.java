package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** CloudWatch alarms watched during the whole deployment (CodeDeploy's alarmConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlarmConfiguration {
  @Default("true")
  @JsonPropertyDescription("Whether the alarms are watched.")
  public Boolean enabled;

  @Default("false")
  @JsonPropertyDescription(
      "When false (the default), a failed poll of the alarms stops the deployment; when true the"
          + " deployment goes on.")
  public Boolean ignorePollAlarmFailure;

  @Size(max = 10)
  @JsonPropertyDescription(
      "Names of up to 10 CloudWatch alarms; any of them in ALARM stops the deployment.")
  public List<@Size(min = 1, max = 255) String> alarms;
}
