package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.ErrorCode;

/**
 * The previous decision's action could not be carried out.
 *
 * @param actionKey {@link Action#key()} of the action that failed
 * @param code the CodeDeploy error code that describes the failure (for example {@code THROTTLED},
 *     {@code IAM_ROLE_PERMISSIONS}, {@code INVALID_LAMBDA_FUNCTION})
 * @param message what AWS said
 * @param retryable whether trying again later may succeed (throttling, 5xx)
 */
public record ActionFailure(String actionKey, ErrorCode code, String message, boolean retryable) {}
