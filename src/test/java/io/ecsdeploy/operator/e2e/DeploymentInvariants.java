package io.ecsdeploy.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy.MutatingCall;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * The invariants every fault scenario must keep, checked by reading the API server, the emulators
 * and the fault proxies' logs once a deployment has ended:
 *
 * <ul>
 *   <li>one replacement task set created (the proxy's performed CreateTaskSet calls with the
 *       deployment's UID as externalId), and the task sets in ECS agree: no task set that no
 *       deployment owns, exactly one PRIMARY, the same one as in the fault-free run;
 *   <li>the production route never sent traffic to a target group without a steady task set behind
 *       it, at any sampled moment ({@link TrackedDeployment#sampleRoute});
 *   <li>the same outcome as the fault-free run: status, error code and message, each lifecycle
 *       event's status, the production split at rest;
 *   <li>every wait lasted at least as configured, from the call that began it in AWS to the call
 *       that ended it, and the operator counted it from that call: the end its run record held
 *       during the wait is the call's time plus the configured length (a wait begun again after a
 *       restart would show there); it ended on time while the operator ran throughout, and how much
 *       later it ended when a restart came in between is a figure;
 *   <li>every SNS message of the fault-free run published at least once (repeats are a figure).
 * </ul>
 */
final class DeploymentInvariants {

  /**
   * How much earlier than configured a wait may end. After a kill between a change and saving its
   * outcome, the wait counts from when the change was decided and saved, a status write before the
   * call; under load that write takes a few hundred milliseconds.
   */
  static final Duration EARLY = Duration.ofMillis(600);

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeploymentInvariants() {}

  /**
   * Whether a deployment has ended and has nothing left to do: a terminal status, no action in
   * flight and no SNS message waiting to be published (the last ones go out after the status).
   */
  static boolean settled(EcsDeployment deployment) {
    if (deployment == null
        || deployment.getStatus() == null
        || deployment.getStatus().status == null
        || !deployment.getStatus().status.isTerminal()) {
      return false;
    }
    String runRecord = deployment.getStatus().runRecord;
    if (runRecord == null) {
      return true;
    }
    try {
      JsonNode record = JSON.readTree(runRecord);
      JsonNode pending = record.path("state").path("pendingNotifications");
      JsonNode inFlight = record.path("actionInFlight");
      boolean noAction = inFlight.isMissingNode() || inFlight.isNull();
      boolean noNotification = pending.isMissingNode() || pending.isEmpty();
      return noAction && noNotification;
    } catch (IOException e) {
      throw new IllegalStateException("unreadable run record: " + runRecord, e);
    }
  }

  /**
   * A wait of a scenario: the call that begins it, the call that ends it, its configured length,
   * and the run record's field its end is kept in ({@link TrackedDeployment#DEADLINE_FIELDS}).
   */
  record Wait(
      String name,
      Predicate<MutatingCall> begins,
      Predicate<MutatingCall> ends,
      Duration length,
      String deadlineField) {}

  /**
   * A wait as it happened: its configured and actual length, and how late it ended after the end
   * the operator recorded for it (null when the test saw none).
   */
  record WaitFigure(String name, Duration configured, Duration actual, Duration afterRecordedEnd) {}

  /**
   * How late a wait may end when the operator ran throughout it (and for a while before: a restart
   * is followed by catching up): a poll, a reconcile and the next call, on a loaded machine.
   */
  static final Duration LATE_WHILE_RUNNING = Duration.ofSeconds(5);

  /** How long before a wait a restart still counts as part of it: the operator catching up. */
  static final Duration CATCHING_UP = Duration.ofSeconds(10);

  /** How far the end the operator recorded for a wait may be from its call plus its length. */
  static final Duration RECORDED_END_TOLERANCE = Duration.ofSeconds(1);

  /** A SIGKILL and when the operator was ready again (null if it was not restarted). */
  record Kill(Instant killedAt, Instant readyAgainAt, String after) {}

  /** What a deployment ended as; equal for two runs with the same outcome. */
  record Outcome(
      String status,
      String errorCode,
      String errorMessage,
      Map<String, String> events,
      String taskSetAtRest,
      int productionPercentToReplacement,
      TreeSet<String> notifications) {

    static Outcome of(TrackedDeployment tracked, EcsDeployment done) {
      Map<String, String> events = new LinkedHashMap<>();
      for (LifecycleEventInfo event : done.getStatus().lifecycleEvents) {
        events.put(event.lifecycleEventName, String.valueOf(event.status));
      }
      DemoWorld world = tracked.world();
      String uid = done.getMetadata().getUid();
      List<TaskSet> taskSets = world.taskSets();
      String atRest =
          taskSets.size() != 1
              ? taskSets.size() + " task sets"
              : (uid.equals(taskSets.get(0).externalId()) ? "replacement" : "original")
                  + " "
                  + taskSets.get(0).status();
      TreeSet<String> notifications = new TreeSet<>();
      for (MutatingCall call : tracked.calls()) {
        if (call.performed() && "Publish".equals(call.operation().name())) {
          notifications.add(call.parameter("Subject").split(":", 2)[0]);
        }
      }
      return new Outcome(
          String.valueOf(done.getStatus().status),
          done.getStatus().errorInformation == null
              ? null
              : String.valueOf(done.getStatus().errorInformation.code),
          done.getStatus().errorInformation == null
              ? null
              : withoutIds(done.getStatus().errorInformation.message),
          events,
          atRest,
          world.percentTo(world.productionListener, world.green),
          notifications);
    }

    /** Deployment ids differ between runs; messages that name one are compared without it. */
    private static String withoutIds(String message) {
      return message == null ? null : message.replaceAll("d-[A-Z0-9]{9}", "d-…");
    }
  }

  /** The result of a check: what went wrong (empty when nothing did) and the figures. */
  record Report(
      Outcome outcome,
      List<String> violations,
      List<WaitFigure> waits,
      int tasksSetsCreated,
      int repeatedCalls,
      int repeatedNotifications) {}

  /**
   * Checks a deployment that has ended against its fault-free run.
   *
   * @param tracked the deployment and its calls
   * @param expected the fault-free run's outcome, or {@code null} when this is the fault-free run
   * @param waits the scenario's waits; each is checked when the fault-free run had it
   * @param kills the SIGKILLs of the operator during the run
   * @param moto the proxy in front of ECS, for the CreateTaskSet calls
   */
  static Report check(
      TrackedDeployment tracked,
      Outcome expected,
      List<Wait> waits,
      List<Kill> kills,
      List<MutatingCall> mutatingCallsToEcs) {
    return check(tracked, expected, waits, kills, mutatingCallsToEcs, LATE_WHILE_RUNNING);
  }

  /**
   * {@link #check(TrackedDeployment, Outcome, List, List, List)} where a wait may end up to {@code
   * lateWhileRunning} after it is due while the operator runs: longer than {@link
   * #LATE_WHILE_RUNNING} when AWS faults delay the call that ends it (a throttled read before it, a
   * call whose reply is lost and which the operator waits out).
   */
  static Report check(
      TrackedDeployment tracked,
      Outcome expected,
      List<Wait> waits,
      List<Kill> kills,
      List<MutatingCall> mutatingCallsToEcs,
      Duration lateWhileRunning) {
    List<String> violations = new ArrayList<>();
    EcsDeployment done = tracked.get();
    String uid = done.getMetadata().getUid();
    Outcome outcome = Outcome.of(tracked, done);

    int created =
        (int)
            mutatingCallsToEcs.stream()
                .filter(c -> c.performed() && uid.equals(c.externalId()))
                .filter(c -> "CreateTaskSet".equals(c.operation().name()))
                .count();
    if (created > 1) {
      violations.add(created + " replacement task sets created");
    }
    DemoWorld world = tracked.world();
    List<TaskSet> taskSets = world.taskSets();
    for (TaskSet taskSet : taskSets) {
      if (!uid.equals(taskSet.externalId()) && !taskSet.taskSetArn().equals(world.initialTaskSet)) {
        violations.add("orphan task set " + taskSet.taskSetArn() + " " + taskSet.externalId());
      }
    }
    long primaries = taskSets.stream().filter(t -> "PRIMARY".equals(t.status())).count();
    if (primaries != 1) {
      violations.add(primaries + " PRIMARY task sets at rest");
    }
    boolean replacementLeft = taskSets.stream().anyMatch(t -> uid.equals(t.externalId()));
    if (created == 0 && replacementLeft) {
      violations.add("a replacement in ECS that no CreateTaskSet call made");
    }
    violations.addAll(tracked.routeViolations());

    if (expected != null) {
      compare("status", expected.status(), outcome.status(), violations);
      compare("error code", expected.errorCode(), outcome.errorCode(), violations);
      compare("error message", expected.errorMessage(), outcome.errorMessage(), violations);
      compare("lifecycle events", expected.events(), outcome.events(), violations);
      compare("task set at rest", expected.taskSetAtRest(), outcome.taskSetAtRest(), violations);
      compare(
          "production % to the replacement",
          expected.productionPercentToReplacement(),
          outcome.productionPercentToReplacement(),
          violations);
      TreeSet<String> missing = new TreeSet<>(expected.notifications());
      missing.removeAll(outcome.notifications());
      if (!missing.isEmpty()) {
        violations.add("SNS messages never published: " + missing);
      }
    }

    List<WaitFigure> figures = new ArrayList<>();
    List<MutatingCall> calls = tracked.calls();
    for (Wait wait : waits) {
      MutatingCall begin = first(calls, wait.begins(), null);
      MutatingCall end = begin == null ? null : first(calls, wait.ends(), begin.at());
      if (begin == null || end == null) {
        // Each scenario lists only the waits its outcome goes through.
        violations.add(
            wait.name() + " not seen: no call " + (begin == null ? "began" : "ended") + " it");
        continue;
      }
      Duration actual = Duration.between(begin.at(), end.at());
      if (actual.compareTo(wait.length().minus(EARLY)) < 0) {
        violations.add(
            wait.name() + " lasted " + seconds(actual) + " of " + seconds(wait.length()));
      }
      Instant recordedEnd = null;
      for (TrackedDeployment.RecordedDeadline deadline : tracked.deadlines()) {
        if (deadline.field().equals(wait.deadlineField())
            && !deadline.seenAt().isBefore(begin.at())
            && !deadline.seenAt().isAfter(end.at())) {
          recordedEnd = deadline.value();
        }
      }
      if (recordedEnd != null) {
        Instant expectedEnd = begin.at().plus(wait.length());
        Duration off = Duration.between(expectedEnd, recordedEnd);
        // A hook invoked again after a restart (an invocation is never known to have run) is given
        // its whole time from that invocation: its end may count from any invocation before it.
        if (wait.deadlineField().startsWith("hookExecution.")) {
          for (MutatingCall call : calls) {
            if (call.performed() && call.at().isBefore(end.at()) && wait.begins().test(call)) {
              Duration fromThis = Duration.between(call.at().plus(wait.length()), recordedEnd);
              if (fromThis.abs().compareTo(off.abs()) < 0) {
                off = fromThis;
              }
            }
          }
        }
        if (off.abs().compareTo(RECORDED_END_TOLERANCE) > 0) {
          violations.add(
              wait.name()
                  + " was counted from "
                  + seconds(Duration.between(begin.at(), recordedEnd.minus(wait.length())))
                  + " after the call that began it (its recorded end is "
                  + seconds(off)
                  + " off)");
        }
      }
      boolean killedAround =
          kills.stream()
              .anyMatch(
                  k ->
                      k.killedAt().isAfter(begin.at().minus(CATCHING_UP))
                          && k.killedAt().isBefore(end.at()));
      Instant due = begin.at().plus(wait.length()).plus(lateWhileRunning);
      if (!killedAround && end.at().isAfter(due)) {
        violations.add(
            wait.name()
                + " lasted "
                + seconds(actual)
                + " of "
                + seconds(wait.length())
                + " although the operator ran throughout");
      }
      figures.add(
          new WaitFigure(
              wait.name(),
              wait.length(),
              actual,
              recordedEnd == null ? null : Duration.between(recordedEnd, end.at())));
    }

    int repeatedCalls = calls.size() - tracked.distinctChanges().size();
    long published =
        calls.stream().filter(c -> c.performed() && "Publish".equals(c.operation().name())).count();
    int repeatedNotifications = (int) published - outcome.notifications().size();
    return new Report(
        outcome, violations, figures, created, repeatedCalls, Math.max(0, repeatedNotifications));
  }

  private static MutatingCall first(
      List<MutatingCall> calls, Predicate<MutatingCall> matches, Instant after) {
    for (MutatingCall call : calls) {
      if (call.performed() && (after == null || call.at().isAfter(after)) && matches.test(call)) {
        return call;
      }
    }
    return null;
  }

  private static void compare(String what, Object expected, Object actual, List<String> out) {
    if (!Objects.equals(expected, actual)) {
      out.add(what + ": " + actual + " where the fault-free run had " + expected);
    }
  }

  static String seconds(Duration duration) {
    return String.format("%.1f s", duration.toMillis() / 1000.0);
  }
}
