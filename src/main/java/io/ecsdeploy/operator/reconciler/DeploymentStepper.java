package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.Decision;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.DeploymentWaitType;
import io.ecsdeploy.operator.lifecycle.EngineInput;
import io.ecsdeploy.operator.lifecycle.LifecycleEngine;
import io.ecsdeploy.operator.lifecycle.LifecycleEventRecord;
import io.ecsdeploy.operator.lifecycle.Observation;
import io.ecsdeploy.operator.lifecycle.Recheck;
import io.ecsdeploy.operator.lifecycle.UserOperations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a deployment, without Kubernetes or AWS: from its run record and what was just
 * observed, the lifecycle engine's decision as the new run record, the status users see, the
 * transitions worth an Event or a metric, the one action to perform and when to look again. The
 * JOSDK reconciler only reads, calls this, saves and performs.
 */
final class DeploymentStepper {
  private final LifecycleEngine engine = new LifecycleEngine();

  /**
   * What a step depends on.
   *
   * @param previousStatus the status as stored (for the creator and the conditions' times)
   * @param generation the deployment's metadata.generation
   * @param record the run record as stored; it has inputs and no action in flight
   * @param observation what AWS, the hook endpoint and the queue show now, with the run record's
   *     action failure
   * @param taskSets the service's task sets as ECS described them, for the status
   * @param operations the user's stop and continue requests
   * @param now the time
   * @param newHookExecutionId the id a hook started by this step gets
   */
  record Input(
      EcsDeploymentStatus previousStatus,
      long generation,
      RunRecord record,
      Observation observation,
      List<EcsTaskSet> taskSets,
      UserOperations operations,
      Instant now,
      String newHookExecutionId) {
    Input {
      Objects.requireNonNull(record.inputs(), "a run record to step has inputs");
      if (record.actionInFlight() != null) {
        throw new IllegalArgumentException("perform the action in flight before the next step");
      }
    }
  }

  /**
   * What a step gives.
   *
   * @param record the run record to save; it holds the action in flight, if there is one
   * @param status the status to show
   * @param action the action to perform once the record is saved
   * @param lookAgainIn when to step again, counted from now: zero after an action, empty when the
   *     deployment has ended
   * @param transitions what changed, in order, for Events and metrics
   */
  record Result(
      RunRecord record,
      EcsDeploymentStatus status,
      Optional<Action> action,
      Optional<Duration> lookAgainIn,
      List<Transition> transitions) {}

  /**
   * Something that changed in one step, worth telling users about.
   *
   * @param kind what changed
   * @param event the lifecycle event, for {@link Kind#EVENT}
   * @param took how long the event took, once it ended, for {@link Kind#EVENT}
   * @param state the deployment's new state, for {@link Kind#STATUS}
   * @param replacementPercent the replacement's share of production traffic, for {@link
   *     Kind#TRAFFIC}
   */
  record Transition(
      Kind kind,
      LifecycleEventRecord event,
      Optional<Duration> took,
      DeploymentState state,
      int replacementPercent) {
    enum Kind {
      /** A lifecycle event changed status. */
      EVENT,
      /** The deployment's status changed. */
      STATUS,
      /** The production traffic split changed. */
      TRAFFIC,
      /** A pause of the step schedule began. */
      PAUSED,
      /** A pause of the step schedule ended. */
      PAUSE_ENDED
    }

    static Transition event(LifecycleEventRecord event, Optional<Duration> took) {
      return new Transition(Kind.EVENT, event, took, null, 0);
    }

    static Transition status(DeploymentState state) {
      return new Transition(Kind.STATUS, null, Optional.empty(), state, 0);
    }

    static Transition traffic(int replacementPercent) {
      return new Transition(Kind.TRAFFIC, null, Optional.empty(), null, replacementPercent);
    }

    static Transition pause(Kind kind, DeploymentState state) {
      return new Transition(kind, null, Optional.empty(), state, 0);
    }
  }

  Result step(Input input) {
    RunRecord record = input.record();
    DeploymentState before = record.state();
    Decision decision =
        engine.decide(
            new EngineInput(
                record.inputs().settings(),
                before,
                input.observation(),
                input.operations(),
                input.now(),
                input.newHookExecutionId()));
    RunRecord next =
        new RunRecord(
            RunRecord.SCHEMA_VERSION,
            record.inputs(),
            decision.state(),
            null,
            decision.action().orElse(null));
    EcsDeploymentStatus status =
        DeploymentStatusWriter.view(
            input.previousStatus(), next, input.taskSets(), input.generation(), input.now());
    Optional<Duration> lookAgainIn =
        switch (decision.recheck().kind()) {
          case AFTER_ACTION -> Optional.of(Duration.ZERO);
          case AT -> Optional.of(delayUntil(decision.recheck(), input.now()));
          case NEVER -> Optional.empty();
        };
    return new Result(
        next, status, decision.action(), lookAgainIn, transitions(before, decision.state()));
  }

  private static Duration delayUntil(Recheck recheck, Instant now) {
    Duration delay = Duration.between(now, recheck.at());
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  /**
   * Lifecycle events that changed status, then the deployment's status, then the traffic, then a
   * pause that began or ended.
   */
  static List<Transition> transitions(DeploymentState before, DeploymentState after) {
    List<Transition> transitions = new ArrayList<>();
    for (int i = 0; i < after.lifecycleEvents().size(); i++) {
      LifecycleEventRecord was = before.lifecycleEvents().get(i);
      LifecycleEventRecord now = after.lifecycleEvents().get(i);
      if (was.status() != now.status()) {
        Optional<Duration> took =
            now.startTime() != null
                    && now.endTime() != null
                    && now.status() != LifecycleEventStatus.InProgress
                ? Optional.of(Duration.between(now.startTime(), now.endTime()))
                : Optional.empty();
        transitions.add(Transition.event(now, took));
      }
    }
    if (before.status() != after.status()) {
      transitions.add(Transition.status(after));
    }
    if (!Objects.equals(before.productionTraffic(), after.productionTraffic())
        && after.productionTraffic() != null
        && after.replacementTargetGroup() != null) {
      transitions.add(
          Transition.traffic(after.productionTraffic().percentOf(after.replacementTargetGroup())));
    }
    if (before.trafficStepPausedSince() == null && after.trafficStepPausedSince() != null) {
      transitions.add(Transition.pause(Transition.Kind.PAUSED, after));
    } else if (before.trafficStepPausedSince() != null
        && !Objects.equals(before.trafficStepPausedSince(), after.trafficStepPausedSince())) {
      transitions.add(Transition.pause(Transition.Kind.PAUSE_ENDED, before));
    }
    return transitions;
  }

  /** Whether the deployment ended unsuccessfully, which Events mark as a warning. */
  static boolean isUnsuccessful(DeploymentStatus status) {
    return status == DeploymentStatus.Failed || status == DeploymentStatus.Stopped;
  }

  /** The user's stop and continue requests, as the engine takes them. */
  static UserOperations userOperations(Operations operations) {
    if (operations == null) {
      return UserOperations.none();
    }
    UserOperations.StopRequest stop =
        operations.stop == null
            ? null
            : new UserOperations.StopRequest(operations.stop.autoRollbackEnabled);
    Set<DeploymentWaitType> continued = EnumSet.noneOf(DeploymentWaitType.class);
    if (operations.continueDeployment != null) {
      if (Boolean.TRUE.equals(operations.continueDeployment.readyWait)) {
        continued.add(DeploymentWaitType.READY_WAIT);
      }
      if (Boolean.TRUE.equals(operations.continueDeployment.terminationWait)) {
        continued.add(DeploymentWaitType.TERMINATION_WAIT);
      }
    }
    int pausesContinuedThrough =
        operations.continueDeployment == null || operations.continueDeployment.trafficStep == null
            ? 0
            : Math.max(0, operations.continueDeployment.trafficStep);
    return new UserOperations(stop, continued, pausesContinuedThrough);
  }
}
