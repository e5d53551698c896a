package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/**
 * One ECS service, one deployment group. When several groups name the same service (same account,
 * region, cluster and service), the oldest group holds it: the earliest {@code
 * metadata.creationTimestamp}, then namespace and name in alphabetical order for groups created in
 * the same second. The rule reads only what the API server stores, so every replica, before and
 * after a restart, picks the same group; the others report {@code ServiceClaimedByAnotherGroup} and
 * their deployments wait.
 */
final class ServiceClaims {
  static final Comparator<EcsDeploymentGroup> OLDEST_FIRST =
      Comparator.comparing((EcsDeploymentGroup g) -> g.getMetadata().getCreationTimestamp())
          .thenComparing(g -> g.getMetadata().getNamespace())
          .thenComparing(g -> g.getMetadata().getName());

  private ServiceClaims() {}

  /**
   * The group that holds the service {@code group} names, among {@code groups} (which may include
   * {@code group} itself); {@code group} when no other names it.
   *
   * @param applications the application of a group, when it exists
   */
  static EcsDeploymentGroup holder(
      EcsDeploymentGroup group,
      Collection<EcsDeploymentGroup> groups,
      Function<EcsDeploymentGroup, Optional<EcsApplication>> applications,
      String defaultRegion) {
    String service = key(group, applications.apply(group), defaultRegion);
    String serviceName = shortName(group.getSpec().service.serviceName);
    // The service's name first: a cheap test that leaves few groups, often only this one, for the
    // full key (their applications, regions and roles). A thousand groups are read at every group
    // reconcile and deployment start.
    return groups.stream()
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null)
        .filter(other -> serviceName.equals(shortName(other.getSpec().service.serviceName)))
        .filter(other -> service.equals(key(other, applications.apply(other), defaultRegion)))
        .min(OLDEST_FIRST)
        .filter(oldest -> OLDEST_FIRST.compare(oldest, group) < 0)
        .orElse(group);
  }

  /** account/region/cluster/service; the account is the role's, empty for the operator's own. */
  static String key(
      EcsDeploymentGroup group, Optional<EcsApplication> application, String defaultRegion) {
    GroupIdentity identity =
        GroupIdentity.of(
            group.getSpec(), application.map(EcsApplication::getSpec).orElse(null), defaultRegion);
    String account = identity.roleArn().map(ServiceClaims::accountOf).orElse("");
    return account
        + "/"
        + identity.region()
        + "/"
        + shortName(group.getSpec().service.clusterName)
        + "/"
        + shortName(group.getSpec().service.serviceName);
  }

  private static String accountOf(String arn) {
    String[] parts = arn.split(":");
    return parts.length > 4 ? parts[4] : "";
  }

  private static String shortName(String nameOrArn) {
    return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
  }
}
