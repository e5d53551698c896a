package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplicationSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import java.util.Optional;

/**
 * Where and as whom a group's AWS calls go: the group's region and role, else its application's,
 * else the operator's default region and own credentials.
 */
record GroupIdentity(String region, Optional<String> roleArn) {
  static GroupIdentity of(
      EcsDeploymentGroupSpec group, EcsApplicationSpec application, String defaultRegion) {
    String region =
        group.region != null
            ? group.region
            : application != null && application.region != null
                ? application.region
                : defaultRegion;
    Optional<String> role =
        Optional.ofNullable(group.roleArn)
            .or(() -> Optional.ofNullable(application == null ? null : application.roleArn));
    return new GroupIdentity(region, role);
  }
}
