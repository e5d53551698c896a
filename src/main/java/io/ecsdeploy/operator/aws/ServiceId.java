package io.ecsdeploy.operator.aws;

import java.util.Objects;

/**
 * An ECS service: its cluster (short name or ARN) and its name (or ARN).
 *
 * @param cluster the cluster's short name or ARN
 * @param service the service's name or ARN
 */
public record ServiceId(String cluster, String service) {
  public ServiceId {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(service, "service");
  }

  /** The service's short name, also when it was given as an ARN. */
  public String serviceName() {
    return service.substring(service.lastIndexOf('/') + 1);
  }

  /** The cluster's short name, also when it was given as an ARN. */
  public String clusterName() {
    return cluster.substring(cluster.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return clusterName() + ":" + serviceName();
  }
}
