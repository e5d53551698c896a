package io.ecsdeploy.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * What the Kubernetes fault scenarios ({@link ApiServerRestartE2E}, {@link KubernetesFaultsE2E})
 * share: the outcome a run is compared by, the invariants checked after each run, and the table of
 * runs in {@code target/reliability/kubernetes-faults.md}.
 */
final class KubernetesFaults {
  private KubernetesFaults() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TABLE =
      TestPeers.repoDir().resolve("target/reliability/kubernetes-faults.md");
  private static boolean tableStarted;

  /**
   * How a deployment ended: its status, error code, each lifecycle event's status, and the mutating
   * AWS calls it made, by operation. A run with a fault must end as the fault-free run of the same
   * scenario did.
   */
  record Outcome(
      DeploymentStatus status, String errorCode, List<String> events, Map<String, Long> awsCalls) {

    static Outcome of(EcsDeployment deployment, Map<String, Long> awsCalls) {
      var status = deployment.getStatus();
      return new Outcome(
          status.status,
          status.errorInformation == null || status.errorInformation.code == null
              ? null
              : status.errorInformation.code.name(),
          status.lifecycleEvents.stream().map(e -> e.lifecycleEventName + "=" + e.status).toList(),
          awsCalls);
    }

    @Override
    public String toString() {
      return status + (errorCode == null ? "" : " " + errorCode) + " " + events + " " + awsCalls;
    }
  }

  /** Where a run starts in the proxies' logs of mutating calls, to count its own calls. */
  record CallMark(int moto, int miniStack) {
    static CallMark of(AwsFaultProxy moto, AwsFaultProxy miniStack) {
      return new CallMark(moto.mutatingCalls().size(), miniStack.mutatingCalls().size());
    }

    /** The mutating calls the emulators performed since this mark, by operation. */
    Map<String, Long> performedSince(AwsFaultProxy motoProxy, AwsFaultProxy miniStackProxy) {
      List<AwsFaultProxy.MutatingCall> calls = new ArrayList<>();
      List<AwsFaultProxy.MutatingCall> fromMoto = motoProxy.mutatingCalls();
      calls.addAll(fromMoto.subList(moto, fromMoto.size()));
      List<AwsFaultProxy.MutatingCall> fromMiniStack = miniStackProxy.mutatingCalls();
      calls.addAll(fromMiniStack.subList(miniStack, fromMiniStack.size()));
      return calls.stream()
          .filter(AwsFaultProxy.MutatingCall::performed)
          .collect(
              Collectors.groupingBy(
                  c -> c.operation().name(), TreeMap::new, Collectors.counting()));
    }
  }

  /**
   * The invariants at rest, as violations (empty when all hold): exactly one replacement task set
   * was ever created for the deployment (the CreateTaskSet calls the emulator performed with the
   * deployment's UID as externalId), exactly one task set is left and it is PRIMARY and the
   * expected one, and the production route sends all traffic to the expected target group.
   */
  static List<String> atRest(
      DemoWorld world,
      AwsFaultProxy moto,
      String deploymentUid,
      String expectedPrimary,
      Predicate<TaskSet> isExpectedPrimary,
      String productionTargetGroup) {
    List<String> violations = new ArrayList<>();
    long created =
        moto.mutatingCalls().stream()
            .filter(c -> c.performed() && deploymentUid.equals(c.externalId()))
            .filter(c -> "CreateTaskSet".equals(c.operation().name()))
            .count();
    if (created != 1) {
      violations.add(created + " CreateTaskSet calls performed for the deployment");
    }
    List<TaskSet> taskSets = world.taskSets();
    if (taskSets.size() != 1
        || !isExpectedPrimary.test(taskSets.get(0))
        || !"PRIMARY".equals(taskSets.get(0).status())) {
      violations.add(
          "task sets at rest (expected only "
              + expectedPrimary
              + ", PRIMARY): "
              + taskSets.stream()
                  .map(t -> t.taskSetArn() + "/" + t.externalId() + "/" + t.status())
                  .toList());
    }
    int production = world.percentTo(world.productionListener, productionTargetGroup);
    if (production != 100) {
      violations.add(
          "production sends "
              + production
              + "% to "
              + productionTargetGroup
              + ": "
              + world.weights(world.productionListener));
    }
    return violations;
  }

  /**
   * A deployment that ran as the replacement's: the same outcome as the fault-free run (the calls
   * performed since {@code mark}) and the replacement alone at rest, PRIMARY, with all production
   * traffic; as violations.
   */
  static List<String> check(
      E2EScenario scenario,
      EcsDeployment done,
      CallMark mark,
      Outcome expected,
      AwsFaultProxy moto,
      AwsFaultProxy miniStack) {
    String uid = done.getMetadata().getUid();
    List<String> violations = new ArrayList<>();
    violations.addAll(
        sameOutcome(expected, Outcome.of(done, mark.performedSince(moto, miniStack))));
    violations.addAll(
        atRest(
            scenario.world,
            moto,
            uid,
            "the replacement",
            t -> uid.equals(t.externalId()),
            scenario.world.green));
    return violations;
  }

  /** The outcome compared with the fault-free one, as violations. */
  static List<String> sameOutcome(Outcome faultFree, Outcome withFault) {
    List<String> violations = new ArrayList<>();
    if (faultFree.status() != withFault.status()
        || !java.util.Objects.equals(faultFree.errorCode(), withFault.errorCode())
        || !faultFree.events().equals(withFault.events())) {
      violations.add("ended " + withFault + ", fault-free " + faultFree);
    } else if (!faultFree.awsCalls().equals(withFault.awsCalls())) {
      violations.add("AWS calls " + withFault.awsCalls() + ", fault-free " + faultFree.awsCalls());
    }
    return violations;
  }

  /** The execution id of the hook the deployment waits on, as the operator stored it. */
  static String pendingHookExecution(EcsDeployment deployment) {
    try {
      JsonNode record = JSON.readTree(deployment.getStatus().runRecord);
      JsonNode execution = record.path("state").path("hookExecution").path("executionId");
      return execution.isTextual() ? execution.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String seconds(Duration duration) {
    return String.format("%.1f s", duration.toMillis() / 1000.0);
  }

  /** Prints a measured figure in the test output. */
  static void report(String test, String what, Duration duration) {
    System.out.printf("Kubernetes faults, %s: %s %s%n", test, what, seconds(duration));
  }

  /**
   * Adds a row to {@code target/reliability/kubernetes-faults.md}; the first row a test JVM writes
   * starts the file again.
   */
  static synchronized void row(
      String scenario, String fault, String outcome, String measured, List<String> violations) {
    List<String> lines = new ArrayList<>();
    if (!tableStarted) {
      lines.add("# Kubernetes faults (bounded, `make test`): " + Instant.now());
      lines.add("");
      lines.add(
          "The operator runs as its own process; AWS is moto and MiniStack behind the fault"
              + " proxy. Each run is checked against the invariants and the fault-free run.");
      lines.add("");
      lines.add("| scenario | fault | outcome | measured | invariant violations |");
      lines.add("|---|---|---|---|---|");
    }
    lines.add(
        "| "
            + scenario
            + " | "
            + fault
            + " | "
            + outcome
            + " | "
            + measured
            + " | "
            + (violations.isEmpty() ? "none" : String.join("; ", violations))
            + " |");
    try {
      Files.createDirectories(TABLE.getParent());
      if (tableStarted) {
        Files.write(TABLE, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } else {
        Files.write(TABLE, lines, StandardCharsets.UTF_8);
        tableStarted = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
