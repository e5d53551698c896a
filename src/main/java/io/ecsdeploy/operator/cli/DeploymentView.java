package io.ecsdeploy.operator.cli;

import static io.ecsdeploy.operator.cli.Text.between;
import static io.ecsdeploy.operator.cli.Text.instant;
import static io.ecsdeploy.operator.cli.Text.lastPart;
import static io.ecsdeploy.operator.cli.Text.text;
import static io.ecsdeploy.operator.cli.Text.time;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code kubectl ecsdeploy status DEPLOYMENT} shows, and what {@code --watch} redraws: the
 * status, phase and traffic, each lifecycle event with its duration, the task sets with their
 * counts, and the latest Kubernetes Events. A pure function of the deployment, its Events and the
 * time.
 */
final class DeploymentView {
  private final StringBuilder text = new StringBuilder();
  private final Instant now;

  private DeploymentView(Instant now) {
    this.now = now;
  }

  /**
   * @param events the deployment's Events, oldest first; the last {@code maxEvents} are shown
   */
  static String render(EcsDeployment deployment, List<Event> events, Instant now, int maxEvents) {
    DeploymentView view = new DeploymentView(now);
    view.summary(deployment);
    view.lifecycleEvents(statusOf(deployment));
    view.taskSets(statusOf(deployment));
    view.events(events, maxEvents);
    return view.text.toString();
  }

  static EcsDeploymentStatus statusOf(EcsDeployment deployment) {
    return deployment.getStatus() != null ? deployment.getStatus() : new EcsDeploymentStatus();
  }

  private void summary(EcsDeployment deployment) {
    EcsDeploymentStatus status = statusOf(deployment);
    line(
        "Deployment:",
        deployment.getMetadata().getName()
            + (status.deploymentId == null ? "" : " (" + status.deploymentId + ")")
            + " in "
            + deployment.getMetadata().getNamespace());
    line("Group:", deployment.getSpec() == null ? null : deployment.getSpec().deploymentGroupName);
    text.append(
        String.format(
            "%-15s %s\n",
            "Status:",
            text(status.status) + (status.currentEvent == null ? "" : ", " + status.currentEvent)));
    line("Phase:", status.phase);
    if (status.trafficSplit != null) {
      String[] split = status.trafficSplit.split("/");
      line(
          "Traffic:",
          "original " + split[0] + "% / replacement " + (split.length > 1 ? split[1] : "?") + "%");
    }
    if (status.pause != null) {
      line(
          "Paused:",
          "at step "
              + status.pause.step
              + (status.pause.weight == null ? "" : " (" + status.pause.weight + "%)")
              + " since "
              + time(status.pause.since)
              + (status.pause.until == null
                  ? ", until continued (kubectl ecsdeploy continue "
                      + deployment.getMetadata().getName()
                      + ")"
                  : ", until continued or " + time(status.pause.until)));
    }
    line("Configuration:", status.deploymentConfigName);
    line("Routing:", status.trafficRouting);
    line("Creator:", status.creator);
    line("Created:", time(status.createTime));
    line("Started:", time(status.startTime));
    line("Completed:", time(status.completeTime));
    line(
        "Next deadline:",
        instant(status.nextDeadline)
            .map(
                deadline ->
                    time(status.nextDeadline)
                        + (deadline.isAfter(now)
                            ? " (in " + Text.duration(Duration.between(now, deadline)) + ")"
                            : " (passed)"))
            .orElse(status.nextDeadline));
    if (status.errorInformation != null) {
      line(
          "Error:",
          text(status.errorInformation.code) + ": " + text(status.errorInformation.message));
    }
    if (status.rollbackInfo != null) {
      line("Rolled back by:", status.rollbackInfo.rollbackDeploymentId);
      line("Rollback of:", status.rollbackInfo.rollbackTriggeringDeploymentId);
      line("Rollback:", status.rollbackInfo.rollbackMessage);
    }
    conditions(text, status.conditions);
  }

  private void lifecycleEvents(EcsDeploymentStatus status) {
    if (status.lifecycleEvents.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("EVENT", "STATUS", "STARTED", "ENDED", "DURATION", "HOOK"));
    for (LifecycleEventInfo e : status.lifecycleEvents) {
      rows.add(
          List.of(
              text(e.lifecycleEventName),
              text(e.status),
              time(e.startTime),
              time(e.endTime),
              duration(e),
              text(e.hookFunction)));
    }
    text.append('\n').append(Text.table(rows));
  }

  /** How long the event took, or has taken so far while it runs. */
  private String duration(LifecycleEventInfo event) {
    if (event.endTime != null) {
      return instant(event.endTime).map(end -> between(event.startTime, end)).orElse("-");
    }
    return event.status == LifecycleEventStatus.InProgress ? between(event.startTime, now) : "-";
  }

  private void taskSets(EcsDeploymentStatus status) {
    if (status.taskSets.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "TASK SET",
            "ROLE",
            "STATUS",
            "TRAFFIC",
            "DESIRED",
            "PENDING",
            "RUNNING",
            "TARGET GROUP",
            "TASK DEFINITION"));
    status.taskSets.forEach(
        t ->
            rows.add(
                List.of(
                    lastPart(t.arn),
                    text(t.taskSetLabel),
                    text(t.status),
                    t.trafficWeight == null ? "-" : t.trafficWeight + "%",
                    text(t.desiredCount),
                    text(t.pendingCount),
                    text(t.runningCount),
                    lastPart(t.targetGroupArn),
                    lastPart(t.taskDefinition))));
    text.append('\n').append(Text.table(rows));
  }

  private void events(List<Event> events, int maxEvents) {
    text.append(eventsTable(events, now, maxEvents));
  }

  /** The last {@code maxEvents} Events with their ages, after a blank line; empty if none. */
  static String eventsTable(List<Event> events, Instant now, int maxEvents) {
    if (events.isEmpty() || maxEvents <= 0) {
      return "";
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("AGE", "TYPE", "REASON", "MESSAGE"));
    events.stream()
        .skip(Math.max(0, events.size() - maxEvents))
        .forEach(
            e ->
                rows.add(
                    List.of(
                        between(eventTime(e), now),
                        text(e.getType()),
                        text(e.getReason()),
                        text(e.getNote()))));
    return "\n" + Text.table(rows);
  }

  /** When an Event happened: its event time, else when it was created. */
  static String eventTime(Event e) {
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    return Optional.ofNullable(e.getMetadata().getCreationTimestamp()).orElse("");
  }

  static void conditions(StringBuilder text, List<Condition> conditions) {
    for (Condition c : conditions) {
      text.append(
          String.format(
              "%-15s %s=%s (%s) %s\n",
              "Condition:", c.getType(), c.getStatus(), text(c.getReason()), text(c.getMessage())));
    }
  }

  private void line(String label, String value) {
    if (value != null && !value.equals("-")) {
      text.append(String.format("%-15s %s\n", label, value));
    }
  }
}
