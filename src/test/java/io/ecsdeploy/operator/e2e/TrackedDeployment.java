package io.ecsdeploy.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.lifecycle.DeploymentIds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy.MutatingCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * One deployment under test in its own scenario (namespace, ECS service, load balancer), with every
 * mutating AWS call it made as the fault proxies logged them, and the moments its production route
 * sent traffic to a target group without a steady task set behind it.
 *
 * <p>Calls are told apart by what they change: ECS calls by their cluster, listener changes by
 * their listener, Lambda invocations and SNS messages by the deployment id they carry (the
 * deployment's, or its rollback's).
 */
final class TrackedDeployment {
  /**
   * Parameters that differ between two sends of the same change. (A hook invocation performed again
   * keeps its execution id; each lifecycle event's invocation has its own.)
   */
  private static final Set<String> NOT_PART_OF_THE_CHANGE =
      Set.of("Message", "clientToken", "Version");

  /** The run record's deadlines a wait's end is kept in. */
  static final List<String> DEADLINE_FIELDS =
      List.of("trafficStepWaitUntil", "terminationWaitUntil", "hookExecution.deadline");

  private static final ObjectMapper JSON = new ObjectMapper();

  final SweepScenario kind;
  final String label;
  final E2EScenario scenario;
  final String name;
  private volatile String deploymentId;
  private final List<MutatingCall> calls = new ArrayList<>();
  private final Set<String> changes = new HashSet<>();
  private final List<String> routeViolations = new ArrayList<>();
  private int routeSamples;
  private final List<RecordedDeadline> deadlines = new ArrayList<>();

  /** A deadline the run record held when the test looked ({@code state.<field>}). */
  record RecordedDeadline(String field, Instant value, Instant seenAt) {}

  /**
   * @param kind the sweep scenario, or {@code null} for a deployment of another test
   * @param label how reports name it
   */
  TrackedDeployment(SweepScenario kind, String label, E2EScenario scenario, String name) {
    this.kind = kind;
    this.label = label;
    this.scenario = scenario;
    this.name = name;
  }

  DemoWorld world() {
    return scenario.world;
  }

  EcsDeployment get() {
    return scenario.get(name);
  }

  /** Whether the call changed this deployment's service, listeners, hooks or notifications. */
  boolean owns(MutatingCall call) {
    DemoWorld world = scenario.world;
    String operation = call.operation().name();
    switch (operation) {
      case "CreateTaskSet", "DeleteTaskSet", "UpdateServicePrimaryTaskSet" -> {
        String cluster = call.parameter("cluster");
        return cluster != null
            && (cluster.equals(world.cluster) || cluster.endsWith("/" + world.cluster));
      }
      case "ModifyListener" -> {
        String listener = call.parameter("ListenerArn");
        return world.productionListener.equals(listener) || world.testListener.equals(listener);
      }
      case "Invoke" -> {
        return ids().contains(call.parameter("DeploymentId"));
      }
      case "Publish" -> {
        String subject = call.parameter("Subject");
        return subject != null && ids().stream().anyMatch(subject::contains);
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * Records a call this deployment made; returns its number among the distinct changes so far
   * (1-based), or 0 when it repeats an earlier change (an action performed again after a restart).
   */
  synchronized int record(MutatingCall call) {
    calls.add(call);
    return changes.add(change(call)) ? changes.size() : 0;
  }

  synchronized List<MutatingCall> calls() {
    return List.copyOf(calls);
  }

  /** The calls as distinct changes, in order: repeats left out. */
  synchronized List<MutatingCall> distinctChanges() {
    Set<String> seen = new HashSet<>();
    List<MutatingCall> distinct = new ArrayList<>();
    for (MutatingCall call : calls) {
      if (seen.add(change(call))) {
        distinct.add(call);
      }
    }
    return distinct;
  }

  /** What a call changes, the same for two sends of one change. */
  static String change(MutatingCall call) {
    return change(call.operation().name(), call.parameters());
  }

  /** What a call of {@code operation} with these parameters changes. */
  static String change(String operation, Map<String, String> callParameters) {
    Map<String, String> parameters = new TreeMap<>(callParameters);
    parameters.keySet().removeAll(NOT_PART_OF_THE_CHANGE);
    if (callParameters.get("Subject") != null) {
      // An SNS message: its kind is the status before the colon.
      parameters.put("Subject", callParameters.get("Subject").split(":", 2)[0]);
    }
    return operation + " " + parameters;
  }

  /**
   * Checks the production route now: every target group it sends traffic to must have a steady task
   * set behind it. Called at each mutating call of this deployment, while the proxy holds every
   * later call, so that each state the route goes through is sampled once.
   */
  void sampleRoute(String after) {
    DemoWorld world = scenario.world;
    Map<String, Integer> weights = world.weights(world.productionListener);
    List<TaskSet> taskSets = world.taskSets();
    synchronized (this) {
      routeSamples++;
      weights.forEach(
          (targetGroup, weight) -> {
            if (weight == null || weight == 0) {
              return;
            }
            boolean steady =
                taskSets.stream()
                    .anyMatch(
                        t ->
                            !t.loadBalancers().isEmpty()
                                && targetGroup.equals(t.loadBalancers().get(0).targetGroupArn())
                                && "STEADY_STATE".equals(t.stabilityStatusAsString()));
            if (!steady) {
              routeViolations.add(
                  "after "
                      + after
                      + ", production sent "
                      + weight
                      + "% to "
                      + shortName(targetGroup)
                      + " without a steady task set behind it");
            }
          });
    }
  }

  /**
   * Notes the deadlines the deployment's run record holds now (the waits' ends the operator
   * recorded), so that a check can tell from when the operator counted a wait.
   */
  void observe(EcsDeployment now) {
    if (now == null || now.getStatus() == null || now.getStatus().runRecord == null) {
      return;
    }
    Instant seenAt = Instant.now();
    try {
      JsonNode state = JSON.readTree(now.getStatus().runRecord).path("state");
      for (String field : DEADLINE_FIELDS) {
        JsonNode value = state.at("/" + field.replace('.', '/'));
        if (value.isTextual()) {
          synchronized (this) {
            deadlines.add(new RecordedDeadline(field, Instant.parse(value.asText()), seenAt));
          }
        }
      }
    } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
      throw new IllegalStateException("unreadable run record of " + this, e);
    }
  }

  /** The deadlines seen, in the order they were seen. */
  synchronized List<RecordedDeadline> deadlines() {
    return List.copyOf(deadlines);
  }

  synchronized List<String> routeViolations() {
    return List.copyOf(routeViolations);
  }

  synchronized int routeSamples() {
    return routeSamples;
  }

  /** The deployment's id and its rollback's, once the operator has given it one. */
  Set<String> ids() {
    String id = deploymentId;
    if (id == null) {
      EcsDeployment deployment = get();
      if (deployment != null && deployment.getStatus() != null) {
        id = deployment.getStatus().deploymentId;
        deploymentId = id;
      }
    }
    return id == null ? Set.of() : Set.of(id, DeploymentIds.rollbackIdFor(id));
  }

  static String shortName(String arn) {
    String[] parts = arn.split("/");
    return parts.length >= 2 ? parts[parts.length - 2] : arn;
  }

  @Override
  public String toString() {
    return label + " (" + scenario.namespace + "/" + name + ")";
  }
}
