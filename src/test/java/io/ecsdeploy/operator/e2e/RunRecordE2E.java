package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.S3Location;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.reconciler.HookReportInbox;
import io.ecsdeploy.operator.reconciler.Reasons;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorUnderTest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.TaskSet;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A deployment runs on what it started with: its run record. Inputs are resolved once (an S3
 * revision read once), later edits change only later deployments, an ended deployment never comes
 * back, one group holds a service, the group's deployments run one at a time in a fixed order, the
 * replacement takes the service's launch settings, and a deployment started by the operator before
 * the run record goes on.
 */
class RunRecordE2E extends OperatorE2E {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The AWS calls that change something. */
  private static final Set<String> MUTATING =
      Set.of(
          "CreateTaskSet",
          "DeleteTaskSet",
          "UpdateServicePrimaryTaskSet",
          "ModifyListener",
          "ModifyRule",
          "Invoke",
          "Publish");

  @Test
  void aDeploymentThatFailedBeforeStartingStaysFailed() {
    E2EScenario scenario = E2EScenario.create(client, "failed-early");
    scenario.group("web", spec -> {});
    String bucket = scenario.namespace + "-revisions";
    try (S3Client s3 = EmulatorClients.s3()) {
      s3.createBucket(r -> r.bucket(bucket));
    }
    scenario.deploy("release-2", "web", s3Revision(bucket, "web/appspec.yaml"), spec -> {});

    EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);
    assertThat(failed.getStatus().errorInformation.code).isEqualTo(ErrorCode.REVISION_MISSING);
    assertThat(failed.getStatus().runRecord).as("ended for good, with a run record").isNotNull();

    // Everything that made it fail is mended, the group changes, the operator restarts.
    try (S3Client s3 = EmulatorClients.s3()) {
      s3.putObject(
          r -> r.bucket(bucket).key("web/appspec.yaml"),
          RequestBody.fromString(appSpecYaml(scenario.world.taskDefinitionV2)));
    }
    scenario.editGroup(
        "web",
        g -> {
          g.getSpec().blueGreen.terminateOriginal.wait = "1s";
          return g;
        });
    restartOperator();

    await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(20))
        .until(() -> scenario.get("release-2").getStatus().status == DeploymentStatus.Failed);
    EcsDeployment after = scenario.get("release-2");
    assertThat(after.getStatus().createTime).isEqualTo(failed.getStatus().createTime);
    assertThat(after.getStatus().completeTime).isEqualTo(failed.getStatus().completeTime);
    assertThat(scenario.world.taskSets()).as("nothing was deployed").hasSize(1);

    // An edit of its spec is seen (for GitOps health checks), and changes nothing else.
    EcsDeployment edited =
        scenario.edit(
            "release-2",
            d -> {
              d.getSpec().description = "edited after it ended";
              return d;
            });
    scenario.awaitDeployment(
        "release-2",
        Duration.ofSeconds(30),
        d -> edited.getMetadata().getGeneration().equals(d.getStatus().observedGeneration));
    assertThat(scenario.get("release-2").getStatus().status).isEqualTo(DeploymentStatus.Failed);
    assertThat(reasonsOfEvents(scenario, "release-2"))
        .filteredOn(reason -> reason.equals("Created") || reason.equals("DeploymentFailed"))
        .containsExactlyInAnyOrder("Created", "DeploymentFailed");
  }

  @Test
  void aRunningDeploymentKeepsItsSettingsAndRevisionWhileTheyAreEdited() {
    E2EScenario scenario = E2EScenario.create(client, "frozen");
    DemoWorld.createAlarm();
    scenario.config("canary-20", canary(20, "20s"));
    scenario.group("web", spec -> spec.deploymentConfigName = "canary-20");
    String bucket = scenario.namespace + "-revisions";
    try (S3Client s3 = EmulatorClients.s3()) {
      s3.createBucket(r -> r.bucket(bucket));
      s3.putObject(
          r -> r.bucket(bucket).key("web/appspec.yaml"),
          RequestBody.fromString(appSpecYaml(scenario.world.taskDefinitionV2)));
    }
    long readsBefore = s3Reads();
    scenario.deploy("release-2", "web", s3Revision(bucket, "web/appspec.yaml"), spec -> {});
    DemoWorld world = scenario.world;
    scenario.awaitDeployment(
        "release-2", Duration.ofSeconds(120), d -> "80/20".equals(d.getStatus().trafficSplit));

    // During the canary wait: all at once, an alarm that fires, a long termination wait, and
    // another AppSpec in S3.
    try {
      DemoWorld.setAlarm(StateValue.ALARM);
      scenario.editGroup(
          "web",
          g -> {
            g.getSpec().deploymentConfigName = "CodeDeployDefault.ECSAllAtOnce";
            g.getSpec().alarmConfiguration = E2EScenario.alarms(DemoWorld.ALARM);
            g.getSpec().blueGreen.terminateOriginal.wait = "1h";
            return g;
          });
      try (S3Client s3 = EmulatorClients.s3()) {
        s3.putObject(
            r -> r.bucket(bucket).key("web/appspec.yaml"),
            RequestBody.fromString(appSpecYaml(world.taskDefinitionV1)));
      }
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(10))
          .until(() -> world.percentTo(world.productionListener, world.green) == 20);

      EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
      assertThat(done.getStatus().deploymentConfigName).isEqualTo("canary-20");
      assertThat(done.getStatus().trafficRouting).isEqualTo("20%, the remaining 80% after 20s");
      assertThat(world.taskSets())
          .extracting(TaskSet::taskDefinition)
          .containsExactly(world.taskDefinitionV2);
      assertThat(s3Reads() - readsBefore).as("S3 read once for the deployment").isEqualTo(1);
      assertThat(done.getStatus().revision.s3ETag).isNotBlank();

      // A new deployment takes the group as it is now.
      scenario.deploy("release-3", "web", s3Revision(bucket, "web/appspec.yaml"), spec -> {});
      EcsDeployment stopped = scenario.awaitStatus("release-3", DeploymentStatus.Stopped);
      assertThat(stopped.getStatus().errorInformation.code).isEqualTo(ErrorCode.ALARM_ACTIVE);
      assertThat(stopped.getStatus().deploymentConfigName)
          .isEqualTo("CodeDeployDefault.ECSAllAtOnce");
      assertThat(stopped.getStatus().revision.taskDefinition).isEqualTo(world.taskDefinitionV1);
      JsonNode settings = runRecord(stopped).path("inputs").path("settings");
      assertThat(settings.path("terminationWait").asText()).isEqualTo("PT1H");
      assertThat(settings.path("alarms").path("alarmNames").get(0).asText())
          .isEqualTo(DemoWorld.ALARM);
    } finally {
      DemoWorld.setAlarm(StateValue.OK);
    }
  }

  @Test
  void aSecondGroupNamingTheSameServiceWaitsAndChangesNothing() {
    E2EScenario scenario = E2EScenario.create(client, "claimed");
    scenario.group("web", spec -> {});
    EcsDeploymentGroup second = scenario.groupWithoutWaiting("web-copy", spec -> {});
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Reasons.SERVICE_CLAIMED_BY_ANOTHER_GROUP.equals(
                    readyReason(
                        client.resource(second).inNamespace(scenario.namespace).get().getStatus()
                                == null
                            ? null
                            : client
                                .resource(second)
                                .inNamespace(scenario.namespace)
                                .get()
                                .getStatus()
                                .conditions)));
    Condition ready =
        Conditions.find(
            client.resource(second).inNamespace(scenario.namespace).get().getStatus().conditions,
            Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains(scenario.namespace + "/web");

    long writesBefore = mutatingCalls();
    scenario.deploy("release-2", "web-copy", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitDeployment(
        "release-2",
        Duration.ofSeconds(30),
        d ->
            Reasons.SERVICE_CLAIMED_BY_ANOTHER_GROUP.equals(
                waitingReason(d.getStatus().conditions)));
    await()
        .during(Duration.ofSeconds(30))
        .atMost(Duration.ofSeconds(40))
        .until(
            () ->
                mutatingCalls() == writesBefore
                    && scenario.get("release-2").getStatus().status != DeploymentStatus.InProgress);
    assertThat(scenario.world.taskSets()).hasSize(1);
    assertThat(scenario.get("release-2").getStatus().status).isEqualTo(DeploymentStatus.Queued);
  }

  @Test
  void deploymentsAppliedTogetherRunOneAtATimeOldestFirstAcrossARestart() {
    E2EScenario scenario = E2EScenario.create(client, "queue-order");
    scenario.group("web", spec -> {});
    Map<String, DeploymentStatus> latest = new ConcurrentHashMap<>();
    List<String> overlaps = new CopyOnWriteArrayList<>();
    try (Watch watch =
        client
            .resources(EcsDeployment.class)
            .inNamespace(scenario.namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, EcsDeployment deployment) {
                    if (deployment.getStatus() == null || deployment.getStatus().status == null) {
                      return;
                    }
                    latest.put(deployment.getMetadata().getName(), deployment.getStatus().status);
                    List<String> running =
                        latest.entrySet().stream()
                            .filter(e -> e.getValue().isActive())
                            .map(Map.Entry::getKey)
                            .toList();
                    if (running.size() > 1) {
                      overlaps.add(running.toString());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      for (String name : List.of("release-e", "release-b", "release-d", "release-a", "release-c")) {
        scenario.deploy(name, "web", scenario.revision(hooks -> {}), spec -> {});
      }
      await().atMost(Duration.ofSeconds(120)).until(() -> countSucceeded(scenario) >= 2);
      restartOperator();
      await().atMost(Duration.ofSeconds(180)).until(() -> countSucceeded(scenario) == 5);
    }

    List<EcsDeployment> all =
        new ArrayList<>(
            client
                .resources(EcsDeployment.class)
                .inNamespace(scenario.namespace)
                .list()
                .getItems());
    List<String> documentedOrder =
        all.stream()
            .sorted(
                Comparator.comparing((EcsDeployment d) -> d.getMetadata().getCreationTimestamp())
                    .thenComparing(d -> d.getMetadata().getName()))
            .map(d -> d.getMetadata().getName())
            .toList();
    List<String> startOrder =
        all.stream()
            .sorted(Comparator.comparing(d -> Instant.parse(d.getStatus().startTime)))
            .map(d -> d.getMetadata().getName())
            .toList();
    assertThat(overlaps).as("never two deployments in progress").isEmpty();
    assertThat(startOrder).isEqualTo(documentedOrder);
    for (int i = 1; i < startOrder.size(); i++) {
      EcsDeployment before = scenario.get(startOrder.get(i - 1));
      EcsDeployment next = scenario.get(startOrder.get(i));
      assertThat(Instant.parse(next.getStatus().startTime))
          .as("%s starts after %s ended", startOrder.get(i), startOrder.get(i - 1))
          .isAfterOrEqualTo(Instant.parse(before.getStatus().completeTime));
    }
  }

  @Test
  void theReplacementTakesTheLaunchTypeOfAnEc2Service() {
    E2EScenario scenario = E2EScenario.create(client, "ec2-launch");
    DemoWorld world = scenario.world;
    EmulatorClients.registerContainerInstance(world.cluster);
    String service = world.addService("web-ec2", LaunchType.EC2);
    scenario.group("web-ec2", spec -> spec.service.serviceName = service);
    scenario.deploy("release-2", "web-ec2", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    TaskSet replacement = taskSetOf(world, service, done.getMetadata().getUid());
    assertThat(replacement.launchTypeAsString()).isEqualTo("EC2");
    assertThat(done.getStatus().revision.launch).startsWith("EC2");
  }

  @Test
  void theReplacementTakesTheCapacityProviderStrategyOfTheService() {
    E2EScenario scenario = E2EScenario.create(client, "capacity");
    DemoWorld world = scenario.world;
    EmulatorClients.registerContainerInstance(world.cluster);
    String service = world.addService("web-spot", LaunchType.FARGATE);
    try (EcsClient ecs = EmulatorClients.ecs()) {
      ecs.updateService(
          r ->
              r.cluster(world.cluster)
                  .service(service)
                  .capacityProviderStrategy(
                      s -> s.capacityProvider("FARGATE_SPOT").weight(3).base(1),
                      s -> s.capacityProvider("FARGATE").weight(1).base(0)));
    }
    scenario.group("web-spot", spec -> spec.service.serviceName = service);
    scenario.deploy("release-2", "web-spot", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    TaskSet replacement = taskSetOf(world, service, done.getMetadata().getUid());
    assertThat(replacement.capacityProviderStrategy())
        .extracting(s -> s.capacityProvider() + ":" + s.weight() + ":" + s.base())
        .containsExactly("FARGATE_SPOT:3:1", "FARGATE:1:0");
    assertThat(done.getStatus().revision.launch).contains("FARGATE_SPOT (weight 3, base 1)");
  }

  @Test
  void aContainerTheTaskDefinitionLacksFailsTheDeploymentBeforeInstall() {
    E2EScenario scenario = E2EScenario.create(client, "no-container");
    scenario.group("web", spec -> {});
    Revision revision = scenario.revision(hooks -> hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS);
    revision.appSpec.containerName = "api";
    scenario.deploy("release-2", "web", revision, spec -> {});

    EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);
    assertThat(failed.getStatus().errorInformation.code).isEqualTo(ErrorCode.INVALID_REVISION);
    assertThat(failed.getStatus().errorInformation.message)
        .contains("container api")
        .contains(scenario.world.taskDefinitionV2)
        .contains("which has web");
    assertThat(failed.getStatus().lifecycleEvents)
        .extracting(e -> e.status)
        .containsOnly(LifecycleEventStatus.Skipped);
    assertThat(scenario.world.taskSets()).as("no task set created").hasSize(1);
  }

  @Test
  void aDeploymentStartedByTheFormerOperatorGoesOn() throws IOException {
    E2EScenario scenario = E2EScenario.create(client, "upgrade");
    scenario.group("web", spec -> {});
    operator.close();
    EcsDeployment deployment =
        scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    String deploymentId = "d-UPGRADE01";
    scenario.edit(
        "release-2",
        d -> {
          d.getMetadata().getLabels().put(HookReportInbox.DEPLOYMENT_ID_LABEL, deploymentId);
          return d;
        });
    DemoWorld world = scenario.world;
    // Decided CreateTaskSet, then stopped before saying whether it was performed.
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String created = now.minusSeconds(20).toString();
    String engine =
        fixture("upgrade/engine-v1-install.json")
            .replace("${DEPLOYMENT_ID}", deploymentId)
            .replace("${UID}", deployment.getMetadata().getUid())
            .replace("${CREATED}", created)
            .replace("${STARTED}", now.minusSeconds(10).toString())
            .replace("${ORIGINAL_TASK_SET}", world.initialTaskSet)
            .replace("${BLUE}", world.blue)
            .replace("${GREEN}", world.green);
    client
        .resources(EcsDeployment.class)
        .inNamespace(scenario.namespace)
        .withName("release-2")
        .editStatus(
            d -> {
              d.setStatus(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus());
              d.getStatus().deploymentId = deploymentId;
              d.getStatus().status = DeploymentStatus.InProgress;
              d.getStatus().currentEvent = "Install";
              d.getStatus().createTime = created;
              d.getStatus().creator = "user";
              d.getStatus().engine = engine;
              return d;
            });
    startOperator();

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(done.getStatus().deploymentId).isEqualTo(deploymentId);
    assertThat(done.getStatus().createTime).isEqualTo(created);
    assertThat(done.getStatus().engine).as("the former bookkeeping is gone").isNull();
    assertThat(runRecord(done).path("schemaVersion").asInt()).isEqualTo(2);
    assertThat(world.taskSets())
        .extracting(TaskSet::externalId)
        .containsExactly(deployment.getMetadata().getUid());
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
  }

  // ---- helpers

  private static void restartOperator() {
    operator.close();
    startOperator();
  }

  private static void startOperator() {
    operator = OperatorUnderTest.start(KubeApiServerExtension.newAdminClient());
    DemoWorld.createHookFunctions(operator.hookEndpoint());
  }

  private static long countSucceeded(E2EScenario scenario) {
    return client
        .resources(EcsDeployment.class)
        .inNamespace(scenario.namespace)
        .list()
        .getItems()
        .stream()
        .filter(d -> d.getStatus() != null && d.getStatus().status == DeploymentStatus.Succeeded)
        .count();
  }

  private static long s3Reads() {
    return operator.aws().callCounter().calls("S3", "GetObject");
  }

  private static long mutatingCalls() {
    AwsCallCounter counter = operator.aws().callCounter();
    return counter.snapshot().entrySet().stream()
        .filter(e -> MUTATING.contains(e.getKey().operation()))
        .mapToLong(e -> e.getValue().calls())
        .sum();
  }

  /** Why a deployment waits: its Reconciling condition's reason. */
  private static String waitingReason(List<Condition> conditions) {
    Condition reconciling = Conditions.find(conditions, Conditions.RECONCILING);
    return reconciling == null ? null : reconciling.getReason();
  }

  private static String readyReason(List<Condition> conditions) {
    Condition ready = Conditions.find(conditions, Conditions.READY);
    return ready == null ? null : ready.getReason();
  }

  private static List<String> reasonsOfEvents(E2EScenario scenario, String deployment) {
    return client.events().v1().events().inNamespace(scenario.namespace).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && deployment.equals(e.getRegarding().getName()))
        .map(Event::getReason)
        .toList();
  }

  private static JsonNode runRecord(EcsDeployment deployment) {
    try {
      return JSON.readTree(deployment.getStatus().runRecord);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Revision s3Revision(String bucket, String key) {
    Revision revision = new Revision();
    revision.s3Location = new S3Location();
    revision.s3Location.bucket = bucket;
    revision.s3Location.key = key;
    return revision;
  }

  private static String appSpecYaml(String taskDefinition) {
    return String.join(
        "\n",
        "version: 0.0",
        "Resources:",
        "  - TargetService:",
        "      Type: AWS::ECS::Service",
        "      Properties:",
        "        TaskDefinition: \"" + taskDefinition + "\"",
        "        LoadBalancerInfo:",
        "          ContainerName: \"web\"",
        "          ContainerPort: 80",
        "");
  }

  private static TrafficRouting canary(int percentage, String interval) {
    TrafficRouting routing = new TrafficRouting();
    routing.type = TrafficRoutingType.TimeBasedCanary;
    routing.timeBasedCanary = new TimeBasedCanary();
    routing.timeBasedCanary.canaryPercentage = percentage;
    routing.timeBasedCanary.canaryInterval = interval;
    return routing;
  }

  private static TaskSet taskSetOf(DemoWorld world, String service, String externalId) {
    try (EcsClient ecs = EmulatorClients.ecs()) {
      return ecs
          .describeTaskSets(r -> r.cluster(world.cluster).service(service))
          .taskSets()
          .stream()
          .filter(t -> externalId.equals(t.externalId()))
          .findFirst()
          .orElseThrow();
    }
  }

  private static String fixture(String path) throws IOException {
    try (InputStream in = RunRecordE2E.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
