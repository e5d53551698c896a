package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.codedeploy.ErrorCode;

/** A revision that cannot be deployed, with the CodeDeploy error code that says why. */
final class RevisionException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  RevisionException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }
}
