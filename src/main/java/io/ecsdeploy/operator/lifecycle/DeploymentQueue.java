package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Decides which deployment of a deployment group may run: CodeDeploy runs at most one per group and
 * queues the others. The decision only depends on the group's deployments, so every reconcile (and
 * every operator replica) reaches the same answer without a lock.
 */
public final class DeploymentQueue {
  private static final Comparator<Member> OLDEST_FIRST =
      Comparator.comparing(Member::createTime).thenComparing(Member::deploymentId);

  private DeploymentQueue() {}

  /**
   * A deployment of the group.
   *
   * @param deploymentId its id
   * @param createTime when it was created
   * @param status its status
   */
  public record Member(String deploymentId, Instant createTime, DeploymentStatus status) {}

  /**
   * The deployment that holds the group: the active one if there is one, otherwise the oldest
   * waiting one (ties broken by id); empty when nothing runs or waits.
   */
  public static Optional<String> holder(Collection<Member> group) {
    Optional<Member> active =
        group.stream().filter(member -> member.status().isActive()).min(OLDEST_FIRST);
    if (active.isPresent()) {
      return active.map(Member::deploymentId);
    }
    return group.stream()
        .filter(member -> !member.status().isTerminal())
        .min(OLDEST_FIRST)
        .map(Member::deploymentId);
  }

  /** Whether {@code deploymentId} may start now; if not, it is Queued. */
  public static boolean mayStart(String deploymentId, Collection<Member> group) {
    return holder(group).map(deploymentId::equals).orElse(true);
  }
}
