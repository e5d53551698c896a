package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A hand-written stand-in for the AWS resources one deployment touches: the ECS service's task
 * sets, the two listeners, the alarms, the hook functions and the SNS topics. It applies the
 * engine's actions the way AWS would, can be told to misbehave (fail an action, lag, never
 * stabilise), and remembers what was done so tests can assert on it.
 */
final class FakeEcsWorld {
  static final String BLUE =
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/blue/1";
  static final String GREEN =
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/green/2";
  static final String ORIGINAL = "arn:aws:ecs:us-east-1:111122223333:task-set/c/s/ecs-svc/original";

  final Map<String, ObservedTaskSet> taskSets = new LinkedHashMap<>();
  TrafficWeights production;
  TrafficWeights test;
  AlarmObservation alarms = AlarmObservation.notPolled();
  boolean groupBusy;
  boolean newTaskSetsSteady = true;

  /** What DescribeTargetHealth shows; {@code null}: not read. */
  TargetHealth targetHealth;

  /** Deleted task sets stay DRAINING for a while instead of vanishing at once, as in ECS. */
  boolean drainOnDelete;

  /**
   * Reads of the listeners lag: a change shows in observations only after this many further
   * observations (1 or less: at once).
   *
   * <p>The change itself takes effect when it is performed, as ModifyListener and ModifyRule set
   * the listener before they return; only what is read back is late. And changes show in the order
   * they were made: a read never shows a change while it still misses an earlier one. (Applying a
   * change to the world only when it shows, each on its own countdown, modelled no AWS behaviour: a
   * later change could land before an earlier one and be overwritten by it, and no engine could
   * safely delete a task set after a crash, since the change a lost decision made may still be
   * pending with nothing in the state or the reads to tell of it.)
   */
  int listenerLag;

  /**
   * A production route that may point at a target group without tasks because it already did so
   * before the deployment (a service's first deployment).
   */
  TrafficWeights exemptRoute;

  final Map<String, LifecycleEventStatus> hookAnswers = new HashMap<>();
  final List<HookReport> hookReports = new ArrayList<>();
  final List<Action> performed = new ArrayList<>();
  final List<PendingNotification> published = new ArrayList<>();
  final List<String> violations = new ArrayList<>();

  private final List<FailureRule> failureRules = new ArrayList<>();

  /** Changes reads do not show yet, oldest first. */
  private final List<Unseen> unseen = new ArrayList<>();

  private ActionFailure reportedFailure;
  private int taskSetCounter;

  /** A service whose PRIMARY task set serves {@code targetGroup} with all production traffic. */
  static FakeEcsWorld withOriginalOn(String targetGroup, boolean testListener) {
    FakeEcsWorld world = new FakeEcsWorld();
    String other = targetGroup.equals(BLUE) ? GREEN : BLUE;
    world.taskSets.put(
        ORIGINAL,
        new ObservedTaskSet(ORIGINAL, "previous", targetGroup, TaskSetStatus.PRIMARY, true));
    world.production = TrafficWeights.of(targetGroup, 100, other, 0);
    world.test = testListener ? TrafficWeights.of(targetGroup, 100, other, 0) : null;
    return world;
  }

  /** A service with no task set yet, its listener pointing at the blue target group. */
  static FakeEcsWorld firstDeployment(boolean testListener) {
    FakeEcsWorld world = new FakeEcsWorld();
    world.production = TrafficWeights.of(BLUE, 100, GREEN, 0);
    world.test = testListener ? TrafficWeights.of(BLUE, 100, GREEN, 0) : null;
    world.exemptRoute = world.production;
    return world;
  }

  Observation observe() {
    unseen.forEach(change -> change.observationsLeft--);
    while (!unseen.isEmpty() && unseen.get(0).observationsLeft <= 0) {
      unseen.remove(0);
    }
    Observation observation =
        Observation.builder(shown(Listener.PRODUCTION, production))
            .taskSets(new ArrayList<>(taskSets.values()))
            .testListener(shown(Listener.TEST, test))
            .alarms(alarms)
            .groupBusy(groupBusy)
            .actionFailure(reportedFailure)
            .build();
    reportedFailure = null;
    return new Observation(
        observation.taskSets(),
        observation.productionListener(),
        observation.testListener(),
        observation.alarms(),
        List.copyOf(hookReports),
        observation.actionFailure(),
        observation.groupBusy(),
        targetHealth,
        drainMeasurements());
  }

  /** Analysis measurements for the next observation (the harness takes the due ones). */
  final List<AnalysisMeasurement> measurements = new ArrayList<>();

  private List<AnalysisMeasurement> drainMeasurements() {
    List<AnalysisMeasurement> taken = List.copyOf(measurements);
    measurements.clear();
    return taken;
  }

  void perform(Action action) {
    performed.add(action);
    for (FailureRule rule : failureRules) {
      if (rule.remaining > 0 && rule.matches.test(action)) {
        rule.remaining--;
        reportedFailure =
            new ActionFailure(action.key(), rule.code, "injected failure", rule.retryable);
        return;
      }
    }
    if (action instanceof Action.CreateTaskSet create) {
      boolean exists =
          taskSets.values().stream().anyMatch(t -> create.externalId().equals(t.externalId()));
      if (!exists) {
        String arn =
            "arn:aws:ecs:us-east-1:111122223333:task-set/c/s/ecs-svc/ts-" + ++taskSetCounter;
        taskSets.put(
            arn,
            new ObservedTaskSet(
                arn,
                create.externalId(),
                create.targetGroupArn(),
                TaskSetStatus.ACTIVE,
                newTaskSetsSteady));
      }
    } else if (action instanceof Action.SetListenerWeights weights) {
      boolean production = weights.listener() == Listener.PRODUCTION;
      if (listenerLag > 1 || !unseen.isEmpty()) {
        unseen.add(
            new Unseen(weights.listener(), production ? this.production : test, listenerLag));
      }
      if (production) {
        this.production = weights.weights();
        checkProductionServedByLiveTaskSets();
      } else {
        test = weights.weights();
      }
    } else if (action instanceof Action.InvokeHook invoke) {
      LifecycleEventStatus answer = hookAnswers.get(invoke.functionName());
      if (answer != null) {
        hookReports.add(new HookReport(invoke.executionId(), answer));
      }
    } else if (action instanceof Action.MakeTaskSetPrimary primary) {
      taskSets.replaceAll(
          (arn, taskSet) ->
              withStatus(
                  taskSet,
                  arn.equals(primary.taskSetArn())
                      ? TaskSetStatus.PRIMARY
                      : taskSet.status() == TaskSetStatus.PRIMARY
                          ? TaskSetStatus.ACTIVE
                          : taskSet.status()));
    } else if (action instanceof Action.DeleteTaskSet delete) {
      ObservedTaskSet removed =
          drainOnDelete
              ? taskSets.computeIfPresent(
                  delete.taskSetArn(),
                  (arn, taskSet) -> withStatus(taskSet, TaskSetStatus.DRAINING))
              : taskSets.remove(delete.taskSetArn());
      if (removed != null && production.percentOf(removed.targetGroupArn()) > 0) {
        violations.add("deleted " + removed.arn() + " while it served production traffic");
      }
    } else if (action instanceof Action.PublishNotification publish) {
      published.add(publish.notification());
    }
  }

  /** Fail the next {@code times} actions matching {@code matches}. */
  FakeEcsWorld failing(Predicate<Action> matches, int times, ErrorCode code, boolean retryable) {
    failureRules.add(new FailureRule(matches, times, code, retryable));
    return this;
  }

  void setSteady(String externalId, boolean steady) {
    taskSets.replaceAll(
        (arn, taskSet) ->
            externalId.equals(taskSet.externalId())
                ? new ObservedTaskSet(
                    arn, taskSet.externalId(), taskSet.targetGroupArn(), taskSet.status(), steady)
                : taskSet);
  }

  ObservedTaskSet replacementOf(String externalId) {
    return taskSets.values().stream()
        .filter(t -> externalId.equals(t.externalId()))
        .findFirst()
        .orElse(null);
  }

  List<Action> performed(Action.Kind kind) {
    return performed.stream().filter(action -> action.kind() == kind).toList();
  }

  private void checkProductionServedByLiveTaskSets() {
    if (production.sameSplitAs(exemptRoute)) {
      return;
    }
    for (Map.Entry<String, Integer> entry : production.weights().entrySet()) {
      boolean served =
          taskSets.values().stream()
              .anyMatch(
                  t ->
                      entry.getKey().equals(t.targetGroupArn())
                          && t.status() != TaskSetStatus.DRAINING);
      if (entry.getValue() > 0 && !served) {
        violations.add("production traffic to " + entry.getKey() + " which has no live task set");
      }
    }
  }

  private static ObservedTaskSet withStatus(ObservedTaskSet taskSet, TaskSetStatus status) {
    return new ObservedTaskSet(
        taskSet.arn(), taskSet.externalId(), taskSet.targetGroupArn(), status, taskSet.steady());
  }

  /** What reads show of {@code listener}: what it was before the oldest change not shown yet. */
  private TrafficWeights shown(Listener listener, TrafficWeights current) {
    return unseen.stream()
        .filter(change -> change.listener == listener)
        .findFirst()
        .map(change -> change.before)
        .orElse(current);
  }

  /** A change of {@code listener} that reads do not show yet, and what they show meanwhile. */
  private static final class Unseen {
    final Listener listener;
    final TrafficWeights before;
    int observationsLeft;

    Unseen(Listener listener, TrafficWeights before, int observationsLeft) {
      this.listener = listener;
      this.before = before;
      this.observationsLeft = observationsLeft;
    }
  }

  private static final class FailureRule {
    final Predicate<Action> matches;
    int remaining;
    final ErrorCode code;
    final boolean retryable;

    FailureRule(Predicate<Action> matches, int remaining, ErrorCode code, boolean retryable) {
      this.matches = matches;
      this.remaining = remaining;
      this.code = code;
      this.retryable = retryable;
    }
  }
}
