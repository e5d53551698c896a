package io.ecsdeploy.operator.lifecycle;

/**
 * Where a deployment is, finer than its status: one phase per lifecycle event plus the waits and
 * clean-up steps around them. Stored in the deployment's state; {@link PhaseHandlerRegistry} maps
 * each phase to the handler that moves it on.
 */
public enum Phase {
  PENDING_START(null),
  BEFORE_INSTALL(LifecycleEvent.BeforeInstall),
  INSTALL(LifecycleEvent.Install),
  AFTER_INSTALL(LifecycleEvent.AfterInstall),
  ALLOW_TEST_TRAFFIC(LifecycleEvent.AllowTestTraffic),
  AFTER_ALLOW_TEST_TRAFFIC(LifecycleEvent.AfterAllowTestTraffic),
  READY_WAIT(null),
  BEFORE_ALLOW_TRAFFIC(LifecycleEvent.BeforeAllowTraffic),
  ALLOW_TRAFFIC(LifecycleEvent.AllowTraffic),
  AFTER_ALLOW_TRAFFIC(LifecycleEvent.AfterAllowTraffic),
  PROMOTE_REPLACEMENT(null),
  TERMINATION_WAIT(null),
  REMOVE_ORIGINAL(null),
  ROLLBACK(null),
  FINISHED(null);

  private final LifecycleEvent event;

  Phase(LifecycleEvent event) {
    this.event = event;
  }

  /** The lifecycle event this phase runs, {@code null} for the phases between events. */
  public LifecycleEvent event() {
    return event;
  }

  /** The phase after this one on the way to success. */
  Phase next() {
    return values()[ordinal() + 1];
  }

  /**
   * Whether the deployment may already have changed something in AWS, so that a rollback has work
   * to do. Before Install nothing has been touched, which is why CodeDeploy cannot roll back a
   * BeforeInstall failure.
   */
  boolean mayHaveChangedAws() {
    return ordinal() >= INSTALL.ordinal();
  }

  /**
   * Whether a failure or stop here can still be rolled back: something may have changed, and the
   * original task set has not been handed to DeleteTaskSet yet.
   */
  boolean canRollBack() {
    return mayHaveChangedAws() && ordinal() <= TERMINATION_WAIT.ordinal();
  }

  /**
   * Whether all production traffic has moved to the replacement, which must keep it until the
   * deployment succeeds.
   */
  boolean trafficShifted() {
    return ordinal() >= AFTER_ALLOW_TRAFFIC.ordinal() && ordinal() <= REMOVE_ORIGINAL.ordinal();
  }

  /** Whether stops and alarms still apply: the deployment runs and the original can come back. */
  boolean interruptible() {
    return ordinal() >= BEFORE_INSTALL.ordinal() && ordinal() <= TERMINATION_WAIT.ordinal();
  }
}
