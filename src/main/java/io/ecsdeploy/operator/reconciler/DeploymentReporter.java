package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.lifecycle.AnalysisCheck;
import io.ecsdeploy.operator.lifecycle.AnalysisMeasurement;
import io.ecsdeploy.operator.lifecycle.AnalysisPhase;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.metrics.DeploymentMetrics;
import java.util.List;

/**
 * Tells users what a step changed: a Kubernetes Event for every lifecycle event and deployment
 * status that changed and for a new reason to wait, and the deployment metrics.
 */
final class DeploymentReporter {
  private final EventRecorder events;
  private final DeploymentMetrics metrics;

  DeploymentReporter(EventRecorder events, DeploymentMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /** A reconcile of a deployment took this CPU time and this time of its own (not in AWS). */
  void reconciled(java.time.Duration cpu, java.time.Duration own, java.time.Duration kubernetes) {
    metrics.reconciled(cpu, own, kubernetes);
  }

  /** An action that follows a wait was handed out {@code delay} after the wait's end. */
  void waitEnded(java.time.Duration delay) {
    metrics.waitEnded(delay);
  }

  /** A new deployment got its id. */
  void created(EcsDeployment deployment, String deploymentId) {
    events.normal(deployment, Reasons.CREATED, "Deployment " + deploymentId + " created");
    metrics.started();
  }

  /** A deployment failed before it started: what it names cannot be used. */
  void failedBeforeStart(
      EcsDeployment deployment, io.ecsdeploy.operator.codedeploy.ErrorCode code, String message) {
    events.warning(deployment, "DeploymentFailed", code + ": " + message);
    metrics.finished(deployment, "Failed");
  }

  /**
   * An analysis measurement was taken: counted in the metrics; one that was not successful is also
   * a Warning Event, so that kubectl describe shows why a deployment may stop.
   */
  void analysisMeasured(
      EcsDeployment deployment, AnalysisCheck check, AnalysisMeasurement measurement) {
    metrics.analysisMeasurement(
        deployment, check.name(), check.query().provider(), measurement.phase().name());
    if (measurement.phase() != AnalysisPhase.Successful) {
      events.warning(
          deployment,
          "AnalysisMeasurement" + measurement.phase(),
          "Analysis check "
              + check.name()
              + " in "
              + measurement.waitName()
              + ": "
              + measurement.phase()
              + (measurement.value() == null ? "" : ", result " + measurement.value())
              + (measurement.message() == null ? "" : ", " + measurement.message()));
    }
  }

  /** A deployment's finalizer is about to go: it no longer runs. */
  void deleted(EcsDeployment deployment) {
    metrics.stopped(deployment);
  }

  /** A condition reason that changed while waiting: an Event, so that kubectl describe shows it. */
  void waiting(EcsDeployment deployment, String reason, String message) {
    events.warning(deployment, reason, message);
  }

  /** Events for what changed, Events for a wait reason that changed, and the metrics. */
  void report(
      EcsDeployment deployment,
      List<DeploymentStepper.Transition> transitions,
      EcsDeploymentStatus before,
      EcsDeploymentStatus after) {
    if (after.status == io.ecsdeploy.operator.codedeploy.DeploymentStatus.Ready) {
      metrics.inReadyWait(deployment, readyWaitSince(after));
    } else {
      metrics.notInReadyWait(deployment);
    }
    // A new reason to wait (the Reconciling condition's reason is the status while it runs).
    var waitingBefore = Conditions.find(before.conditions, Conditions.RECONCILING);
    var waitingAfter = Conditions.find(after.conditions, Conditions.RECONCILING);
    if (waitingAfter != null
        && "True".equals(waitingAfter.getStatus())
        && (waitingBefore == null
            || !waitingAfter.getReason().equals(waitingBefore.getReason())
            || !waitingAfter.getMessage().equals(waitingBefore.getMessage()))
        && !waitingAfter.getReason().equals(after.status == null ? null : after.status.name())) {
      events.normal(deployment, waitingAfter.getReason(), waitingAfter.getMessage());
    }
    for (DeploymentStepper.Transition transition : transitions) {
      switch (transition.kind()) {
        case EVENT -> {
          var event = transition.event();
          transition
              .took()
              .ifPresent(
                  took ->
                      metrics.lifecycleEvent(
                          deployment,
                          event.lifecycleEventName().name(),
                          event.status().name(),
                          took));
          String message =
              event.lifecycleEventName()
                  + " "
                  + event.status()
                  + (event.diagnostics() == null ? "" : ": " + event.diagnostics());
          if (event.status() == LifecycleEventStatus.Failed) {
            events.warning(deployment, event.lifecycleEventName().name() + "Failed", message);
          } else {
            events.normal(deployment, event.lifecycleEventName().name() + event.status(), message);
          }
        }
        case STATUS -> {
          DeploymentState state = transition.state();
          String message =
              "Deployment "
                  + state.deploymentId()
                  + " is "
                  + state.status()
                  + (state.errorInformation() == null
                      ? ""
                      : " ("
                          + state.errorInformation().code()
                          + ": "
                          + state.errorInformation().message()
                          + ")");
          if (DeploymentStepper.isUnsuccessful(state.status())) {
            events.warning(deployment, "Deployment" + state.status(), message);
          } else {
            events.normal(deployment, "Deployment" + state.status(), message);
          }
          if (state.status().isTerminal()) {
            metrics.finished(deployment, state.status().name());
          }
        }
        case TRAFFIC -> metrics.trafficWeight(deployment, transition.replacementPercent());
        case PAUSED -> {
          DeploymentState state = transition.state();
          events.normal(
              deployment,
              "TrafficPaused",
              "Production traffic paused at step "
                  + (state.trafficStep() + 1)
                  + (state.productionTraffic() == null || state.replacementTargetGroup() == null
                      ? ""
                      : " ("
                          + state.productionTraffic().percentOf(state.replacementTargetGroup())
                          + "% on the replacement)")
                  + (state.trafficStepWaitUntil() == null
                      ? " until continued"
                      : " until continued or " + state.trafficStepWaitUntil()));
        }
        case PAUSE_ENDED ->
            events.normal(
                deployment,
                "TrafficPauseEnded",
                "The pause at step " + (transition.state().trafficStep() + 1) + " ended");
      }
    }
    if (after.status != null && after.status.isTerminal()) {
      // After the traffic: the step that ends a deployment also reports its last traffic change.
      metrics.stopped(deployment);
    }
  }

  /** When the ready wait began: when the last event before it ended. */
  static java.time.Instant readyWaitSince(EcsDeploymentStatus status) {
    return status.lifecycleEvents.stream()
        .filter(e -> e.endTime != null)
        .filter(
            e ->
                e.lifecycleEventName.equals("AfterAllowTestTraffic")
                    || e.lifecycleEventName.equals("AllowTestTraffic")
                    || e.lifecycleEventName.equals("AfterInstall"))
        .map(e -> java.time.Instant.parse(e.endTime))
        .max(java.util.Comparator.naturalOrder())
        .orElseGet(
            () ->
                status.startTime == null
                    ? java.time.Instant.now()
                    : java.time.Instant.parse(status.startTime));
  }
}
