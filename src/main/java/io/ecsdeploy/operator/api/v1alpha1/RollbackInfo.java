package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Links a deployment and its rollback (CodeDeploy's rollbackInfo). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackInfo {
  @JsonPropertyDescription("The deployment that rolled this one back.")
  public String rollbackDeploymentId;

  @JsonPropertyDescription("The deployment this one rolled back.")
  public String rollbackTriggeringDeploymentId;

  @JsonPropertyDescription("Why, in CodeDeploy's words.")
  public String rollbackMessage;
}
