package io.ecsdeploy.operator.aws;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * ECS task sets of services that use the {@code EXTERNAL} deployment controller: what a blue/green
 * deployment reads (the service, its task sets and the task definition to deploy) and changes
 * (create the replacement, make it primary, delete the original, or the replacement on rollback).
 *
 * <p>Every change is safe to repeat: creating adopts an existing task set with the deployment's
 * key, and deleting a task set that is already gone succeeds.
 */
public interface TaskSets {

  /** Describes one service; a service ECS does not know comes back with status MISSING. */
  EcsService describeService(ServiceId service);

  /**
   * Describes many services with as few calls as ECS allows (up to 10 services of one cluster per
   * call). Every requested service is in the result, in the order given; unknown ones are MISSING.
   * A cluster that does not exist fails the call with INVALID_ECS_SERVICE.
   */
  Map<ServiceId, EcsService> describeServices(Collection<ServiceId> services);

  /** The service's task set tagged with this external id, if there is one. */
  Optional<EcsTaskSet> findByExternalId(ServiceId service, String externalId);

  /**
   * Describes a task definition (full ARN, {@code family:revision}, or a family for its latest
   * ACTIVE revision), such as the AppSpec's, to check its containers and ports. A task definition
   * ECS does not know comes back empty; any other failure is an {@link AwsFailure}.
   */
  Optional<TaskDefinitionDescription> describeTaskDefinition(String taskDefinition);

  /**
   * Creates the task set, or adopts the one a previous attempt created: a task set whose external
   * id is the deployment key is returned as it is and nothing new is created.
   */
  CreatedTaskSet createOrAdopt(NewTaskSet taskSet);

  /** The result of {@link #createOrAdopt}: the task set and whether it already existed. */
  record CreatedTaskSet(EcsTaskSet taskSet, boolean adopted) {}

  /** Makes the task set (by full ARN) the service's primary task set. */
  EcsTaskSet makePrimary(ServiceId service, String taskSetArn);

  /**
   * Deletes a task set (by full ARN). With {@code force} ECS deletes it even if it has not been
   * scaled to zero. Returns false when the task set was already gone.
   */
  boolean delete(ServiceId service, String taskSetArn, boolean force);
}
