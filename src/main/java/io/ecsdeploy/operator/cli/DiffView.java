package io.ecsdeploy.operator.cli;

import static io.ecsdeploy.operator.cli.Text.lastPart;
import static io.ecsdeploy.operator.cli.Text.text;
import static io.ecsdeploy.operator.cli.Text.time;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupStatus;
import io.ecsdeploy.operator.api.v1alpha1.RevisionSummary;
import io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code kubectl ecsdeploy diff} shows: a deployment's revision next to what the group runs
 * now as the operator last recorded it (the last successful deployment's {@code status.revision},
 * and the task set that is the service's primary), field by field, and the traffic timeline of the
 * deployment's configuration. A pure function of the resources.
 */
final class DiffView {
  /** A value the plugin cannot know without AWS. */
  static final String UNKNOWN = "?";

  /** Shown for a launch or network the AppSpec leaves to the service. */
  static final String SERVICE = "the service's";

  private static final String PLATFORM = ", platform ";

  /**
   * Everything the diff is made of.
   *
   * @param deployment the deployment to show, from the cluster or a manifest
   * @param origin where it came from, in words (its status, or the manifest's file)
   * @param group its deployment group
   * @param current the deployment whose revision runs now; null when none succeeded
   * @param currentWhy how {@code current} was chosen, in words
   * @param configName the deployment configuration the deployment uses
   * @param routing that configuration's routing; null when it could not be found
   * @param routingProblem why {@code routing} is null
   */
  record Input(
      EcsDeployment deployment,
      String origin,
      EcsDeploymentGroup group,
      EcsDeployment current,
      String currentWhy,
      String configName,
      TrafficRouting routing,
      String routingProblem) {}

  /** One compared field: its current and proposed values, and how it changes. */
  record Row(String field, String current, String proposed, String change) {}

  private DiffView() {}

  static String render(Input input) {
    StringBuilder text = new StringBuilder();
    List<String> notes = new ArrayList<>();
    EcsDeployment deployment = input.deployment();
    String name = deployment.getMetadata().getName();
    line(
        text,
        "Deployment:",
        name
            + " in "
            + text(deployment.getMetadata().getNamespace())
            + " ("
            + input.origin()
            + ")");
    EcsDeploymentGroup group = input.group();
    line(
        text,
        "Group:",
        group.getMetadata().getName()
            + " (service "
            + group.getSpec().service.clusterName
            + "/"
            + group.getSpec().service.serviceName
            + ")");
    EcsDeployment current = input.current();
    EcsDeploymentGroupStatus groupStatus = group.getStatus();
    String primary = groupStatus == null ? null : groupStatus.primaryTaskSetArn;
    Optional<TaskSetInfo> primaryTaskSet = primaryTaskSet(current, primary);
    if (current == null) {
      line(text, "Current:", "none: the group records no successful deployment");
    } else {
      var ended = current.getStatus() == null ? null : current.getStatus().completeTime;
      line(
          text,
          "Current:",
          current.getMetadata().getName()
              + ", "
              + input.currentWhy()
              + (ended == null ? "" : " (ended " + time(ended) + ")"));
    }
    if (primary == null) {
      line(text, "Primary:", "none recorded");
    } else if (primaryTaskSet.isPresent()) {
      line(
          text,
          "Primary:",
          lastPart(primary) + ", the task set " + current.getMetadata().getName() + " created");
    } else {
      line(text, "Primary:", lastPart(primary));
      if (current != null) {
        notes.add(
            "The primary task set "
                + lastPart(primary)
                + " is not one "
                + current.getMetadata().getName()
                + " recorded: the service may have changed since.");
      }
    }

    AppSpecFacts proposedFacts = AppSpecFacts.of(deployment.getSpec().revision);
    if (!proposedFacts.readable() && summary(deployment) == null) {
      notes.add("Proposed revision not read: " + proposedFacts.unreadable() + ".");
    }
    var content = deployment.getSpec().revision.appSpecContent;
    if (content != null) {
      AppSpecFacts.sha256Mismatch(content.content, content.sha256)
          .ifPresent(problem -> notes.add(capitalized(problem) + "."));
    }
    AppSpecFacts currentFacts =
        current == null
            ? AppSpecFacts.unreadable("no current deployment")
            : AppSpecFacts.of(current.getSpec().revision);
    if (current != null && !currentFacts.readable()) {
      notes.add(
          "Current AppSpec not read ("
              + currentFacts.unreadable()
              + "): its hooks and network are unknown.");
    }
    List<Row> rows = rows(current, primaryTaskSet, currentFacts, deployment, proposedFacts);
    List<List<String>> table = new ArrayList<>();
    table.add(
        List.of(
            "FIELD",
            "CURRENT" + (current == null ? "" : " (" + current.getMetadata().getName() + ")"),
            "PROPOSED (" + name + ")",
            "CHANGE"));
    rows.forEach(r -> table.add(List.of(r.field(), r.current(), r.proposed(), r.change())));
    text.append('\n').append(Text.table(table));

    text.append('\n');
    TrafficRouting routing = input.routing();
    if (routing == null) {
      line(text, "Traffic:", input.configName() + ": " + input.routingProblem());
    } else {
      line(
          text,
          "Traffic:",
          input.configName()
              + " ("
              + TrafficTimeline.describe(routing)
              + "), from the start of AllowTraffic:");
      TrafficTimeline.points(routing).forEach(p -> text.append("  ").append(p).append('\n'));
      var route = group.getSpec().loadBalancer.productionRoute;
      if (routing.type != TrafficRoutingType.AllAtOnce
          && route != null
          && route.listenerArn != null
          && route.listenerArn.contains(":listener/net/")) {
        notes.add(
            "The production listener is on a Network Load Balancer, which takes only all-at-once"
                + " shifting: the operator would refuse "
                + input.configName()
                + ".");
      }
      if (primary == null && routing.type != TrafficRoutingType.AllAtOnce) {
        notes.add(
            "If the service has no task set yet (a first deployment), AllowTraffic moves all"
                + " production traffic in one step.");
      }
    }
    if (!notes.isEmpty()) {
      text.append('\n');
      notes.forEach(note -> text.append("Note: ").append(note).append('\n'));
    }
    return text.toString();
  }

  /** The task set of {@code current} that is the group's primary, if it recorded it. */
  static Optional<TaskSetInfo> primaryTaskSet(EcsDeployment current, String primaryArn) {
    if (current == null || primaryArn == null || current.getStatus() == null) {
      return Optional.empty();
    }
    return current.getStatus().taskSets.stream().filter(t -> primaryArn.equals(t.arn)).findFirst();
  }

  /** The compared fields: task definition, container, launch, network and each hook. */
  static List<Row> rows(
      EcsDeployment current,
      Optional<TaskSetInfo> primaryTaskSet,
      AppSpecFacts currentFacts,
      EcsDeployment proposed,
      AppSpecFacts proposedFacts) {
    boolean compared = current != null;
    RevisionSummary currentSummary = current == null ? null : summary(current);
    RevisionSummary proposedSummary = summary(proposed);
    List<Row> rows = new ArrayList<>();

    String currentTaskDefinition =
        !compared
            ? null
            : primaryTaskSet
                .map(t -> t.taskDefinition)
                .or(() -> Optional.ofNullable(currentSummary).map(s -> s.taskDefinition))
                .or(() -> Optional.ofNullable(currentFacts.taskDefinition()))
                .orElse(UNKNOWN);
    String proposedTaskDefinition =
        known(
            first(
                proposedFacts.taskDefinition(),
                proposedSummary == null ? null : proposedSummary.taskDefinition),
            proposedFacts.readable());
    rows.add(
        row(
            compared,
            "Task definition",
            currentTaskDefinition,
            proposedTaskDefinition,
            DiffView::taskDefinitionKey));

    String currentContainer =
        !compared
            ? null
            : known(
                first(
                    currentSummary == null ? null : currentSummary.container,
                    currentFacts.container()),
                currentSummary != null || currentFacts.readable());
    String proposedContainer =
        known(
            first(
                proposedFacts.container(),
                proposedSummary == null ? null : proposedSummary.container),
            proposedFacts.readable());
    rows.add(row(compared, "Container", currentContainer, proposedContainer, v -> v));

    rows.add(launchRow(compared, currentSummary, currentFacts, proposedSummary, proposedFacts));

    String currentNetwork =
        !compared
            ? null
            : currentFacts.readable()
                ? Objects.requireNonNullElse(currentFacts.network(), SERVICE)
                : UNKNOWN;
    String proposedNetwork =
        proposedFacts.readable()
            ? Objects.requireNonNullElse(proposedFacts.network(), SERVICE)
            : UNKNOWN;
    rows.add(row(compared, "Network", currentNetwork, proposedNetwork, v -> v));

    Set<String> events = new LinkedHashSet<>(AppSpecFacts.HOOK_EVENTS);
    events.addAll(currentFacts.hooks().keySet());
    events.addAll(proposedFacts.hooks().keySet());
    for (String event : events) {
      String was = currentFacts.hooks().get(event);
      String will = proposedFacts.hooks().get(event);
      if (was == null && will == null) {
        continue;
      }
      rows.add(
          row(
              compared,
              event + " hook",
              !compared ? null : currentFacts.readable() ? was : UNKNOWN,
              proposedFacts.readable() ? will : UNKNOWN,
              v -> v));
    }
    return rows;
  }

  /**
   * The launch: what the operator recorded for the current deployment (a launch type or capacity
   * provider strategy, and the platform version), against what the proposed AppSpec asks for; what
   * it leaves to the service is not counted as a change.
   */
  private static Row launchRow(
      boolean compared,
      RevisionSummary currentSummary,
      AppSpecFacts currentFacts,
      RevisionSummary proposedSummary,
      AppSpecFacts proposedFacts) {
    String current =
        !compared
            ? null
            : currentSummary != null && currentSummary.launch != null
                ? currentSummary.launch
                : currentFacts.readable() ? launch(currentFacts) : UNKNOWN;
    if (proposedSummary != null && proposedSummary.launch != null) {
      return row(compared, "Launch", current, proposedSummary.launch, v -> v);
    }
    if (!proposedFacts.readable()) {
      return new Row("Launch", text(current), UNKNOWN, "");
    }
    String proposed = launch(proposedFacts);
    String change = "";
    if (compared && !UNKNOWN.equals(current)) {
      String currentStrategy = current.split(PLATFORM, 2)[0];
      String currentPlatform = current.contains(PLATFORM) ? current.split(PLATFORM, 2)[1] : null;
      boolean strategyChanged =
          proposedFacts.strategy() != null && !proposedFacts.strategy().equals(currentStrategy);
      boolean platformChanged =
          proposedFacts.platformVersion() != null
              && !proposedFacts.platformVersion().equals(currentPlatform);
      change = strategyChanged || platformChanged ? "changed" : "";
    }
    return new Row("Launch", compared ? text(current) : "-", proposed, change);
  }

  /** The launch an AppSpec asks for, in the operator's words; the service's where it is silent. */
  static String launch(AppSpecFacts facts) {
    String strategy = facts.strategy();
    return (strategy == null ? SERVICE : strategy)
        + (facts.platformVersion() == null ? "" : PLATFORM + facts.platformVersion());
  }

  private static Row row(
      boolean compared,
      String field,
      String current,
      String proposed,
      java.util.function.Function<String, String> key) {
    String was = compared ? text(current) : "-";
    String will = text(proposed);
    String change = "";
    if (compared && !UNKNOWN.equals(was) && !UNKNOWN.equals(will)) {
      if ("-".equals(was) && !"-".equals(will)) {
        change = "added";
      } else if (!"-".equals(was) && "-".equals(will)) {
        change = "removed";
      } else if (!key.apply(was).equals(key.apply(will))) {
        change = "changed";
      }
    }
    return new Row(field, was, will, change);
  }

  /** {@code family:revision} of an ARN or a short name, so the two forms compare equal. */
  static String taskDefinitionKey(String taskDefinition) {
    return taskDefinition.contains(":task-definition/") ? lastPart(taskDefinition) : taskDefinition;
  }

  private static RevisionSummary summary(EcsDeployment deployment) {
    return deployment.getStatus() == null ? null : deployment.getStatus().revision;
  }

  /** The value; when there is none, {@code -} if the source was read, {@link #UNKNOWN} if not. */
  private static String known(String value, boolean read) {
    return value != null ? value : read ? null : UNKNOWN;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String capitalized(String sentence) {
    return sentence.isEmpty()
        ? sentence
        : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
  }

  private static void line(StringBuilder text, String label, String value) {
    text.append(String.format("%-15s %s\n", label, value));
  }
}
