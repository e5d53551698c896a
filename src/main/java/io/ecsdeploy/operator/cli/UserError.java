package io.ecsdeploy.operator.cli;

/**
 * A mistake in the command line or the state of a resource, reported as {@code error: message}
 * without a stack trace; the command exits with 1.
 */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
