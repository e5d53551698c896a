package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * CodeDeploy's {@code autoRollbackConfiguration} for one deployment.
 *
 * @param enabled whether automatic rollback is on
 * @param events what triggers it
 */
public record AutoRollbackSettings(boolean enabled, Set<AutoRollbackEvent> events) {
  public AutoRollbackSettings {
    events = Set.copyOf(events);
  }

  /** No automatic rollback. */
  public static AutoRollbackSettings disabled() {
    return new AutoRollbackSettings(false, Set.of());
  }

  /** Roll back on the given events. */
  public static AutoRollbackSettings on(AutoRollbackEvent... events) {
    EnumSet<AutoRollbackEvent> chosen = EnumSet.noneOf(AutoRollbackEvent.class);
    chosen.addAll(Arrays.asList(events));
    return new AutoRollbackSettings(true, chosen);
  }

  /** Whether {@code event} makes the deployment roll back. */
  public boolean rollsBackOn(AutoRollbackEvent event) {
    return enabled && events.contains(event);
  }
}
