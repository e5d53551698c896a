package io.ecsdeploy.operator.lifecycle;

/**
 * CodeDeploy's {@code errorInformation} of a deployment that failed or stopped.
 *
 * @param code the error code
 * @param message what happened, for people
 */
public record ErrorInformation(ErrorCode code, String message) {}
