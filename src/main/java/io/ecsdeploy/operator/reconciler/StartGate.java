package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a deployment whose inputs are resolved may start now. It may not while its group is
 * missing, not selected by this installation's label selector, or not Ready, while another group
 * holds the ECS service ({@link ServiceClaims}), while an older deployment of the group has not
 * ended ({@link #QUEUE_ORDER}), or while another deployment holds the group. The last is decided by
 * the API server ({@link GroupLock}), so the answer is the same for every replica and after every
 * restart.
 */
final class StartGate {
  /**
   * The queue's order: oldest first by {@code metadata.creationTimestamp}, then by name for
   * deployments created in the same second. Only what the API server stores, so every replica and
   * every restart gives the same order.
   */
  static final Comparator<EcsDeployment> QUEUE_ORDER =
      Comparator.comparing((EcsDeployment d) -> d.getMetadata().getCreationTimestamp())
          .thenComparing(d -> d.getMetadata().getName());

  /** What the gate reads: the operator's caches, and the group lock. */
  interface World {
    Optional<EcsDeploymentGroup> group(String namespace, String name);

    List<EcsDeploymentGroup> groups();

    Optional<EcsApplication> application(String namespace, String name);

    /** The deployments naming the group, ended or not. */
    List<EcsDeployment> deploymentsOf(String namespace, String group);

    /** Takes the group for the deployment through the API server; false when another holds it. */
    boolean tryAcquire(EcsDeployment deployment, String deploymentId);
  }

  private final String defaultRegion;
  private final LabelSelector selector;

  StartGate(String defaultRegion, LabelSelector selector) {
    this.defaultRegion = defaultRegion;
    this.selector = selector;
  }

  /**
   * Why a deployment whose group exists waits because the group belongs to another installation;
   * empty when this installation's selector selects the group.
   */
  static Optional<RunRecordResolver.Waiting> notSelected(
      EcsDeploymentGroup group, LabelSelector selector) {
    if (selector.matches(group.getMetadata().getLabels())) {
      return Optional.empty();
    }
    return waiting(
        Reasons.DEPLOYMENT_GROUP_NOT_SELECTED,
        "EcsDeploymentGroup "
            + group.getMetadata().getName()
            + " does not match this operator's label selector '"
            + selector.text()
            + "': another installation deploys it; give the deployment its group's labels");
  }

  /** Why {@code deployment} may not start now; empty when it holds its group and may start. */
  Optional<RunRecordResolver.Waiting> blocker(
      EcsDeployment deployment, String deploymentId, World world) {
    String namespace = deployment.getMetadata().getNamespace();
    String groupName = deployment.getSpec().deploymentGroupName;
    Optional<EcsDeploymentGroup> group = world.group(namespace, groupName);
    if (group.isEmpty()) {
      return waiting(
          Reasons.DEPLOYMENT_GROUP_MISSING,
          "EcsDeploymentGroup " + groupName + " does not exist in " + namespace);
    }
    Optional<RunRecordResolver.Waiting> elsewhere = notSelected(group.get(), selector);
    if (elsewhere.isPresent()) {
      return elsewhere;
    }
    EcsDeploymentGroup holder =
        ServiceClaims.holder(
            group.get(),
            world.groups(),
            g -> world.application(g.getMetadata().getNamespace(), g.getSpec().applicationName),
            defaultRegion);
    if (holder != group.get()) {
      return waiting(
          Reasons.SERVICE_CLAIMED_BY_ANOTHER_GROUP,
          "EcsDeploymentGroup "
              + holder.getMetadata().getNamespace()
              + "/"
              + holder.getMetadata().getName()
              + " already deploys ECS service "
              + group.get().getSpec().service.serviceName);
    }
    if (!Conditions.isTrue(group.get().getStatus(), Conditions.READY)) {
      var groupReady =
          group.get().getStatus() == null
              ? null
              : Conditions.find(group.get().getStatus().conditions, Conditions.READY);
      return waiting(
          Reasons.DEPLOYMENT_GROUP_NOT_READY,
          "EcsDeploymentGroup "
              + groupName
              + " is not ready"
              + (groupReady == null ? "" : ": " + groupReady.getMessage()));
    }
    Optional<EcsDeployment> first =
        world.deploymentsOf(namespace, groupName).stream()
            .filter(StartGate::mayStillRun)
            .min(QUEUE_ORDER);
    String name = deployment.getMetadata().getName();
    if (first.isPresent() && !first.get().getMetadata().getName().equals(name)) {
      return waiting(
          Reasons.QUEUED,
          "Queued: deployment " + first.get().getMetadata().getName() + " is ahead");
    }
    if (!world.tryAcquire(deployment, deploymentId)) {
      return waiting(
          Reasons.QUEUED, "Queued: another deployment of group " + groupName + " is running");
    }
    return Optional.empty();
  }

  private static Optional<RunRecordResolver.Waiting> waiting(String reason, String message) {
    return Optional.of(new RunRecordResolver.Waiting(reason, message));
  }

  /** Not ended: registered or not, it has a place in its group's queue. */
  static boolean mayStillRun(EcsDeployment deployment) {
    var status = deployment.getStatus();
    return deployment.getMetadata().getDeletionTimestamp() == null
        && (status == null || status.status == null || !status.status.isTerminal());
  }
}
