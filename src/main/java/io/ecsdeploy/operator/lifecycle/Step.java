package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;

/**
 * What a phase handler decided.
 *
 * @param kind what happens next
 * @param action the action, for {@link Kind#EMIT}
 * @param until the deadline, for {@link Kind#WAIT}; {@code null} when there is none
 * @param polling whether AWS is expected to change on its own, so the wait is cut to the poll
 *     interval
 */
record Step(Kind kind, Action action, Instant until, boolean polling) {

  enum Kind {
    /** The handler moved the deployment on; dispatch again on its (possibly new) phase. */
    CONTINUE,
    /** Hand this action to the caller. */
    EMIT,
    /** Nothing to do until a deadline or until AWS changes. */
    WAIT,
    /** The deployment has ended. */
    IDLE
  }

  static Step proceed() {
    return new Step(Kind.CONTINUE, null, null, false);
  }

  static Step emit(Action action) {
    return new Step(Kind.EMIT, action, null, false);
  }

  static Step waitUntil(Instant until) {
    return new Step(Kind.WAIT, null, until, false);
  }

  static Step pollUntil(Instant until) {
    return new Step(Kind.WAIT, null, until, true);
  }

  static Step idle() {
    return new Step(Kind.IDLE, null, null, false);
  }
}
