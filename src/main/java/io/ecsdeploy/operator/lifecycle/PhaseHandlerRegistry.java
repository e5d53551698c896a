package io.ecsdeploy.operator.lifecycle;

import java.util.EnumMap;
import java.util.Map;

/** The handler for each {@link Phase}; every phase has exactly one. */
final class PhaseHandlerRegistry {
  private final Map<Phase, PhaseHandler> handlers = new EnumMap<>(Phase.class);

  PhaseHandlerRegistry() {
    handlers.put(Phase.PENDING_START, new StartHandler());
    handlers.put(Phase.BEFORE_INSTALL, new HookEventHandler(LifecycleEvent.BeforeInstall));
    handlers.put(Phase.INSTALL, new InstallHandler());
    handlers.put(Phase.AFTER_INSTALL, new HookEventHandler(LifecycleEvent.AfterInstall));
    handlers.put(Phase.ALLOW_TEST_TRAFFIC, new AllowTestTrafficHandler());
    handlers.put(
        Phase.AFTER_ALLOW_TEST_TRAFFIC, new HookEventHandler(LifecycleEvent.AfterAllowTestTraffic));
    handlers.put(Phase.READY_WAIT, new ReadyWaitHandler());
    handlers.put(
        Phase.BEFORE_ALLOW_TRAFFIC, new HookEventHandler(LifecycleEvent.BeforeAllowTraffic));
    handlers.put(Phase.ALLOW_TRAFFIC, new AllowTrafficHandler());
    handlers.put(Phase.AFTER_ALLOW_TRAFFIC, new HookEventHandler(LifecycleEvent.AfterAllowTraffic));
    handlers.put(Phase.PROMOTE_REPLACEMENT, new PromoteReplacementHandler());
    handlers.put(Phase.TERMINATION_WAIT, new TerminationWaitHandler());
    handlers.put(Phase.REMOVE_ORIGINAL, new RemoveOriginalHandler());
    handlers.put(Phase.ROLLBACK, new RollbackHandler());
    handlers.put(Phase.FINISHED, new FinishedHandler());
  }

  /** Replaces the handler of {@code phase}; lets tests plant a misbehaving handler. */
  PhaseHandlerRegistry with(Phase phase, PhaseHandler handler) {
    handlers.put(phase, handler);
    return this;
  }

  PhaseHandler handlerFor(Phase phase) {
    return handlers.get(phase);
  }
}
