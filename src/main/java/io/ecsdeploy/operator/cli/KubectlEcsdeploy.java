package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.ContinueOperation;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.api.v1alpha1.StopOperation;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kubectl plugin ({@code kubectl ecsdeploy ...}): status of a deployment or group, a group's
 * history, and the operations CodeDeploy has commands for (stop, continue, rollback to the previous
 * revision). It only reads and edits the resources; the operator does the work.
 */
public final class KubectlEcsdeploy {
  static final String USAGE =
      """
      Usage: kubectl ecsdeploy COMMAND [-n NAMESPACE] [--context CONTEXT]

      Commands:
        status DEPLOYMENT              lifecycle events, traffic split, task sets, times and Events
        status group/GROUP             the group, its current and last successful deployments
        history GROUP                  the group's deployments, newest first
        stop DEPLOYMENT [--no-rollback]
                                       stop a running deployment, rolling back unless --no-rollback
        continue DEPLOYMENT [--ready-wait | --termination-wait]
                                       end the wait the deployment is in (or the one named)
        rollback GROUP                 deploy the group's previous successful revision again
      """;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final String namespace;
  private final PrintStream out;
  private final Clock clock;

  KubectlEcsdeploy(KubernetesClient client, String namespace, PrintStream out, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.out = out;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Parses the command line, connects as kubectl would, runs the command; returns the exit code.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> positional = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    String namespaceFlag = null;
    String context = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("-n") || arg.equals("--namespace")) && i + 1 < args.length) {
        namespaceFlag = args[++i];
      } else if (arg.startsWith("--namespace=")) {
        namespaceFlag = arg.substring("--namespace=".length());
      } else if (arg.equals("--context") && i + 1 < args.length) {
        context = args[++i];
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.print(USAGE);
        return 0;
      } else if (arg.startsWith("-")) {
        flags.add(arg);
      } else {
        positional.add(arg);
      }
    }
    if (positional.size() != 2) {
      err.print(USAGE);
      return 2;
    }
    Config config = Config.autoConfigure(context);
    String namespace =
        namespaceFlag != null
            ? namespaceFlag
            : Optional.ofNullable(config.getNamespace()).orElse("default");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return new KubectlEcsdeploy(client, namespace, out, Clock.systemUTC())
          .execute(positional.get(0), positional.get(1), flags);
    } catch (UserError e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (KubernetesClientException e) {
      err.println(
          "error: "
              + Optional.ofNullable(e.getStatus()).map(s -> s.getMessage()).orElse(e.getMessage()));
      return 1;
    }
  }

  int execute(String command, String name, List<String> flags) {
    switch (command) {
      case "status" -> {
        if (name.startsWith("group/")) {
          groupStatus(name.substring("group/".length()));
        } else {
          deploymentStatus(
              name.startsWith("deployment/") ? name.substring("deployment/".length()) : name);
        }
      }
      case "history" -> history(name);
      case "stop" -> stop(name, !flags.contains("--no-rollback"));
      case "continue" -> continueDeployment(name, flags);
      case "rollback" -> rollback(name);
      default -> throw new UserError("unknown command '" + command + "'\n" + USAGE);
    }
    return 0;
  }

  private void deploymentStatus(String name) {
    EcsDeployment deployment = deployment(name);
    EcsDeploymentStatus status = statusOf(deployment);
    out.printf(
        "Deployment:     %s%s in %s%n",
        name, status.deploymentId == null ? "" : " (" + status.deploymentId + ")", namespace);
    out.printf("Group:          %s%n", deployment.getSpec().deploymentGroupName);
    out.printf(
        "Status:         %s%s%n",
        text(status.status), status.currentEvent == null ? "" : ", " + status.currentEvent);
    if (status.trafficSplit != null) {
      String[] split = status.trafficSplit.split("/");
      out.printf(
          "Traffic:        original %s%% / replacement %s%%%n",
          split[0], split.length > 1 ? split[1] : "?");
    }
    line("Configuration:", status.deploymentConfigName);
    line("Creator:", status.creator);
    line("Created:", time(status.createTime));
    line("Started:", time(status.startTime));
    line("Completed:", time(status.completeTime));
    line("Next deadline:", time(status.nextDeadline));
    if (status.errorInformation != null) {
      out.printf(
          "Error:          %s: %s%n",
          text(status.errorInformation.code), status.errorInformation.message);
    }
    if (status.rollbackInfo != null) {
      line("Rolled back by:", status.rollbackInfo.rollbackDeploymentId);
      line("Rollback of:", status.rollbackInfo.rollbackTriggeringDeploymentId);
      line("Rollback:", status.rollbackInfo.rollbackMessage);
    }
    conditions(status.conditions);
    if (!status.lifecycleEvents.isEmpty()) {
      out.println();
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("EVENT", "STATUS", "STARTED", "ENDED", "HOOK"));
      status.lifecycleEvents.forEach(
          e ->
              rows.add(
                  List.of(
                      e.lifecycleEventName,
                      text(e.status),
                      time(e.startTime),
                      time(e.endTime),
                      text(e.hookFunction))));
      table(rows);
    }
    if (!status.taskSets.isEmpty()) {
      out.println();
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("TASK SET", "ROLE", "STATUS", "TRAFFIC", "TARGET GROUP", "TASK DEFINITION"));
      status.taskSets.forEach(
          t ->
              rows.add(
                  List.of(
                      lastPart(t.arn),
                      text(t.taskSetLabel),
                      text(t.status),
                      t.trafficWeight == null ? "-" : t.trafficWeight + "%",
                      lastPart(t.targetGroupArn),
                      lastPart(t.taskDefinition))));
      table(rows);
    }
    events(deployment.getMetadata().getName(), "EcsDeployment");
  }

  private void groupStatus(String name) {
    EcsDeploymentGroup group = group(name);
    out.printf("Group:          %s in %s%n", name, namespace);
    out.printf(
        "Service:        %s/%s%n",
        group.getSpec().service.clusterName, group.getSpec().service.serviceName);
    line("Configuration:", group.getSpec().deploymentConfigName);
    if (group.getStatus() != null) {
      line("Live target:", lastPart(group.getStatus().liveTargetGroupArn));
      line("Primary:", lastPart(group.getStatus().primaryTaskSetArn));
      Optional.ofNullable(group.getStatus().currentDeployment)
          .ifPresent(d -> line("Current:", d.name + " " + text(d.status)));
      Optional.ofNullable(group.getStatus().lastSuccessfulDeployment)
          .ifPresent(d -> line("Last succeeded:", d.name + " at " + time(d.endTime)));
      Optional.ofNullable(group.getStatus().lastAttemptedDeployment)
          .ifPresent(d -> line("Last attempted:", d.name + " " + text(d.status)));
      conditions(group.getStatus().conditions);
    }
    Optional.ofNullable(group.getStatus())
        .map(s -> s.currentDeployment)
        .ifPresent(
            current -> {
              out.println();
              deploymentStatus(current.name);
            });
    if (group.getStatus() == null || group.getStatus().currentDeployment == null) {
      events(name, "EcsDeploymentGroup");
    }
  }

  private void history(String groupName) {
    group(groupName);
    List<EcsDeployment> deployments = deploymentsOf(groupName);
    if (deployments.isEmpty()) {
      out.println("No deployments to group " + groupName + " in " + namespace + ".");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NAME", "ID", "STATUS", "CREATOR", "CREATED", "COMPLETED", "ERROR"));
    for (EcsDeployment d : deployments) {
      EcsDeploymentStatus s = statusOf(d);
      rows.add(
          List.of(
              d.getMetadata().getName(),
              text(s.deploymentId),
              text(s.status),
              text(s.creator),
              time(created(d)),
              time(s.completeTime),
              s.errorInformation == null ? "-" : text(s.errorInformation.code)));
    }
    table(rows);
  }

  private void stop(String name, boolean rollback) {
    EcsDeployment deployment = deployment(name);
    requireRunning(deployment, "stopped");
    edit(
        name,
        d -> {
          operations(d).stop = new StopOperation();
          operations(d).stop.autoRollbackEnabled = rollback;
        });
    out.printf(
        "Stop requested for %s%s; follow it with: kubectl ecsdeploy status %s -n %s%n",
        name, rollback ? ", with rollback" : ", without rollback", name, namespace);
  }

  private void continueDeployment(String name, List<String> flags) {
    EcsDeployment deployment = deployment(name);
    requireRunning(deployment, "continued");
    EcsDeploymentStatus status = statusOf(deployment);
    boolean ready;
    if (flags.contains("--ready-wait")) {
      ready = true;
    } else if (flags.contains("--termination-wait")) {
      ready = false;
    } else if (status.status == DeploymentStatus.Ready || "ReadyWait".equals(status.currentEvent)) {
      ready = true;
    } else if ("TerminationWait".equals(status.currentEvent)) {
      ready = false;
    } else {
      throw new UserError(
          name
              + " is not in a ready wait or a termination wait (it is "
              + text(status.status)
              + (status.currentEvent == null ? "" : ", " + status.currentEvent)
              + "); name one with --ready-wait or --termination-wait");
    }
    edit(
        name,
        d -> {
          ContinueOperation continueOperation = new ContinueOperation();
          if (ready) {
            continueOperation.readyWait = true;
          } else {
            continueOperation.terminationWait = true;
          }
          operations(d).continueDeployment = continueOperation;
        });
    out.printf(
        "Continue requested for %s: %s%n",
        name, ready ? "production traffic shifts now" : "the original is removed now");
  }

  private void rollback(String groupName) {
    group(groupName);
    List<EcsDeployment> deployments = deploymentsOf(groupName);
    deployments.stream()
        .filter(d -> !finished(statusOf(d).status))
        .findFirst()
        .ifPresent(
            running -> {
              throw new UserError(
                  running.getMetadata().getName()
                      + " is still running; stop it with rollback instead: kubectl ecsdeploy stop "
                      + running.getMetadata().getName()
                      + " -n "
                      + namespace);
            });
    List<EcsDeployment> succeeded =
        deployments.stream().filter(d -> statusOf(d).status == DeploymentStatus.Succeeded).toList();
    if (succeeded.size() < 2) {
      throw new UserError(
          "group "
              + groupName
              + " has "
              + (succeeded.isEmpty() ? "no successful deployment" : "one successful deployment")
              + ", so no previous revision to go back to");
    }
    EcsDeployment current = succeeded.get(0);
    EcsDeployment previous = succeeded.get(1);
    EcsDeployment rollback = new EcsDeployment();
    rollback.getMetadata().setGenerateName(groupName + "-rollback-");
    rollback
        .getMetadata()
        .setAnnotations(
            Map.of(
                "ecsdeploy.io/rollback-of", current.getMetadata().getName(),
                "ecsdeploy.io/revision-of", previous.getMetadata().getName()));
    rollback.setSpec(new EcsDeploymentSpec());
    rollback.getSpec().deploymentGroupName = groupName;
    rollback.getSpec().revision = previous.getSpec().revision;
    rollback.getSpec().description =
        "Rollback of "
            + current.getMetadata().getName()
            + " to the revision of "
            + previous.getMetadata().getName();
    EcsDeployment created = client.resource(rollback).inNamespace(namespace).create();
    out.printf(
        "Created %s: the revision of %s, replacing %s%n",
        created.getMetadata().getName(),
        previous.getMetadata().getName(),
        current.getMetadata().getName());
    if (group(groupName).getSpec().revision != null) {
      out.println(
          "Note: the group takes its revision from spec.revision (GitOps); revert it there too, or"
              + " the next change to it deploys from Git again.");
    }
  }

  private List<EcsDeployment> deploymentsOf(String groupName) {
    return client.resources(EcsDeployment.class).inNamespace(namespace).list().getItems().stream()
        .filter(d -> d.getSpec() != null && groupName.equals(d.getSpec().deploymentGroupName))
        .sorted(Comparator.comparing(KubectlEcsdeploy::created).reversed())
        .collect(Collectors.toList());
  }

  private static String created(EcsDeployment d) {
    String created = d.getStatus() == null ? null : d.getStatus().createTime;
    return created != null ? created : d.getMetadata().getCreationTimestamp();
  }

  private void edit(String name, java.util.function.Consumer<EcsDeployment> change) {
    client
        .resources(EcsDeployment.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            d -> {
              change.accept(d);
              return d;
            });
  }

  private static Operations operations(EcsDeployment deployment) {
    if (deployment.getSpec().operations == null) {
      deployment.getSpec().operations = new Operations();
    }
    return deployment.getSpec().operations;
  }

  private void requireRunning(EcsDeployment deployment, String verb) {
    DeploymentStatus status = statusOf(deployment).status;
    if (finished(status)) {
      throw new UserError(
          deployment.getMetadata().getName() + " has ended (" + status + ") and cannot be " + verb);
    }
  }

  private static boolean finished(DeploymentStatus status) {
    return status == DeploymentStatus.Succeeded
        || status == DeploymentStatus.Failed
        || status == DeploymentStatus.Stopped;
  }

  private EcsDeployment deployment(String name) {
    EcsDeployment deployment =
        client.resources(EcsDeployment.class).inNamespace(namespace).withName(name).get();
    if (deployment == null) {
      throw new UserError("EcsDeployment " + name + " not found in namespace " + namespace);
    }
    return deployment;
  }

  private EcsDeploymentGroup group(String name) {
    EcsDeploymentGroup group =
        client.resources(EcsDeploymentGroup.class).inNamespace(namespace).withName(name).get();
    if (group == null) {
      throw new UserError("EcsDeploymentGroup " + name + " not found in namespace " + namespace);
    }
    return group;
  }

  private static EcsDeploymentStatus statusOf(EcsDeployment deployment) {
    return deployment.getStatus() != null ? deployment.getStatus() : new EcsDeploymentStatus();
  }

  private void conditions(List<Condition> conditions) {
    for (Condition c : conditions) {
      out.printf(
          "Condition:      %s=%s (%s) %s%n",
          c.getType(), c.getStatus(), text(c.getReason()), text(c.getMessage()));
    }
  }

  private void events(String name, String kind) {
    List<Event> events =
        client.events().v1().events().inNamespace(namespace).list().getItems().stream()
            .filter(
                e ->
                    e.getRegarding() != null
                        && name.equals(e.getRegarding().getName())
                        && kind.equals(e.getRegarding().getKind()))
            .sorted(Comparator.comparing(KubectlEcsdeploy::eventTime))
            .toList();
    if (events.isEmpty()) {
      return;
    }
    out.println();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("AGE", "TYPE", "REASON", "MESSAGE"));
    events.stream()
        .skip(Math.max(0, events.size() - 15))
        .forEach(
            e ->
                rows.add(
                    List.of(
                        age(eventTime(e)),
                        text(e.getType()),
                        text(e.getReason()),
                        text(e.getNote()))));
    table(rows);
  }

  private static String eventTime(Event e) {
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    return Optional.ofNullable(e.getMetadata().getCreationTimestamp()).orElse("");
  }

  private String age(String time) {
    try {
      Duration age = Duration.between(Instant.parse(time), clock.instant());
      if (age.toHours() > 0) {
        return age.toHours() + "h" + age.toMinutesPart() + "m";
      }
      return age.toMinutes() > 0
          ? age.toMinutes() + "m" + age.toSecondsPart() + "s"
          : age.toSeconds() + "s";
    } catch (RuntimeException e) {
      return "-";
    }
  }

  private void line(String label, String value) {
    if (value != null && !value.equals("-")) {
      out.printf("%-15s %s%n", label, value);
    }
  }

  private void table(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(
            i == row.size() - 1
                ? row.get(i)
                : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String time(String rfc3339) {
    if (rfc3339 == null) {
      return "-";
    }
    try {
      return TIME.format(Instant.parse(rfc3339));
    } catch (RuntimeException e) {
      return rfc3339;
    }
  }

  private static String lastPart(String arn) {
    if (arn == null) {
      return "-";
    }
    int slash = arn.lastIndexOf('/');
    int colon = arn.lastIndexOf(':');
    String tail = arn.substring(Math.max(slash, colon) + 1);
    // A target group ARN ends in name/id; its name is the readable part.
    if (arn.contains(":targetgroup/")) {
      String[] parts = arn.substring(arn.indexOf(":targetgroup/") + 13).split("/");
      return parts[0];
    }
    if (arn.contains(":task-definition/")) {
      return arn.substring(arn.indexOf(":task-definition/") + 17);
    }
    return tail;
  }

  private static String text(Object value) {
    return value == null ? "-" : value.toString();
  }

  /** A mistake in the command line or the state of a resource, reported without a stack trace. */
  static final class UserError extends RuntimeException {
    UserError(String message) {
      super(message);
    }
  }
}
