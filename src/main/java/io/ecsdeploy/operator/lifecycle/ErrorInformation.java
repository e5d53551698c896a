package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.ErrorCode;

/**
 * CodeDeploy's {@code errorInformation} of a deployment that failed or stopped.
 *
 * @param code the error code
 * @param message what happened, for people
 */
public record ErrorInformation(ErrorCode code, String message) {}
