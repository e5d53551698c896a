package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfigStatus;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Marks a deployment configuration Ready with a one-line description of its traffic schedule. The
 * CRD schema has already refused anything malformed, so every stored configuration is usable.
 */
@ControllerConfiguration(name = "ecsdeploymentconfig")
public class EcsDeploymentConfigReconciler implements Reconciler<EcsDeploymentConfig> {

  private final Conditions conditions;

  public EcsDeploymentConfigReconciler(Clock clock) {
    this.conditions = new Conditions(clock);
  }

  @Override
  public UpdateControl<EcsDeploymentConfig> reconcile(
      EcsDeploymentConfig config, Context<EcsDeploymentConfig> context) {
    EcsDeploymentConfigStatus status =
        config.getStatus() != null ? config.getStatus() : new EcsDeploymentConfigStatus();
    long generation = config.getMetadata().getGeneration();
    boolean changed =
        conditions.set(
            status,
            generation,
            Conditions.READY,
            true,
            "Accepted",
            describe(config.getSpec().trafficRouting));
    changed |= !Objects.equals(status.observedGeneration, generation);
    if (!changed) {
      return UpdateControl.noUpdate();
    }
    status.observedGeneration = generation;
    config.setStatus(status);
    return UpdateControl.patchStatus(config);
  }

  /** The schedule in words, e.g. "20%, the remaining 80% after 10m". */
  static String describe(TrafficRouting routing) {
    return switch (routing.type) {
      case AllAtOnce -> "100% at once";
      case TimeBasedCanary ->
          routing.timeBasedCanary.canaryPercentage
              + "%, the remaining "
              + (100 - routing.timeBasedCanary.canaryPercentage)
              + "% after "
              + routing.timeBasedCanary.canaryInterval;
      case TimeBasedLinear ->
          "+"
              + routing.timeBasedLinear.linearPercentage
              + "% every "
              + routing.timeBasedLinear.linearInterval;
      case Steps ->
          routing.steps.stream()
              .map(
                  step ->
                      step.weight
                          + "%"
                          + (step.wait == null || step.wait.equals("0s")
                              ? ""
                              : " for " + step.wait))
              .collect(Collectors.joining(", "));
    };
  }
}
