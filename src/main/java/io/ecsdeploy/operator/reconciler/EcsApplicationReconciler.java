package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplicationStatus;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps an application's status: how many deployment groups name it, and Ready. An application
 * holds only defaults, so there is nothing in AWS to check here; the groups check their own region
 * and role.
 */
@ControllerConfiguration(name = "ecsapplication")
public class EcsApplicationReconciler implements Reconciler<EcsApplication> {

  private final Conditions conditions;

  public EcsApplicationReconciler(Clock clock) {
    this.conditions = new Conditions(clock);
  }

  @Override
  public List<EventSource<?, EcsApplication>> prepareEventSources(
      EventSourceContext<EcsApplication> context) {
    // Every installation counts all the groups, whatever its label selector, so that they agree.
    InformerEventSourceConfiguration<EcsDeploymentGroup> groups =
        Informers.shared(
                InformerEventSourceConfiguration.from(
                    EcsDeploymentGroup.class, EcsApplication.class),
                context)
            .withSecondaryToPrimaryMapper(
                group ->
                    group.getSpec() == null
                        ? Set.of()
                        : Set.of(
                            new ResourceID(
                                group.getSpec().applicationName,
                                group.getMetadata().getNamespace())))
            .build();
    return List.of(new InformerEventSource<>(groups, context));
  }

  @Override
  public UpdateControl<EcsApplication> reconcile(
      EcsApplication application, Context<EcsApplication> context) {
    EcsApplicationStatus status =
        application.getStatus() != null ? application.getStatus() : new EcsApplicationStatus();
    int groups = context.getSecondaryResources(EcsDeploymentGroup.class).size();
    long generation = application.getMetadata().getGeneration();
    boolean changed =
        conditions.set(
            status,
            generation,
            Conditions.READY,
            true,
            "Accepted",
            groups == 1 ? "1 deployment group" : groups + " deployment groups");
    changed |= !Objects.equals(status.deploymentGroups, groups);
    changed |= !Objects.equals(status.observedGeneration, generation);
    if (!changed) {
      return UpdateControl.noUpdate();
    }
    status.deploymentGroups = groups;
    status.observedGeneration = generation;
    application.setStatus(status);
    return UpdateControl.patchStatus(application);
  }
}
