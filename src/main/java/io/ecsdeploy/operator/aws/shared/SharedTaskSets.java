package io.ecsdeploy.operator.aws.shared;

import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.TaskDefinitionDescription;
import io.ecsdeploy.operator.aws.TaskSets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@link TaskSets} whose service reads are shared by every deployment of the region and identity
 * ({@link SharedReads}): one DescribeServices for up to 10 services of a cluster, answered from
 * memory for a short while. Our own changes of a service's task sets drop what was read of it, so
 * the read that follows a change sees it. Everything else goes to the wrapped port as it is.
 */
public final class SharedTaskSets implements TaskSets {

  /** DescribeServices takes at most this many services per call. */
  static final int MAX_SERVICES_PER_CALL = 10;

  private final TaskSets delegate;
  private final SharedReads<ServiceId, EcsService> services;

  public SharedTaskSets(TaskSets delegate, Duration ttl, LongSupplier nanoClock) {
    this.delegate = delegate;
    this.services =
        new SharedReads<>(
            ttl,
            MAX_SERVICES_PER_CALL,
            ServiceId::clusterName,
            (cluster, ids) -> delegate.describeServices(ids),
            nanoClock);
  }

  public SharedTaskSets(TaskSets delegate, Duration ttl) {
    this(delegate, ttl, System::nanoTime);
  }

  @Override
  public EcsService describeService(ServiceId service) {
    return services.get(service);
  }

  @Override
  public Map<ServiceId, EcsService> describeServices(Collection<ServiceId> ids) {
    return services.getAll(ids);
  }

  @Override
  public Optional<EcsTaskSet> findByExternalId(ServiceId service, String externalId) {
    return delegate.findByExternalId(service, externalId);
  }

  @Override
  public Optional<TaskDefinitionDescription> describeTaskDefinition(String taskDefinition) {
    return delegate.describeTaskDefinition(taskDefinition);
  }

  @Override
  public CreatedTaskSet createOrAdopt(NewTaskSet taskSet) {
    try {
      return delegate.createOrAdopt(taskSet);
    } finally {
      changed(taskSet.service());
    }
  }

  @Override
  public EcsTaskSet makePrimary(ServiceId service, String taskSetArn) {
    try {
      return delegate.makePrimary(service, taskSetArn);
    } finally {
      changed(service);
    }
  }

  @Override
  public boolean delete(ServiceId service, String taskSetArn, boolean force) {
    try {
      return delegate.delete(service, taskSetArn, force);
    } finally {
      changed(service);
    }
  }

  /**
   * Our change of a service (made, failed or of unknown outcome) drops what was read of it, by
   * whichever spelling (name or ARN) it was read.
   */
  private void changed(ServiceId service) {
    services.invalidate(
        read ->
            read.clusterName().equals(service.clusterName())
                && read.serviceName().equals(service.serviceName()));
  }
}
