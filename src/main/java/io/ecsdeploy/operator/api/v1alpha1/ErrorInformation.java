package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.ErrorCode;

/** Why a deployment failed or stopped (CodeDeploy's errorInformation). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ErrorInformation {
  @JsonPropertyDescription("CodeDeploy's error code, e.g. HOOK_EXECUTION_FAILURE or ALARM_ACTIVE.")
  public ErrorCode code;

  @JsonPropertyDescription("What went wrong.")
  public String message;
}
