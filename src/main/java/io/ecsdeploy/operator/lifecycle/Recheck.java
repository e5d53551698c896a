package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;

/**
 * When the caller should ask the engine again.
 *
 * @param kind what to wait for
 * @param at the instant, for {@link Kind#AT}
 */
public record Recheck(Kind kind, Instant at) {

  /** What the next decision waits for. */
  public enum Kind {
    /** Right after the action has been performed (and the status saved). */
    AFTER_ACTION,
    /** At {@link #at()}, or earlier when something the engine watches changes. */
    AT,
    /** Never: the deployment has ended and nothing is left to do. */
    NEVER
  }

  public static Recheck afterAction() {
    return new Recheck(Kind.AFTER_ACTION, null);
  }

  public static Recheck at(Instant at) {
    return new Recheck(Kind.AT, at);
  }

  public static Recheck never() {
    return new Recheck(Kind.NEVER, null);
  }
}
