package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.ErrorInformation;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.testsupport.Commands;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kubectl plugin against the real API server: what it prints from the resources' status, and
 * the edits its stop, continue and rollback commands make. The operator's answer to those edits is
 * covered by the end-to-end tests; here the resources' status is written directly.
 */
@ExtendWith(KubeApiServerExtension.class)
class KubectlEcsdeployIT {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private static KubernetesClient client;
  private String namespace;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeAll
  static void installCrds(KubernetesClient kubernetes) {
    client = kubernetes;
    Crds.install(client);
  }

  @BeforeEach
  void namespaceWithAGroup() {
    namespace = "plugin-" + SEQUENCE.incrementAndGet();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    EcsDeploymentGroup group = sample("04-deployment-group.yaml", EcsDeploymentGroup.class);
    group.getMetadata().setName("web");
    client.resource(group).inNamespace(namespace).create();
  }

  /** Leaves nothing for the operators of later test classes, which watch all namespaces. */
  @AfterEach
  void deleteResources() {
    client.resources(EcsDeployment.class).inNamespace(namespace).delete();
    client.resources(EcsDeploymentGroup.class).inNamespace(namespace).delete();
  }

  @Test
  void statusShowsEventsTrafficTaskSetsErrorsAndKubernetesEvents() {
    deployment(
        "release-2",
        "2026-11-26T11:50:00Z",
        DeploymentStatus.InProgress,
        s -> {
          s.currentEvent = "AllowTraffic";
          s.trafficSplit = "80/20";
          s.deploymentConfigName = "CodeDeployDefault.ECSCanary10Percent5Minutes";
          s.startTime = "2026-11-26T11:50:01Z";
          s.lifecycleEvents =
              List.of(
                  event("BeforeInstall", LifecycleEventStatus.Succeeded, "validate-before"),
                  event("Install", LifecycleEventStatus.Succeeded, null),
                  event("AllowTraffic", LifecycleEventStatus.InProgress, null));
          TaskSetInfo green = new TaskSetInfo();
          green.arn = "arn:aws:ecs:us-east-1:111122223333:task-set/production/web/ecs-svc/1234";
          green.taskSetLabel = "Green";
          green.status = "ACTIVE";
          green.trafficWeight = 20;
          green.targetGroupArn =
              "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-green/fedcba9876543210";
          green.taskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7";
          s.taskSets = List.of(green);
        });
    client
        .events()
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("release-2.traffic")
                .endMetadata()
                .withEventTime(new MicroTime("2026-11-26T11:58:00.000000Z"))
                .withReportingController("ecsdeploy.io/operator")
                .withReportingInstance("test")
                .withAction("AllowTraffic")
                .withReason("TrafficShifted")
                .withType("Normal")
                .withNote("20% of production traffic to the replacement")
                .withRegarding(
                    new ObjectReferenceBuilder()
                        .withKind("EcsDeployment")
                        .withName("release-2")
                        .withNamespace(namespace)
                        .build())
                .build())
        .create();

    plugin().execute("status", "release-2", List.of());

    assertThat(output())
        .contains("Deployment:     release-2 (d-RELEASE2) in " + namespace)
        .contains("Status:         InProgress, AllowTraffic")
        .contains("Traffic:        original 80% / replacement 20%")
        .contains("Configuration:  CodeDeployDefault.ECSCanary10Percent5Minutes")
        .containsPattern("BeforeInstall\\s+Succeeded\\s+.*validate-before")
        .containsPattern("AllowTraffic\\s+InProgress")
        .containsPattern("1234\\s+Green\\s+ACTIVE\\s+20%\\s+web-green\\s+web:7")
        .containsPattern("2m0s\\s+Normal\\s+TrafficShifted\\s+20% of production traffic");
  }

  @Test
  void groupStatusShowsTheCurrentDeployment() {
    deployment(
        "release-3",
        "2026-11-26T11:55:00Z",
        DeploymentStatus.InProgress,
        s -> {
          s.currentEvent = "BeforeInstall";
        });
    client
        .resources(EcsDeploymentGroup.class)
        .inNamespace(namespace)
        .withName("web")
        .editStatus(
            g -> {
              g.setStatus(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupStatus());
              g.getStatus().liveTargetGroupArn =
                  "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-blue/0123456789abcdef";
              g.getStatus().currentDeployment =
                  new io.ecsdeploy.operator.api.v1alpha1.DeploymentRef();
              g.getStatus().currentDeployment.name = "release-3";
              g.getStatus().currentDeployment.status = DeploymentStatus.InProgress;
              return g;
            });

    plugin().execute("status", "group/web", List.of());

    assertThat(output())
        .contains("Group:          web in " + namespace)
        .contains("Service:        production/web")
        .contains("Live target:    web-blue")
        .contains("Current:        release-3 InProgress")
        .contains("Deployment:     release-3");
  }

  @Test
  void historyListsTheGroupsDeploymentsNewestFirst() {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    deployment(
        "release-2",
        "2026-11-26T11:00:00Z",
        DeploymentStatus.Failed,
        s -> {
          s.errorInformation = new ErrorInformation();
          s.errorInformation.code = ErrorCode.ALARM_ACTIVE;
          s.errorInformation.message = "web-5xx in ALARM";
        });
    deployment("release-3", "2026-11-26T11:30:00Z", DeploymentStatus.Succeeded, s -> {});

    plugin().execute("history", "web", List.of());

    List<String> lines = output().lines().toList();
    assertThat(lines.get(0)).startsWith("NAME").contains("STATUS").contains("CREATED");
    assertThat(lines.subList(1, lines.size()))
        .extracting(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[2])
        .containsExactly("release-3 Succeeded", "release-2 Failed", "release-1 Succeeded");
    assertThat(lines.get(2)).endsWith("ALARM_ACTIVE");
  }

  @Test
  void stopAsksForRollbackUnlessToldNot() {
    deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.InProgress, s -> {});
    deployment("release-3", "2026-11-26T11:00:00Z", DeploymentStatus.InProgress, s -> {});

    plugin().execute("stop", "release-2", List.of());
    plugin().execute("stop", "release-3", List.of("--no-rollback"));

    assertThat(get("release-2").getSpec().operations.stop.autoRollbackEnabled).isTrue();
    assertThat(get("release-3").getSpec().operations.stop.autoRollbackEnabled).isFalse();
    assertThat(output()).contains("Stop requested for release-2, with rollback");
  }

  @Test
  void refusesToStopAFinishedDeployment() {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    assertThatThrownBy(() -> plugin().execute("stop", "release-1", List.of()))
        .hasMessage("release-1 has ended (Succeeded) and cannot be stopped");
    assertThat(get("release-1").getSpec().operations).isNull();
  }

  @Test
  void continueEndsTheWaitTheDeploymentIsIn() {
    deployment(
        "ready", "2026-11-26T11:00:00Z", DeploymentStatus.Ready, s -> s.currentEvent = "ReadyWait");
    deployment(
        "terminating",
        "2026-11-26T11:00:00Z",
        DeploymentStatus.InProgress,
        s -> s.currentEvent = "TerminationWait");
    deployment(
        "shifting",
        "2026-11-26T11:00:00Z",
        DeploymentStatus.InProgress,
        s -> s.currentEvent = "AllowTraffic");

    plugin().execute("continue", "ready", List.of());
    plugin().execute("continue", "terminating", List.of());

    assertThat(get("ready").getSpec().operations.continueDeployment.readyWait).isTrue();
    assertThat(get("ready").getSpec().operations.continueDeployment.terminationWait).isNull();
    assertThat(get("terminating").getSpec().operations.continueDeployment.terminationWait).isTrue();
    assertThatThrownBy(() -> plugin().execute("continue", "shifting", List.of()))
        .hasMessageContaining(
            "not in a ready wait or a termination wait (it is InProgress, AllowTraffic)");
    plugin().execute("continue", "shifting", List.of("--termination-wait"));
    assertThat(get("shifting").getSpec().operations.continueDeployment.terminationWait).isTrue();
  }

  @Test
  void rollbackRedeploysThePreviousSuccessfulRevision() {
    EcsDeployment first =
        deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.Failed, s -> {});
    deployment("release-3", "2026-11-26T11:30:00Z", DeploymentStatus.Succeeded, s -> {});

    plugin().execute("rollback", "web", List.of());

    List<EcsDeployment> rollbacks =
        client.resources(EcsDeployment.class).inNamespace(namespace).list().getItems().stream()
            .filter(d -> d.getMetadata().getName().startsWith("web-rollback-"))
            .toList();
    assertThat(rollbacks).hasSize(1);
    EcsDeployment rollback = rollbacks.get(0);
    assertThat(rollback.getSpec().deploymentGroupName).isEqualTo("web");
    assertThat(rollback.getSpec().revision.appSpecContent.content)
        .isEqualTo(first.getSpec().revision.appSpecContent.content);
    assertThat(rollback.getMetadata().getAnnotations())
        .containsEntry("ecsdeploy.io/rollback-of", "release-3")
        .containsEntry("ecsdeploy.io/revision-of", "release-1");
    assertThat(output()).contains("the revision of release-1, replacing release-3");
  }

  @Test
  void rollbackRefusesWhileADeploymentRunsOrWithoutAnEarlierSuccess() {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    assertThatThrownBy(() -> plugin().execute("rollback", "web", List.of()))
        .hasMessageContaining("one successful deployment, so no previous revision");
    deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.InProgress, s -> {});
    assertThatThrownBy(() -> plugin().execute("rollback", "web", List.of()))
        .hasMessageContaining("release-2 is still running; stop it with rollback instead");
  }

  @Test
  void kubectlRunsThePluginFromThePath() throws Exception {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    Path bin = Files.createTempDirectory("plugin-bin");
    Files.copy(
        TestPeers.repoDir().resolve("operator/kubectl-plugin/kubectl-ecsdeploy"),
        bin.resolve("kubectl-ecsdeploy"));
    bin.resolve("kubectl-ecsdeploy").toFile().setExecutable(true);
    Map<String, String> env =
        Map.of(
            "PATH",
            bin
                + ":"
                + Path.of(System.getProperty("java.home"), "bin")
                + ":"
                + System.getenv("PATH"),
            "ECSDEPLOY_PLUGIN_CLASSPATH",
            System.getProperty("java.class.path"));

    Commands.Result history =
        Commands.run(
            List.of(TestPeers.kubectl().toString(), "ecsdeploy", "history", "web", "-n", namespace),
            env);
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    assertThat(history.stdout()).contains("release-1").contains("Succeeded");

    Commands.Result missing =
        Commands.run(
            List.of(TestPeers.kubectl().toString(), "ecsdeploy", "status", "nope", "-n", namespace),
            env);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .contains("error: EcsDeployment nope not found in namespace " + namespace);

    Commands.Result usage = Commands.run(List.of(TestPeers.kubectl().toString(), "ecsdeploy"), env);
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stderr()).contains("Usage: kubectl ecsdeploy");
  }

  private KubectlEcsdeploy plugin() {
    return new KubectlEcsdeploy(
        client,
        namespace,
        new PrintStream(printed, true, StandardCharsets.UTF_8),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private EcsDeployment get(String name) {
    return client.resources(EcsDeployment.class).inNamespace(namespace).withName(name).get();
  }

  /** A deployment of the sample revision to group web, with the status the operator would write. */
  private EcsDeployment deployment(
      String name,
      String createTime,
      DeploymentStatus status,
      java.util.function.Consumer<EcsDeploymentStatus> customize) {
    EcsDeployment deployment = sample("05-deployment-appspec.yaml", EcsDeployment.class);
    deployment.getMetadata().setName(name);
    deployment.getSpec().deploymentGroupName = "web";
    EcsDeployment created = client.resource(deployment).inNamespace(namespace).create();
    return client
        .resources(EcsDeployment.class)
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            d -> {
              EcsDeploymentStatus s = new EcsDeploymentStatus();
              s.deploymentId =
                  "d-"
                      + name.replace("-", "")
                          .toUpperCase(java.util.Locale.ROOT)
                          .substring(0, Math.min(9, name.replace("-", "").length()));
              s.status = status;
              s.createTime = createTime;
              s.creator = "user";
              customize.accept(s);
              d.setStatus(s);
              return d;
            });
  }

  private static LifecycleEventInfo event(String name, LifecycleEventStatus status, String hook) {
    LifecycleEventInfo info = new LifecycleEventInfo();
    info.lifecycleEventName = name;
    info.status = status;
    info.startTime = "2026-11-26T11:50:02Z";
    info.hookFunction = hook;
    return info;
  }

  private static <T> T sample(String file, Class<T> type) {
    try {
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
          Files.readString(TestPeers.repoDir().resolve("operator/samples").resolve(file)), type);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
