package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.e2e.KubernetesFaults.CallMark;
import io.ecsdeploy.operator.e2e.KubernetesFaults.Outcome;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.CodeDeployClient;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.KubeControllerManager;
import io.ecsdeploy.operator.testsupport.OperatorProcess;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kubernetes misbehaving around a deployment, with {@code kube-controller-manager} beside the API
 * server so that garbage collection and namespace deletion are real: a user editing the
 * deployment's labels and annotations all along (409 Conflicts for everyone), the leader of two
 * replicas SIGKILLed mid-deployment with a hook report sent to the standby during the handover, and
 * a group, then a namespace, deleted under a running deployment. Each run ends as the fault-free
 * one did (or, for a deletion, rolled back), with one replacement task set ever created, one
 * PRIMARY left, and production traffic all on the expected target group.
 *
 * <p>The scenario: a group with a test listener, a hook before the install (the function's own
 * answer) and one after the test traffic that never answers, whose result the test reports as a
 * CodeDeploy hook would (boto3, {@code PutLifecycleEventHookExecutionStatus}) to an operator's
 * endpoint.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class KubernetesFaultsE2E {
  private static final String DEPLOYMENT = "release-2";
  private static final String WAITING_EVENT = "AfterAllowTestTraffic";
  private static final Duration DEADLINE = Duration.ofSeconds(180);

  private static KubernetesClient client;
  private static KubeControllerManager controllers;
  private static AwsFaultProxy moto;
  private static AwsFaultProxy miniStack;
  private static Outcome faultFree;

  /** Where both AWS proxies report mutating calls: the current run's listener, if any. */
  private static final AtomicReference<AwsFaultProxy.MutatingCallListener> CURRENT =
      new AtomicReference<>();

  @BeforeAll
  static void start(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    controllers = KubeControllerManager.besideTestApiServer("kubernetes-faults");
    KubernetesFaults.report(
        "set-up", "kube-controller-manager start to ready", controllers.startToReady());
    moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint());
    miniStack = AwsFaultProxy.start(AwsEmulatorsExtension.cloudWatchEndpoint());
    AwsFaultProxy.MutatingCallListener toCurrent =
        (k, operation) -> {
          AwsFaultProxy.MutatingCallListener listener = CURRENT.get();
          if (listener != null) {
            listener.onMutatingCall(k, operation);
          }
        };
    moto.onMutatingCall(toCurrent);
    miniStack.onMutatingCall(toCurrent);
  }

  @AfterAll
  static void stop() {
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
    if (controllers != null) {
      controllers.close();
    }
    if (moto != null) {
      moto.close();
    }
    if (miniStack != null) {
      miniStack.close();
    }
  }

  @Test
  void aUserEditingLabelsAndAnnotationsAllAlongKeepsThemAndTheDeploymentEndsAsWithout() {
    Outcome expected = faultFree();
    try (OperatorProcess operator = operator("user-edits").start()) {
      DemoWorld.createHookFunctions(operator.hookEndpoint());
      E2EScenario scenario = E2EScenario.create(client, "user-edits");
      scenario.group("web", spec -> {});
      CallMark mark = CallMark.of(moto, miniStack);

      // Given a user who edits the deployment's labels and annotations from its creation on,
      // each edit an update of what was read a moment before (a 409 when anyone wrote meanwhile)
      scenario.deploy(DEPLOYMENT, "web", revision(scenario), spec -> {});
      UserEdits edits = UserEdits.start(client, scenario.namespace, DEPLOYMENT);
      EcsDeployment done;
      String answer;
      try {
        // When the hook's report arrives, and the deployment runs to its end
        EcsDeployment waiting = awaitHook(scenario);
        answer = reportUntilAnswered(operator.hookEndpoint(), waiting).answer();
        done =
            scenario.awaitDeployment(DEPLOYMENT, DEADLINE, d -> d.getStatus().status.isTerminal());
      } finally {
        edits.stop();
      }

      // Then the user's last edit is what is stored (nobody wrote over it), the operator's labels
      // and hook reports are there too, and the deployment ended as without the edits
      EcsDeployment stored = scenario.get(DEPLOYMENT);
      Map<String, String> labels = stored.getMetadata().getLabels();
      Map<String, String> annotations = stored.getMetadata().getAnnotations();
      int last = edits.lastEdit();
      List<String> violations = new ArrayList<>();
      if (!Integer.toString(last).equals(labels.get(UserEdits.LABEL))
          || !"user".equals(labels.get(UserEdits.EDITOR_LABEL))
          || !("edit " + last).equals(annotations.get(UserEdits.ANNOTATION))) {
        violations.add(
            "the user's last edit ("
                + last
                + ") is not what is stored: "
                + labels.get(UserEdits.LABEL)
                + " / "
                + annotations.get(UserEdits.ANNOTATION));
      }
      if (!labels.containsKey("ecsdeploy.io/deployment-id")
          || !labels.containsKey("ecsdeploy.io/deployment-group")
          || !annotations.containsKey("ecsdeploy.io/hook-reports")) {
        violations.add(
            "the operator's labels or hook reports are gone: " + labels + " " + annotations);
      }
      if (!"OK".equals(answer)) {
        violations.add("hook report answered " + answer);
      }
      violations.addAll(KubernetesFaults.check(scenario, done, mark, expected, moto, miniStack));
      KubernetesFaults.row(
          "a user updating the deployment's labels and annotations all along",
          edits.edits() + " edits, " + edits.conflicts() + " of them 409 Conflict",
          done.getStatus().status.name(),
          "the last of " + edits.edits() + " edits kept",
          violations);
      System.out.printf(
          "Kubernetes faults, user edits: %d edits, %d answered 409 Conflict%n",
          edits.edits(), edits.conflicts());
      assertThat(edits.edits()).as("edits the API server took").isPositive();
      assertThat(edits.conflicts()).as("edits answered 409 Conflict").isPositive();
      assertThat(violations).as("invariant violations").isEmpty();
    }
  }

  @Test
  void theLeaderKilledMidDeploymentTheStandbyTakesOverAndAReportToItIsNotLost() {
    Outcome expected = faultFree();
    String lease = "kubernetes-faults-" + UUID.randomUUID().toString().substring(0, 8);
    try (OperatorProcess leader =
        operator("leader-a")
            .leaderElection("replica-a")
            .env("ECSDEPLOY_LEASE_NAME", lease)
            .start()) {
      awaitHolder(lease, "replica-a");
      try (OperatorProcess standby =
          operator("standby-b")
              .leaderElection("replica-b")
              .env("ECSDEPLOY_LEASE_NAME", lease)
              .start()) {
        DemoWorld.createHookFunctions(leader.hookEndpoint());
        E2EScenario scenario = E2EScenario.create(client, "leader-kill");
        scenario.group("web", spec -> {});
        CallMark mark = CallMark.of(moto, miniStack);

        // Given the leader SIGKILLed mid-deployment, right after Lambda answered the invocation of
        // the hook after the test traffic, before the leader could record it
        AtomicReference<Instant> killedAt = new AtomicReference<>();
        AtomicInteger invocations = new AtomicInteger();
        CURRENT.set(
            (k, operation) -> {
              if ("Invoke".equals(operation)
                  && invocations.incrementAndGet() == 2
                  && killedAt.get() == null) {
                leader.kill();
                killedAt.set(Instant.now());
              }
            });
        try {
          scenario.deploy(DEPLOYMENT, "web", revision(scenario), spec -> {});
          await().atMost(DEADLINE).until(() -> killedAt.get() != null);
        } finally {
          CURRENT.set(null);
        }
        Instant killed = killedAt.get();
        // The leader's last renewal: the Lease is free once its duration has passed since.
        Lease held = client.leases().inNamespace("default").withName(lease).get();
        int leaseSeconds = held.getSpec().getLeaseDurationSeconds();
        Instant expiry = held.getSpec().getRenewTime().toInstant().plusSeconds(leaseSeconds);
        EcsDeployment waiting = scenario.get(DEPLOYMENT);
        assertThat(waiting.getStatus().currentEvent).isEqualTo(WAITING_EVENT);

        // When the hook reports to the standby during the handover
        Report report = reportUntilAnswered(standby.hookEndpoint(), waiting);
        Duration killToReport = Duration.between(killed, report.at());

        // Then the standby takes the Lease, and the deployment ends as without the fault
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> "replica-b".equals(holder(lease)));
        Duration takeover = Duration.between(killed, Instant.now());
        Instant acquired =
            client
                .leases()
                .inNamespace("default")
                .withName(lease)
                .get()
                .getSpec()
                .getAcquireTime()
                .toInstant();
        Duration afterExpiry = Duration.between(expiry, acquired);
        EcsDeployment moved =
            scenario.awaitDeployment(
                DEPLOYMENT, DEADLINE, d -> !WAITING_EVENT.equals(d.getStatus().currentEvent));
        Duration killToProgress = Duration.between(killed, Instant.now());
        EcsDeployment done =
            scenario.awaitDeployment(DEPLOYMENT, DEADLINE, d -> d.getStatus().status.isTerminal());
        KubernetesFaults.report(
            "leader killed", "kill to takeover (Lease " + leaseSeconds + " s)", takeover);
        KubernetesFaults.report("leader killed", "Lease expiry to takeover", afterExpiry);
        KubernetesFaults.report(
            "leader killed", "kill to the deployment moving again", killToProgress);
        KubernetesFaults.report(
            "leader killed",
            "kill to the report's answer (" + report.answer() + ", " + report.attempts() + " sent)",
            killToReport);

        List<String> violations = new ArrayList<>();
        if (!"OK".equals(report.answer())) {
          violations.add("the report to the standby was refused: " + report.answer());
        }
        violations.addAll(KubernetesFaults.check(scenario, done, mark, expected, moto, miniStack));
        KubernetesFaults.row(
            "two replicas, the leader SIGKILLed while it waits on a hook; the hook reports to the"
                + " standby",
            "leader SIGKILLed",
            done.getStatus().status.name(),
            "takeover "
                + KubernetesFaults.seconds(takeover)
                + " after the kill, "
                + KubernetesFaults.seconds(afterExpiry)
                + " after the Lease ("
                + leaseSeconds
                + " s) expired; report answered "
                + report.answer()
                + " after "
                + KubernetesFaults.seconds(killToReport)
                + " ("
                + report.attempts()
                + " sent)",
            violations);
        assertThat(moved.getStatus().currentEvent).isNotEqualTo(WAITING_EVENT);
        assertThat(acquired)
            .as("the standby takes the Lease only once it has expired: never two leaders")
            .isAfterOrEqualTo(expiry);
        assertThat(afterExpiry)
            .as("the standby takes the Lease within its duration of its expiry")
            .isLessThan(Duration.ofSeconds(leaseSeconds));
        assertThat(violations).as("invariant violations").isEmpty();
      }
    } finally {
      client.leases().inNamespace("default").withName(lease).delete();
    }
  }

  @Test
  void deletingAGroupDeletesItsDeploymentsAndRollsBackTheRunningOne() {
    try (OperatorProcess operator = operator("group-deletion").start()) {
      DemoWorld.createHookFunctions(operator.hookEndpoint());
      E2EScenario scenario = E2EScenario.create(client, "group-deletion");
      EcsDeploymentGroup group = scenario.group("web", spec -> {});
      // Given a finished deployment the user created, on the green target group
      scenario.deploy(DEPLOYMENT, "web", scenario.revision(hooks -> {}), spec -> {});
      EcsDeployment finished = scenario.awaitStatus(DEPLOYMENT, DeploymentStatus.Succeeded);
      // And one the group created from its revision (GitOps), waiting at its ready wait
      scenario.editGroup(
          "web",
          g -> {
            g.getSpec().blueGreen.deploymentReady = E2EScenario.stopAndWait("10m");
            g.getSpec().revision = scenario.revision(hooks -> {});
            return g;
          });
      AtomicReference<EcsDeployment> gitOps = new AtomicReference<>();
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                gitOps.set(
                    client
                        .resources(EcsDeployment.class)
                        .inNamespace(scenario.namespace)
                        .list()
                        .getItems()
                        .stream()
                        .filter(d -> !DEPLOYMENT.equals(d.getMetadata().getName()))
                        .findFirst()
                        .orElse(null));
                return gitOps.get() != null
                    && gitOps.get().getStatus() != null
                    && gitOps.get().getStatus().status == DeploymentStatus.Ready;
              });
      String running = gitOps.get().getMetadata().getName();
      String runningUid = gitOps.get().getMetadata().getUid();
      String groupUid = group.getMetadata().getUid();
      assertThat(List.of(scenario.get(DEPLOYMENT), scenario.get(running)))
          .as("both deployments are owned by the group")
          .allSatisfy(
              d ->
                  assertThat(d.getMetadata().getOwnerReferences())
                      .extracting(OwnerReference::getUid)
                      .contains(groupUid));
      CallMark mark = CallMark.of(moto, miniStack);

      // When the group is deleted
      Instant deleted = Instant.now();
      client.resource(group).inNamespace(scenario.namespace).delete();

      // Then the garbage collector deletes both deployments, the running one rolled back first
      await()
          .atMost(DEADLINE)
          .until(() -> scenario.get(DEPLOYMENT) == null && scenario.get(running) == null);
      Duration gone = Duration.between(deleted, Instant.now());
      KubernetesFaults.report("group deleted", "deletion to deployments gone", gone);
      DemoWorld world = scenario.world;
      List<String> violations =
          new ArrayList<>(
              KubernetesFaults.atRest(
                  world,
                  moto,
                  runningUid,
                  "the finished deployment's task set",
                  t -> finished.getMetadata().getUid().equals(t.externalId()),
                  world.green));
      int test = world.percentTo(world.testListener, world.green);
      if (test != 100) {
        violations.add("the test route sends " + test + "% to the original target group");
      }
      KubernetesFaults.row(
          "EcsDeploymentGroup deleted (garbage collector): a finished deployment and one at its"
              + " ready wait",
          "group deleted",
          "both deleted, the running one rolled back",
          "deletion to deployments gone "
              + KubernetesFaults.seconds(gone)
              + ", "
              + mark.performedSince(moto, miniStack),
          violations);
      assertThat(violations).as("invariant violations").isEmpty();
    }
  }

  @Test
  void deletingANamespaceRollsBackItsRunningDeploymentBeforeItGoes() {
    try (OperatorProcess operator = operator("namespace-deletion").start()) {
      DemoWorld.createHookFunctions(operator.hookEndpoint());
      E2EScenario scenario = E2EScenario.create(client, "namespace-deletion");
      scenario.group(
          "web", spec -> spec.blueGreen.deploymentReady = E2EScenario.stopAndWait("10m"));
      // Given a deployment waiting at its ready wait, the test route on its replacement
      scenario.deploy(DEPLOYMENT, "web", scenario.revision(hooks -> {}), spec -> {});
      EcsDeployment ready = scenario.awaitStatus(DEPLOYMENT, DeploymentStatus.Ready);
      DemoWorld world = scenario.world;
      assertThat(world.percentTo(world.testListener, world.green)).isEqualTo(100);
      CallMark mark = CallMark.of(moto, miniStack);

      // When its namespace is deleted
      Instant deleted = Instant.now();
      client.namespaces().withName(scenario.namespace).delete();

      // Then everything in it goes, the deployment rolled back first
      await()
          .atMost(DEADLINE)
          .until(() -> client.namespaces().withName(scenario.namespace).get() == null);
      Duration gone = Duration.between(deleted, Instant.now());
      KubernetesFaults.report("namespace deleted", "deletion to namespace gone", gone);
      List<String> violations =
          new ArrayList<>(
              KubernetesFaults.atRest(
                  world,
                  moto,
                  ready.getMetadata().getUid(),
                  "the original task set",
                  t -> world.initialTaskSet.equals(t.taskSetArn()),
                  world.blue));
      int test = world.percentTo(world.testListener, world.blue);
      if (test != 100) {
        violations.add("the test route sends " + test + "% to the original target group");
      }
      KubernetesFaults.row(
          "namespace deleted (namespace controller) with a deployment at its ready wait",
          "namespace deleted",
          "everything deleted, the deployment rolled back",
          "deletion to namespace gone "
              + KubernetesFaults.seconds(gone)
              + ", "
              + mark.performedSince(moto, miniStack),
          violations);
      assertThat(violations).as("invariant violations").isEmpty();
    }
  }

  /** The scenario without a fault, run once for the class. */
  private static synchronized Outcome faultFree() {
    if (faultFree == null) {
      try (OperatorProcess operator = operator("kubernetes-faults-fault-free").start()) {
        DemoWorld.createHookFunctions(operator.hookEndpoint());
        E2EScenario scenario = E2EScenario.create(client, "k8s-fault-free");
        scenario.group("web", spec -> {});
        CallMark mark = CallMark.of(moto, miniStack);
        scenario.deploy(DEPLOYMENT, "web", revision(scenario), spec -> {});
        Report report = reportUntilAnswered(operator.hookEndpoint(), awaitHook(scenario));
        EcsDeployment done =
            scenario.awaitDeployment(DEPLOYMENT, DEADLINE, d -> d.getStatus().status.isTerminal());
        faultFree = Outcome.of(done, mark.performedSince(moto, miniStack));
        List<String> violations =
            KubernetesFaults.atRest(
                scenario.world,
                moto,
                done.getMetadata().getUid(),
                "the replacement",
                t -> done.getMetadata().getUid().equals(t.externalId()),
                scenario.world.green);
        KubernetesFaults.row(
            "fault-free run of the user-edit and leader scenarios",
            "none",
            done.getStatus().status.name(),
            "-",
            violations);
        assertThat(report.answer()).isEqualTo("OK");
        assertThat(done.getStatus().status).isEqualTo(DeploymentStatus.Succeeded);
        assertThat(violations).as("fault-free run").isEmpty();
      }
    }
    return faultFree;
  }

  private static OperatorProcess.Builder operator(String name) {
    return OperatorProcess.builder(name)
        .env("ECSDEPLOY_AWS_ENDPOINT", moto.endpoint().toString())
        .env("ECSDEPLOY_CLOUDWATCH_ENDPOINT", miniStack.endpoint().toString())
        .env("ECSDEPLOY_LAMBDA_ENDPOINT", miniStack.endpoint().toString());
  }

  private static Revision revision(E2EScenario scenario) {
    return scenario.revision(
        hooks -> {
          hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
          hooks.afterAllowTestTraffic = DemoWorld.HOOK_SILENT;
        });
  }

  /** Waits until the deployment waits on the hook that never answers, and returns it. */
  private static EcsDeployment awaitHook(E2EScenario scenario) {
    return scenario.awaitDeployment(
        DEPLOYMENT,
        DEADLINE,
        d ->
            WAITING_EVENT.equals(d.getStatus().currentEvent)
                && KubernetesFaults.pendingHookExecution(d) != null);
  }

  /** What a hook's report was answered, when, and how many times it was sent. */
  private record Report(String answer, Instant at, int attempts) {}

  /**
   * Reports the pending hook's success as a CodeDeploy hook does (boto3, which retries throttling
   * and 5xx answers itself), and sends it again while the answer is one a CodeDeploy client
   * retries: a report is lost only when it is refused with another error.
   */
  private static Report reportUntilAnswered(String endpoint, EcsDeployment waiting) {
    CodeDeployClient codeDeploy = new CodeDeployClient(endpoint);
    String deploymentId = waiting.getStatus().deploymentId;
    String executionId = KubernetesFaults.pendingHookExecution(waiting);
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<String> answer = new AtomicReference<>();
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              attempts.incrementAndGet();
              answer.set(codeDeploy.report(deploymentId, executionId, "Succeeded"));
              return !RETRIED_BY_CODEDEPLOY_CLIENTS.contains(answer.get());
            });
    return new Report(answer.get(), Instant.now(), attempts.get());
  }

  /** Error codes the AWS SDKs retry (throttling, server-side and transient ones). */
  private static final Set<String> RETRIED_BY_CODEDEPLOY_CLIENTS =
      Set.of(
          "InternalFailure",
          "ServiceUnavailable",
          "ServiceUnavailableException",
          "ThrottlingException",
          "Throttling",
          "RequestLimitExceeded",
          "TooManyRequestsException");

  private static String holder(String lease) {
    Lease current = client.leases().inNamespace("default").withName(lease).get();
    return current == null || current.getSpec() == null
        ? null
        : current.getSpec().getHolderIdentity();
  }

  private static void awaitHolder(String lease, String identity) {
    await().atMost(Duration.ofSeconds(60)).until(() -> identity.equals(holder(lease)));
  }

  /**
   * A user (or a tool) that edits a deployment's labels and annotations over and over: reads it,
   * and a tick later updates what it read with its resourceVersion, as {@code kubectl replace}
   * does. When anyone wrote in between, the API server answers 409 Conflict and the user reads
   * again. Each edit the API server took sets the label {@value #LABEL} and the annotation {@value
   * #ANNOTATION} to its number.
   */
  private static final class UserEdits {
    static final String LABEL = "example.com/edit";
    static final String ANNOTATION = "example.com/note";
    static final String EDITOR_LABEL = "example.com/edited-by";
    private static final Duration TICK = Duration.ofMillis(25);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger edits = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile int lastEdit;
    private EcsDeployment read;

    private UserEdits(KubernetesClient client, String namespace, String name) {
      this.client = client;
      this.namespace = namespace;
      this.name = name;
    }

    static UserEdits start(KubernetesClient client, String namespace, String name) {
      UserEdits edits = new UserEdits(client, namespace, name);
      edits.ticks.scheduleWithFixedDelay(edits::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
      return edits;
    }

    /** Every other tick reads; the one after writes what was read. */
    private void tick() {
      try {
        if (read == null) {
          read = client.resources(EcsDeployment.class).inNamespace(namespace).withName(name).get();
          return;
        }
        EcsDeployment edited = read;
        read = null;
        int n = edits.get() + 1;
        edited.getMetadata().getLabels().put(LABEL, Integer.toString(n));
        edited.getMetadata().getLabels().put(EDITOR_LABEL, "user");
        edited.getMetadata().getAnnotations().put(ANNOTATION, "edit " + n);
        client.resources(EcsDeployment.class).inNamespace(namespace).resource(edited).update();
        edits.incrementAndGet();
        lastEdit = n;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          conflicts.incrementAndGet();
        } else {
          stopOn(e);
        }
      } catch (RuntimeException e) {
        stopOn(e);
      }
    }

    /** An error the user would not expect ends the edits; {@link #stop} reports it. */
    private void stopOn(RuntimeException e) {
      failure.compareAndSet(null, e);
      ticks.shutdown();
    }

    void stop() {
      ticks.shutdown();
      try {
        ticks.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failure.get() != null) {
        throw new AssertionError("a user edit failed otherwise than with 409", failure.get());
      }
    }

    int edits() {
      return edits.get();
    }

    int conflicts() {
      return conflicts.get();
    }

    int lastEdit() {
      return lastEdit;
    }
  }
}
