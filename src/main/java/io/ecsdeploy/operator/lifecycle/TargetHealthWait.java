package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * The deployment is waiting for enough healthy targets before traffic moves to the replacement.
 *
 * @param listener the listener whose traffic waits (TEST or PRODUCTION)
 * @param targetGroupArn the replacement target group
 * @param since when the wait began
 * @param until when it fails if the targets are still not healthy
 * @param healthy how many targets were healthy at the last look
 * @param needed how many must be
 * @param states all targets by state at the last look, in words
 */
public record TargetHealthWait(
    Listener listener,
    String targetGroupArn,
    Instant since,
    Instant until,
    int healthy,
    int needed,
    String states) {
  public TargetHealthWait {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
  }

  /** What the wait is about, for the status. */
  public String describe() {
    return "Waiting for healthy targets in "
        + targetGroupArn
        + " before "
        + (listener == Listener.TEST ? "test" : "production")
        + " traffic moves to it: "
        + healthy
        + " of "
        + needed
        + " needed are healthy ("
        + states
        + ")";
  }
}
