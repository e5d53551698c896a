package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Settings of one deployment that replace its group's (CodeDeploy's per-deployment overrides). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentOverrides {
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Deployment configuration for this deployment only.")
  public String deploymentConfigName;

  @JsonPropertyDescription("Automatic rollback for this deployment only.")
  public AutoRollbackConfiguration autoRollback;

  @JsonPropertyDescription(
      "Alarms for this deployment only (CodeDeploy's overrideAlarmConfiguration).")
  public AlarmConfiguration alarmConfiguration;

  @JsonPropertyDescription(
      "Analysis checks for this deployment only, replacing the group's (an empty list of checks"
          + " runs none).")
  public AnalysisConfiguration analysis;
}
