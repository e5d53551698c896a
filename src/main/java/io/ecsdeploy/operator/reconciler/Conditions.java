package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.ConditionedStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets Kubernetes conditions on a status the way {@code kubectl wait} and GitOps tools expect: one
 * condition per type, {@code lastTransitionTime} kept unless the status value changes, and the
 * generation the condition was computed for.
 */
public final class Conditions {
  /**
   * An application, configuration or group is usable: its references resolve and AWS confirms what
   * it names. Deployments do not have it: their status value {@code Ready} is CodeDeploy's name for
   * the ready wait, and a condition of the same name meaning something else would mislead.
   */
  public static final String READY = "Ready";

  /** A deployment succeeded: {@code kubectl wait --for=condition=Succeeded} waits for that. */
  public static final String SUCCEEDED = "Succeeded";

  /**
   * A deployment has not ended: True while it waits (the reason says why) or runs (the reason is
   * its status), False once it ended. Flux's kstatus reads it as in progress.
   */
  public static final String RECONCILING = "Reconciling";

  /** A deployment ended Failed or Stopped: it will not succeed by itself. */
  public static final String STALLED = "Stalled";

  /**
   * The operator's last AWS reads for the resource answered; False with the CodeDeploy error code
   * as reason while they fail (the deployment waits and tries again).
   */
  public static final String AWS_REACHABLE = "AwsReachable";

  private final Clock clock;

  public Conditions(Clock clock) {
    this.clock = clock;
  }

  /** Returns true when the condition changed in a way worth writing. */
  public boolean set(
      ConditionedStatus status,
      long generation,
      String type,
      boolean value,
      String reason,
      String message) {
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    String statusValue = value ? "True" : "False";
    Condition existing = find(status.conditions, type);
    if (existing != null
        && statusValue.equals(existing.getStatus())
        && Objects.equals(reason, existing.getReason())
        && Objects.equals(message, existing.getMessage())
        && Objects.equals(generation, existing.getObservedGeneration())) {
      return false;
    }
    String transitionTime =
        existing != null && statusValue.equals(existing.getStatus())
            ? existing.getLastTransitionTime()
            : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Condition condition =
        new ConditionBuilder()
            .withType(type)
            .withStatus(statusValue)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transitionTime)
            .build();
    status.conditions.removeIf(c -> type.equals(c.getType()));
    status.conditions.add(condition);
    status.conditions.sort((a, b) -> a.getType().compareTo(b.getType()));
    return true;
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public static boolean isTrue(ConditionedStatus status, String type) {
    Condition condition = status == null ? null : find(status.conditions, type);
    return condition != null && "True".equals(condition.getStatus());
  }
}
