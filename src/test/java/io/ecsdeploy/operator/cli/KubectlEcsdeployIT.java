package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ecsdeploy.operator.api.v1alpha1.AppSpecFields;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentOverrides;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentRef;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfigSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupStatus;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.ErrorInformation;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleHooks;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.RevisionSummary;
import io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo;
import io.ecsdeploy.operator.api.v1alpha1.TrafficPauseStatus;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.testsupport.Commands;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kubectl plugin against the real API server: what it prints from the resources' status, the
 * edits its commands make, how it waits and watches, and its command line as kubectl runs it from
 * the PATH on the classpath {@code make plugin} installs. The operator's answer to those edits is
 * covered by the end-to-end tests; here the resources' status is written directly.
 */
@ExtendWith(KubeApiServerExtension.class)
class KubectlEcsdeployIT {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final Path WORK = TestPeers.repoDir().resolve("target/kubectl-plugin-it");

  private static KubernetesClient client;
  private String namespace;

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
    client.resources(EcsDeploymentConfig.class).inNamespace(namespace).delete();
    client.resources(EcsApplication.class).inNamespace(namespace).delete();
    client.apps().deployments().inNamespace(namespace).delete();
  }

  @Test
  void statusShowsEventsTrafficTaskSetsErrorsAndKubernetesEvents() {
    deployment(
        "release-2",
        "2026-11-26T11:50:00Z",
        DeploymentStatus.InProgress,
        s -> {
          s.currentEvent = "AllowTraffic";
          s.phase = "AllowTraffic";
          s.trafficSplit = "80/20";
          s.deploymentConfigName = "CodeDeployDefault.ECSCanary10Percent5Minutes";
          s.trafficRouting = "canary: 10% for 5 minutes, then 100%";
          s.startTime = "2026-11-26T11:50:01Z";
          s.nextDeadline = "2026-11-26T12:04:00Z";
          s.lifecycleEvents =
              List.of(
                  event("BeforeInstall", LifecycleEventStatus.Succeeded, "validate-before"),
                  event("Install", LifecycleEventStatus.Succeeded, null),
                  event("AllowTraffic", LifecycleEventStatus.InProgress, null));
          s.lifecycleEvents.get(0).endTime = "2026-11-26T11:50:32Z";
          s.taskSets = List.of(greenTaskSet());
        });
    kubernetesEvent("release-2", "2026-11-26T11:58:00.000000Z", "TrafficShifted");

    Run status = plugin("status", "release-2");

    assertThat(status.exitCode()).as(status.stderr()).isZero();
    assertThat(status.stdout())
        .contains("Deployment:     release-2 (d-RELEASE2) in " + namespace)
        .contains("Status:         InProgress, AllowTraffic")
        .contains("Phase:          AllowTraffic")
        .contains("Traffic:        original 80% / replacement 20%")
        .contains("Configuration:  CodeDeployDefault.ECSCanary10Percent5Minutes")
        .contains("Routing:        canary: 10% for 5 minutes, then 100%")
        .contains("Next deadline:  2026-11-26 12:04:00Z (in 4m0s)")
        .containsPattern("BeforeInstall\\s+Succeeded\\s+.*\\s30s\\s+validate-before")
        .containsPattern("AllowTraffic\\s+InProgress\\s+2026-11-26 11:50:02Z\\s+-\\s+9m58s")
        .containsPattern("1234\\s+Green\\s+ACTIVE\\s+20%\\s+2\\s+1\\s+1\\s+web-green\\s+web:7")
        .containsPattern("2m0s\\s+Normal\\s+TrafficShifted\\s+20% of production traffic");
  }

  @Test
  void groupStatusShowsTheCurrentDeployment() {
    deployment(
        "release-3",
        "2026-11-26T11:55:00Z",
        DeploymentStatus.InProgress,
        s -> s.currentEvent = "BeforeInstall");
    client
        .resources(EcsDeploymentGroup.class)
        .inNamespace(namespace)
        .withName("web")
        .editStatus(
            g -> {
              g.setStatus(new EcsDeploymentGroupStatus());
              g.getStatus().liveTargetGroupArn =
                  "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-blue/0123456789abcdef";
              g.getStatus().currentDeployment = new DeploymentRef();
              g.getStatus().currentDeployment.name = "release-3";
              g.getStatus().currentDeployment.status = DeploymentStatus.InProgress;
              return g;
            });

    Run status = plugin("status", "group/web");

    assertThat(status.stdout())
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

    List<String> lines = plugin("history", "web").stdout().lines().toList();

    assertThat(lines.get(0)).startsWith("NAME").contains("STATUS").contains("CREATED");
    assertThat(lines.subList(1, lines.size()))
        .extracting(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[2])
        .containsExactly("release-3 Succeeded", "release-2 Failed", "release-1 Succeeded");
    assertThat(lines.get(2)).endsWith("ALARM_ACTIVE");
  }

  @Test
  void historyWithoutAGroupAcrossAllNamespacesNamesEach() {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});

    Run all = plugin("history", "-A");

    assertThat(all.stdout().lines().findFirst().orElseThrow())
        .startsWith("NAMESPACE")
        .contains("GROUP");
    assertThat(all.stdout()).containsPattern(namespace + "\\s+release-1\\s+web\\s+d-RELEASE1");
  }

  @Test
  void outputJsonAndYamlAreTheResourcesAsTheApiServerReturnsThem() throws IOException {
    deployment(
        "release-2",
        "2026-11-26T11:00:00Z",
        DeploymentStatus.InProgress,
        s -> s.trafficSplit = "90/10");
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});

    JsonNode json =
        new ObjectMapper().readTree(plugin("status", "release-2", "-o", "json").stdout());
    JsonNode yaml = new YAMLMapper().readTree(plugin("history", "web", "--output=yaml").stdout());
    JsonNode group = new ObjectMapper().readTree(plugin("status", "group/web", "-ojson").stdout());

    assertThat(json.path("kind").asText()).isEqualTo("EcsDeployment");
    assertThat(json.path("metadata").path("resourceVersion").asText())
        .isEqualTo(get("release-2").getMetadata().getResourceVersion());
    assertThat(json.path("status").path("trafficSplit").asText()).isEqualTo("90/10");
    assertThat(yaml.path("kind").asText()).isEqualTo("List");
    assertThat(yaml.path("items").findValuesAsText("name"))
        .containsSubsequence("release-2", "release-1");
    assertThat(group.path("kind").asText()).isEqualTo("EcsDeploymentGroup");
  }

  @Test
  void stopAsksForRollbackUnlessToldNot() {
    deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.InProgress, s -> {});
    deployment("release-3", "2026-11-26T11:00:00Z", DeploymentStatus.InProgress, s -> {});

    Run withRollback = plugin("stop", "release-2");
    plugin("stop", "release-3", "--no-rollback");

    assertThat(get("release-2").getSpec().operations.stop.autoRollbackEnabled).isTrue();
    assertThat(get("release-3").getSpec().operations.stop.autoRollbackEnabled).isFalse();
    assertThat(withRollback.stdout()).contains("Stop requested for release-2, with rollback");
  }

  @Test
  void refusesToStopAFinishedDeployment() {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});

    Run stop = plugin("stop", "release-1");

    assertThat(stop.exitCode()).isEqualTo(1);
    assertThat(stop.stderr())
        .isEqualTo("error: release-1 has ended (Succeeded) and cannot be stopped\n");
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

    plugin("continue", "ready");
    plugin("continue", "terminating");

    assertThat(get("ready").getSpec().operations.continueDeployment.readyWait).isTrue();
    assertThat(get("ready").getSpec().operations.continueDeployment.terminationWait).isNull();
    assertThat(get("terminating").getSpec().operations.continueDeployment.terminationWait).isTrue();
    Run refused = plugin("continue", "shifting");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr())
        .contains(
            "not in a ready wait, a pause or a termination wait (it is InProgress, AllowTraffic)");
    assertThat(plugin("continue", "shifting", "--ready-wait", "--termination-wait").exitCode())
        .isEqualTo(2);
    plugin("continue", "shifting", "--termination-wait");
    assertThat(get("shifting").getSpec().operations.continueDeployment.terminationWait).isTrue();
  }

  @Test
  void continueEndsThePauseTheDeploymentIsInOrTheStepNamed() {
    deployment(
        "paused",
        "2026-11-26T11:00:00Z",
        DeploymentStatus.InProgress,
        s -> {
          s.currentEvent = "AllowTraffic";
          s.trafficSplit = "75/25";
          s.pause = new TrafficPauseStatus();
          s.pause.step = 2;
          s.pause.weight = 25;
          s.pause.since = "2026-11-26T11:50:00Z";
        });

    Run continued = plugin("continue", "paused");

    assertThat(continued.stdout()).contains("the traffic shift goes on past step 2");
    assertThat(get("paused").getSpec().operations.continueDeployment.trafficStep).isEqualTo(2);
    assertThat(plugin("status", "paused").stdout())
        .contains("Paused:         at step 2 (25%) since 2026-11-26 11:50:00Z, until continued");

    plugin("continue", "paused", "--traffic-step", "4");
    assertThat(get("paused").getSpec().operations.continueDeployment.trafficStep)
        .as("set ahead for a later pause")
        .isEqualTo(4);
    plugin("continue", "paused", "--traffic-step", "3");
    assertThat(get("paused").getSpec().operations.continueDeployment.trafficStep)
        .as("a continue never takes back one given")
        .isEqualTo(4);
    assertThat(plugin("continue", "paused", "--traffic-step", "0").exitCode()).isEqualTo(1);
  }

  @Test
  void rollbackRedeploysThePreviousSuccessfulRevision() {
    EcsDeployment first =
        deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    client
        .resources(EcsDeployment.class)
        .inNamespace(namespace)
        .withName("release-1")
        .edit(
            d -> {
              d.getMetadata()
                  .setLabels(
                      Map.of("ecsdeploy.io/shard", "a", "ecsdeploy.io/deployment-id", "d-1"));
              return d;
            });
    deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.Failed, s -> {});
    deployment("release-3", "2026-11-26T11:30:00Z", DeploymentStatus.Succeeded, s -> {});

    Run rollback = plugin("rollback", "web");

    List<EcsDeployment> rollbacks =
        deployments().filter(d -> d.getMetadata().getName().startsWith("web-rollback-")).toList();
    assertThat(rollbacks).hasSize(1);
    assertThat(rollbacks.get(0).getSpec().deploymentGroupName).isEqualTo("web");
    assertThat(rollbacks.get(0).getSpec().revision.appSpecContent.content)
        .isEqualTo(first.getSpec().revision.appSpecContent.content);
    assertThat(rollbacks.get(0).getMetadata().getAnnotations())
        .containsEntry("ecsdeploy.io/rollback-of", "release-3")
        .containsEntry("ecsdeploy.io/revision-of", "release-1");
    assertThat(rollbacks.get(0).getMetadata().getLabels())
        .as("the labels an installation's selector reads, not the deployment's own id")
        .containsEntry("ecsdeploy.io/shard", "a")
        .doesNotContainKey("ecsdeploy.io/deployment-id");
    assertThat(rollback.stdout()).contains("the revision of release-1, replacing release-3");
  }

  @Test
  void rollbackRefusesWhileADeploymentRunsOrWithoutAnEarlierSuccess() {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    Run alone = plugin("rollback", "web");
    assertThat(alone.exitCode()).isEqualTo(1);
    assertThat(alone.stderr()).contains("one successful deployment, so no previous revision");

    deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.InProgress, s -> {});
    assertThat(plugin("rollback", "web").stderr())
        .contains("release-2 is still running; stop it with rollback instead");
  }

  @Test
  void retryCreatesANewDeploymentOfTheSameGroupRevisionAndOverrides() {
    EcsDeployment failed =
        deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.Failed, s -> {});
    client
        .resources(EcsDeployment.class)
        .inNamespace(namespace)
        .withName("release-2")
        .edit(
            d -> {
              d.getMetadata().setLabels(Map.of("team", "payments", "ecsdeploy.io/creator", "ci"));
              d.getSpec().overrides = new DeploymentOverrides();
              d.getSpec().overrides.deploymentConfigName = "CodeDeployDefault.ECSAllAtOnce";
              return d;
            });

    Run retry = plugin("retry", "release-2");

    assertThat(retry.exitCode()).as(retry.stderr()).isZero();
    assertThat(retry.stdout()).contains("Created release-2-retry-1: a retry of release-2");
    EcsDeployment copy = get("release-2-retry-1");
    assertThat(copy.getSpec().deploymentGroupName).isEqualTo("web");
    assertThat(copy.getSpec().revision.appSpecContent.content)
        .isEqualTo(failed.getSpec().revision.appSpecContent.content);
    assertThat(copy.getSpec().overrides.deploymentConfigName)
        .isEqualTo("CodeDeployDefault.ECSAllAtOnce");
    assertThat(copy.getSpec().operations).isNull();
    assertThat(copy.getMetadata().getLabels())
        .containsEntry("team", "payments")
        .containsEntry("ecsdeploy.io/creator", "ci");
    assertThat(copy.getMetadata().getAnnotations())
        .containsEntry("ecsdeploy.io/retry-of", "release-2");

    Run whileRunning = plugin("retry", "release-2-retry-1");
    assertThat(whileRunning.exitCode()).isEqualTo(1);
    assertThat(whileRunning.stderr()).contains("release-2-retry-1 has not ended");

    writeStatus("release-2-retry-1", DeploymentStatus.Stopped, s -> {});
    assertThat(plugin("retry", "release-2-retry-1").stdout()).contains("Created release-2-retry-2");
  }

  @Test
  void waitEndsZeroWhenReachedOneWhenTheDeploymentEndedOtherwiseTwoOnTimeout() {
    deployment("done", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    deployment("broken", "2026-11-26T10:00:00Z", DeploymentStatus.Failed, s -> {});
    deployment("slow", "2026-11-26T10:00:00Z", DeploymentStatus.InProgress, s -> {});
    deployment("waiting", "2026-11-26T10:00:00Z", DeploymentStatus.Ready, s -> {});

    assertThat(realTime("wait", "done").exitCode()).isZero();
    assertThat(realTime("wait", "broken", "--for", "finished").exitCode()).isZero();
    assertThat(realTime("wait", "waiting", "--for=ready").exitCode()).isZero();
    Run failed = realTime("wait", "broken");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.stderr()).contains("error: broken ended (Failed), so it will not succeed");
    Run timedOut = realTime("wait", "slow", "--timeout", "2s");
    assertThat(timedOut.exitCode()).isEqualTo(2);
    assertThat(timedOut.stderr())
        .contains("timed out after 2s waiting for slow to succeed; it is InProgress");
  }

  @Test
  void waitFollowsTheDeploymentAndPrintsItsFinalState() throws Exception {
    deployment("release-2", "2026-11-26T10:00:00Z", DeploymentStatus.InProgress, s -> {});
    Background wait =
        background("wait", "release-2", "--for", "succeeded", "--timeout", "2m", "-o", "json");
    assertThat(wait.done()).as("still waiting for an InProgress deployment").isFalse();

    writeStatus("release-2", DeploymentStatus.Succeeded, s -> s.trafficSplit = "0/100");

    assertThat(wait.result(Duration.ofSeconds(60)).exitCode()).isZero();
    JsonNode finalState = new ObjectMapper().readTree(wait.stdout());
    assertThat(finalState.path("status").path("status").asText()).isEqualTo("Succeeded");
    assertThat(finalState.path("status").path("trafficSplit").asText()).isEqualTo("0/100");
  }

  @Test
  void statusWatchWritesABlockForEachChangeUntilTheDeploymentEnds() throws Exception {
    deployment(
        "release-2",
        "2026-11-26T10:00:00Z",
        DeploymentStatus.InProgress,
        s -> {
          s.phase = "BeforeInstall";
          s.currentEvent = "BeforeInstall";
          s.lifecycleEvents =
              List.of(event("BeforeInstall", LifecycleEventStatus.InProgress, null));
        });
    Background watch = background("status", "release-2", "--watch");
    await().atMost(Duration.ofSeconds(30)).until(() -> watch.stdout().contains("BeforeInstall"));

    writeStatus(
        "release-2",
        DeploymentStatus.InProgress,
        s -> {
          s.phase = "Install";
          s.currentEvent = "Install";
          s.taskSets = List.of(greenTaskSet());
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> watch.stdout().contains("Phase:          Install"));
    writeStatus(
        "release-2",
        DeploymentStatus.InProgress,
        s -> {
          s.phase = "AllowTraffic";
          s.currentEvent = "AllowTraffic";
          s.trafficSplit = "90/10";
          s.trafficRouting = "linear: 10% every minute";
          s.nextDeadline = "2026-11-26T10:10:00Z";
          s.taskSets = List.of(greenTaskSet());
        });
    kubernetesEvent("release-2", "2026-11-26T10:05:00.000000Z", "TrafficShifted");
    await().atMost(Duration.ofSeconds(30)).until(() -> watch.stdout().contains("TrafficShifted"));
    writeStatus("release-2", DeploymentStatus.Succeeded, s -> s.phase = "Finished");

    assertThat(watch.result(Duration.ofSeconds(60)).exitCode()).isZero();
    String output = watch.stdout();
    List<String> blocks =
        Stream.of(output.split("(?m)^--- .* ---$")).filter(b -> !b.isBlank()).toList();
    assertThat(blocks)
        .extracting(b -> b.lines().filter(l -> l.startsWith("Phase:")).findFirst().orElse(""))
        .containsSubsequence(
            "Phase:          BeforeInstall",
            "Phase:          Install",
            "Phase:          AllowTraffic",
            "Phase:          Finished");
    assertThat(blocks.stream().filter(b -> b.contains("Phase:          AllowTraffic")))
        .anySatisfy(
            b ->
                assertThat(b)
                    .contains("Traffic:        original 90% / replacement 10%")
                    .contains("Routing:        linear: 10% every minute")
                    .contains("Next deadline:  2026-11-26 10:10:00Z")
                    .containsPattern("1234\\s+Green\\s+ACTIVE\\s+20%\\s+2\\s+1\\s+1")
                    .containsPattern("Normal\\s+TrafficShifted"));
    assertThat(output).endsWith("release-2 ended: Succeeded\n").doesNotContain("\u001b");
  }

  @Test
  void versionReadsTheOperatorsImageTag() {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("ecs-deploy-operator")
                .addToLabels("app.kubernetes.io/name", "ecs-deploy-operator")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "op")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "op")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("operator")
                .withImage("registry.example:5000/ecs-deploy-operator:1.2.3")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    Run version = plugin("version");

    assertThat(version.stdout())
        .startsWith("Plugin:   ")
        .contains("1.2.3 (Deployment ecs-deploy-operator in " + namespace + ")");
  }

  @Test
  void kubectlRunsThePluginFromThePathOnTheInstalledClasspath() {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});

    Commands.Result history = kubectl("ecsdeploy", "history", "web", "-n", namespace);
    assertThat(history.exitCode()).as(history.stderr()).isZero();
    assertThat(history.stdout()).contains("release-1").contains("Succeeded");

    Commands.Result yaml =
        kubectl("ecsdeploy", "status", "release-1", "-n", namespace, "-o", "yaml");
    assertThat(yaml.exitCode()).as(yaml.stderr()).isZero();
    assertThat(Serialization.unmarshal(yaml.stdout(), EcsDeployment.class).getStatus().status)
        .isEqualTo(DeploymentStatus.Succeeded);

    Commands.Result missing = kubectl("ecsdeploy", "status", "nope", "-n", namespace);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .contains("error: EcsDeployment nope not found in namespace " + namespace);

    Commands.Result usage = kubectl("ecsdeploy");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stderr()).contains("Usage: kubectl ecsdeploy");
  }

  @Test
  void refusesAnUnknownOptionOrArgumentWithAHintAndChangesNothing() {
    deployment("release-2", "2026-11-26T11:00:00Z", DeploymentStatus.InProgress, s -> {});

    Commands.Result typo =
        kubectl("ecsdeploy", "stop", "release-2", "--no-rolback", "-n", namespace);
    Commands.Result extra = kubectl("ecsdeploy", "stop", "release-2", "release-3", "-n", namespace);
    Commands.Result command = kubectl("ecsdeploy", "stpo", "release-2", "-n", namespace);

    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.stderr())
        .contains("Unknown option: '--no-rolback'")
        .contains("Did you mean --no-rollback?");
    assertThat(extra.exitCode()).isEqualTo(2);
    assertThat(extra.stderr()).contains("'release-3'");
    assertThat(command.exitCode()).isEqualTo(2);
    assertThat(command.stderr()).contains("Did you mean stop");
    assertThat(get("release-2").getSpec().operations).isNull();
  }

  @Test
  void connectsWithTheKubeconfigAndContextNamedInEitherForm() throws IOException {
    deployment("release-1", "2026-11-26T10:00:00Z", DeploymentStatus.Succeeded, s -> {});
    // The current context points at a port where no API server listens; "test" at the real one.
    Path kubeconfig = twoContextKubeconfig();
    String flag = "--kubeconfig=" + kubeconfig;

    Commands.Result current = kubectl("ecsdeploy", "history", "web", "-n", namespace, flag);
    Commands.Result attached =
        kubectl("ecsdeploy", "history", "web", "-n", namespace, flag, "--context=test");
    Commands.Result separate =
        kubectl(
            "ecsdeploy",
            "history",
            "web",
            "--namespace",
            namespace,
            "--kubeconfig",
            kubeconfig.toString(),
            "--context",
            "test");
    Commands.Result fromEnvironment =
        Commands.run(
            List.of(
                TestPeers.kubectl().toString(),
                "ecsdeploy",
                "history",
                "web",
                "-n",
                namespace,
                "--context=down"),
            Map.of(
                "KUBECONFIG",
                kubeconfig.toString(),
                "PATH",
                pluginPath(),
                "ECSDEPLOY_PLUGIN_CLASSPATH",
                pluginClasspath()));
    Commands.Result unknown =
        kubectl("ecsdeploy", "history", "web", "-n", namespace, flag, "--context=prod");

    assertThat(current.exitCode()).isEqualTo(1);
    assertThat(current.stderr()).contains("Connection refused");
    assertThat(attached.exitCode()).as(attached.stderr()).isZero();
    assertThat(attached.stdout()).contains("release-1");
    assertThat(separate.exitCode()).as(separate.stderr()).isZero();
    assertThat(fromEnvironment.exitCode()).isEqualTo(1);
    assertThat(fromEnvironment.stderr()).contains("Connection refused");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("context \"prod\" not found in the kubeconfig");

    Commands.Result version = kubectl("ecsdeploy", "version", flag);
    assertThat(version.exitCode()).isZero();
    assertThat(version.stdout())
        .containsPattern("Plugin:   [0-9]+\\.[0-9]+\\.[0-9]+")
        .contains("Operator: unknown");
  }

  @Test
  void completionWritesPicoclisBashScript() {
    Commands.Result bash = kubectl("ecsdeploy", "completion", "bash");
    Commands.Result zsh = kubectl("ecsdeploy", "completion", "zsh");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.stdout())
        .startsWith("#!/usr/bin/env bash\n#\n# kubectl-ecsdeploy Bash Completion")
        .contains("complete -F _complete_kubectl-ecsdeploy")
        .contains("--no-rollback");
    assertThat(zsh.stdout()).contains("bashcompinit").contains("_complete_kubectl-ecsdeploy");
  }

  // --- import codedeploy and diff ---

  /** {@code kubectl ecsdeploy import codedeploy} with the AWS CLI's JSON of the test resources. */
  private static final String IMPORT =
      "kubectl ecsdeploy import codedeploy"
          + " --application src/test/resources/codedeploy/get-application.json"
          + " --deployment-group src/test/resources/codedeploy/get-deployment-group.json"
          + " --deployment-config src/test/resources/codedeploy/get-deployment-config-canary.json"
          + " --deployment-config src/test/resources/codedeploy/get-deployment-config-linear.json"
          + " --deployment-config src/test/resources/codedeploy/get-deployment-config-builtin.json";

  @Test
  void importedManifestsPipedIntoKubectlApplyPassTheApiServersSchemaAndRules() {
    Commands.Result yaml =
        shell(
            IMPORT
                + " --deployment src/test/resources/codedeploy/get-deployment.json"
                + " --appspec src/test/resources/codedeploy/get-application-revision.json"
                + " -n "
                + namespace
                + " | kubectl apply -f -");
    Commands.Result json =
        shell(
            "kubectl ecsdeploy import codedeploy"
                + " --deployment-group src/test/resources/codedeploy/get-deployment-group.json"
                + " --deployment src/test/resources/codedeploy/get-deployment-s3.json"
                + " --target-groups src/test/resources/codedeploy/describe-target-groups.json"
                + " -o json | kubectl apply -n "
                + namespace
                + " -f -");
    Commands.Result renamed =
        shell(
            "kubectl ecsdeploy import codedeploy --service-role"
                + " --deployment-group src/test/resources/codedeploy/get-deployment-group-payments.json"
                + " | kubectl apply -n "
                + namespace
                + " -f -");

    assertThat(yaml.exitCode()).as(yaml.stderr()).isZero();
    assertThat(yaml.stdout())
        .contains("ecsapplication.ecsdeploy.io/checkout created")
        .contains("ecsdeploymentconfig.ecsdeploy.io/checkout-canary-25-percent-10-minutes created")
        .contains("ecsdeploymentconfig.ecsdeploy.io/checkout-linear20percentevery2minutes created")
        .contains("ecsdeploymentgroup.ecsdeploy.io/checkout-production created")
        .contains("ecsdeployment.ecsdeploy.io/d-7qw2xk4pb created");
    assertThat(yaml.stderr())
        .contains(
            "not carried over: deployment group checkout-production: outdatedInstancesStrategy")
        .contains("renamed: deployment d-7QW2XK4PB is d-7qw2xk4pb");
    assertThat(json.exitCode()).as(json.stderr()).isZero();
    assertThat(json.stdout())
        .contains("ecsdeploymentgroup.ecsdeploy.io/checkout-production configured")
        .contains("ecsdeployment.ecsdeploy.io/d-4hn8rt2zc created");
    assertThat(renamed.exitCode()).as(renamed.stderr()).isZero();
    assertThat(renamed.stdout())
        .contains("ecsdeploymentgroup.ecsdeploy.io/payments-api.prod created");

    EcsDeploymentGroup group =
        client
            .resources(EcsDeploymentGroup.class)
            .inNamespace(namespace)
            .withName("checkout-production")
            .get();
    assertThat(group.getSpec().deploymentConfigName)
        .isEqualTo("checkout-canary-25-percent-10-minutes");
    assertThat(group.getSpec().blueGreen.terminateOriginal.wait).isEqualTo("60m");
    assertThat(group.getSpec().loadBalancer.targetGroups.get(0).arn).endsWith("/5d1c0b2a3e4f6a7b");
    assertThat(group.getSpec().hookTimeout).as("the schema's default").isEqualTo("1h");
    EcsDeployment s3 = get("d-4hn8rt2zc");
    assertThat(s3.getSpec().revision.s3Location.version).isEqualTo("3HL4kqtJvjVBH40Nrjfkd");
    assertThat(s3.getSpec().overrides.autoRollback.events)
        .contains(AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST);
    assertThat(get("d-7qw2xk4pb").getSpec().revision.appSpecContent.sha256)
        .isEqualTo("b09408b64667d15c7a9713522b05b698e12d6b192cc52b57fa2f9d7f5f68f47d");
    assertThat(
            client
                .resources(EcsDeploymentConfig.class)
                .inNamespace(namespace)
                .withName("checkout-linear20percentevery2minutes")
                .get()
                .getSpec()
                .trafficRouting
                .timeBasedLinear
                .linearInterval)
        .isEqualTo("2m");
  }

  @Test
  void importRefusesAnotherComputePlatformAndWritesNothing() {
    Commands.Result server =
        shell(
            "kubectl ecsdeploy import codedeploy --deployment-group"
                + " src/test/resources/codedeploy/get-deployment-group-server.json");

    assertThat(server.exitCode()).as(server.stderr()).isEqualTo(1);
    assertThat(server.stdout()).isEmpty();
    assertThat(server.stderr())
        .contains("error: deployment group WordPress_DG is for the Server compute platform");
  }

  @Test
  void diffComparesWithTheLastSuccessfulDeploymentAndShowsTheConfigurationsTimeline() {
    TaskSetInfo primary = greenTaskSet();
    deployment(
        "release-1",
        "2026-11-26T10:00:00Z",
        DeploymentStatus.Succeeded,
        s -> {
          s.completeTime = "2026-11-26T10:30:00Z";
          s.revision = new RevisionSummary();
          s.revision.source = "inline";
          s.revision.taskDefinition =
              "arn:aws:ecs:us-east-1:111222333444:task-definition/my-family:1";
          s.revision.container = "web:80";
          s.revision.launch = "FARGATE_SPOT (weight 2, base 1), platform LATEST";
          s.taskSets = List.of(primary);
        });
    client
        .resources(EcsDeploymentGroup.class)
        .inNamespace(namespace)
        .withName("web")
        .editStatus(
            g -> {
              g.setStatus(new EcsDeploymentGroupStatus());
              g.getStatus().primaryTaskSetArn = primary.arn;
              g.getStatus().lastSuccessfulDeployment = new DeploymentRef();
              g.getStatus().lastSuccessfulDeployment.name = "release-1";
              return g;
            });
    EcsDeploymentConfig linear = new EcsDeploymentConfig();
    linear.getMetadata().setName("web-linear");
    linear.setSpec(new EcsDeploymentConfigSpec());
    linear.getSpec().trafficRouting = TrafficTimeline.linear(25, "2m");
    client.resource(linear).inNamespace(namespace).create();
    EcsDeployment release2 = new EcsDeployment();
    release2.getMetadata().setName("release-2");
    release2.setSpec(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec());
    release2.getSpec().deploymentGroupName = "web";
    release2.getSpec().revision = new Revision();
    AppSpecFields fields = new AppSpecFields();
    fields.taskDefinition = "my-family:2";
    fields.containerName = "web";
    fields.containerPort = 80;
    fields.hooks = new LifecycleHooks();
    fields.hooks.beforeInstall = "LambdaFunctionToValidateBeforeInstall";
    release2.getSpec().revision.appSpec = fields;
    release2.getSpec().overrides = new DeploymentOverrides();
    release2.getSpec().overrides.deploymentConfigName = "web-linear";
    client.resource(release2).inNamespace(namespace).create();

    Run diff = plugin("diff", "release-2");

    assertThat(diff.exitCode()).as(diff.stderr()).isZero();
    assertThat(diff.stdout())
        .contains("Deployment:     release-2 in " + namespace + " (not registered yet)")
        .contains("Current:        release-1, the group's last successful deployment")
        .contains("Primary:        1234, the task set release-1 created")
        .containsPattern(
            "Task definition\\s+arn:aws:ecs:us-east-1:111122223333:task-definition/web:7\\s+"
                + "my-family:2\\s+changed")
        .containsPattern("Container\\s+web:80\\s+web:80\n")
        .containsPattern(
            "Launch\\s+FARGATE_SPOT \\(weight 2, base 1\\), platform LATEST\\s+the service's\n")
        .containsPattern(
            "BeforeInstall hook\\s+LambdaFunctionToValidateBeforeInstall\\s+"
                + "LambdaFunctionToValidateBeforeInstall\n")
        .containsPattern(
            "AfterAllowTraffic hook\\s+LambdaFunctionToValidateAfterAllowingProductionTraffic\\s+-"
                + "\\s+removed")
        .contains("Traffic:        web-linear (TimeBasedLinear: 25% more every 2m)")
        .containsPattern("  0s: 25% (→|->) replacement\n  2m: 50% (→|->) replacement\n")
        .containsPattern("  6m: 100% (→|->) replacement\n");

    Run first = plugin("diff", "release-1");
    assertThat(first.stdout())
        .contains("Current:        none: the group records no successful deployment")
        .contains("Traffic:        CodeDeployDefault.ECSCanary10Percent5Minutes");

    assertThat(plugin("diff", "release-9").exitCode()).isEqualTo(1);
    assertThat(plugin("diff").exitCode()).isEqualTo(2);
    assertThat(plugin("diff", "release-2", "-f", "x.yaml").exitCode()).isEqualTo(2);
  }

  @Test
  void diffOfAManifestFromStandardInputUsesTheGroupAndConfigurationInIt() {
    Commands.Result diff =
        shell(
            IMPORT
                + " --deployment src/test/resources/codedeploy/get-deployment.json"
                + " --appspec src/test/resources/codedeploy/appspec.yaml"
                + " 2>/dev/null | kubectl ecsdeploy diff -f - -n "
                + namespace);

    assertThat(diff.exitCode()).as(diff.stderr()).isZero();
    assertThat(diff.stdout())
        .contains(
            "Deployment:     d-7qw2xk4pb in " + namespace + " (from standard input, not applied)")
        .contains("Group:          checkout-production (service production/checkout)")
        .contains("Current:        none: the group records no successful deployment")
        .containsPattern(
            "Task definition\\s+-\\s+"
                + "arn:aws:ecs:us-east-1:111122223333:task-definition/checkout:118\n")
        .containsPattern("AfterAllowTestTraffic hook\\s+-\\s+checkout-smoke-tests\n")
        .contains(
            "Traffic:        checkout-canary-25-percent-10-minutes (TimeBasedCanary: 25%, then the"
                + " rest after 10m)")
        .containsPattern("  0s: 25% (→|->) replacement\n  10m: 100% (→|->) replacement\n");
  }

  /**
   * A bash pipeline, failing with its first failing command, with the plugin's launcher on the
   * PATH.
   */
  private static Commands.Result shell(String pipeline) {
    return Commands.run(
        List.of(
            "bash",
            "-c",
            "set -o pipefail; " + pipeline.replace("kubectl ", TestPeers.kubectl() + " ")),
        Map.of("PATH", pluginPath(), "ECSDEPLOY_PLUGIN_CLASSPATH", pluginClasspath()));
  }

  // --- the plugin in this JVM, on the test's client ---

  /** What a command printed, and its exit code. */
  record Run(int exitCode, String stdout, String stderr) {}

  /** Runs a command in this namespace, at the fixed time {@link #NOW}. */
  private Run plugin(String... args) {
    return run(Clock.fixed(NOW, ZoneOffset.UTC), args);
  }

  /** Runs a command in this namespace on the real clock, for waits and timeouts. */
  private Run realTime(String... args) {
    return run(Clock.systemUTC(), args);
  }

  private Run run(Clock clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode = execute(clock, out, err, args);
    return new Run(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private int execute(
      Clock clock, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    List<String> withNamespace = new ArrayList<>(List.of(args));
    withNamespace.addAll(List.of("-n", namespace));
    KubectlEcsdeploy plugin =
        new KubectlEcsdeploy(
            (kubeconfig, context, ns) -> new Cluster(client, ns, false),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            clock,
            false);
    return KubectlEcsdeploy.commandLine(plugin).execute(withNamespace.toArray(String[]::new));
  }

  /** A command running on the real clock while the test changes the deployment. */
  private final class Background {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exitCode;

    Background(String... args) {
      exitCode = CompletableFuture.supplyAsync(() -> execute(Clock.systemUTC(), out, err, args));
    }

    String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    boolean done() {
      return exitCode.isDone();
    }

    Run result(Duration timeout) throws Exception {
      int code = exitCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Run(code, stdout(), err.toString(StandardCharsets.UTF_8));
    }
  }

  private Background background(String... args) {
    return new Background(args);
  }

  // --- the plugin as kubectl runs it ---

  /**
   * {@code kubectl args...} with the launcher on the PATH, running on the classpath that the build
   * prepared for {@code make plugin} (target/kubectl-plugin/lib and the jar).
   */
  private static Commands.Result kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of(TestPeers.kubectl().toString()));
    command.addAll(List.of(args));
    return Commands.run(
        command, Map.of("PATH", pluginPath(), "ECSDEPLOY_PLUGIN_CLASSPATH", pluginClasspath()));
  }

  private static String pluginPath() {
    try {
      Path bin = Files.createDirectories(WORK.resolve("bin"));
      Path launcher = bin.resolve("kubectl-ecsdeploy");
      Files.copy(
          TestPeers.repoDir().resolve("operator/kubectl-plugin/kubectl-ecsdeploy"),
          launcher,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      launcher.toFile().setExecutable(true);
      return bin
          + ":"
          + Path.of(System.getProperty("java.home"), "bin")
          + ":"
          + System.getenv("PATH");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pluginClasspath() {
    Path target = TestPeers.repoDir().resolve("target");
    Path lib = target.resolve("kubectl-plugin/lib");
    assertThat(lib).as("mvn package prepares the plugin's classpath").isDirectory();
    // The jar of this build: after a version change, an older one may still be in target/.
    Path jar = Path.of(System.getProperty("ecsdeploy.jar", target + "/missing.jar"));
    assertThat(jar).as("mvn package builds the jar").isRegularFile();
    return lib + "/*:" + jar;
  }

  /** The admin kubeconfig as context "test", and a current context "down" at a closed port. */
  private static Path twoContextKubeconfig() throws IOException {
    io.fabric8.kubernetes.api.model.Config admin =
        Serialization.unmarshal(
            KubeApiServerExtension.adminKubeConfigYaml(),
            io.fabric8.kubernetes.api.model.Config.class);
    String user = admin.getContexts().get(0).getContext().getUser();
    io.fabric8.kubernetes.api.model.Config two =
        new ConfigBuilder(admin)
            .withContexts(
                new NamedContextBuilder()
                    .withName("test")
                    .withNewContext()
                    .withCluster(admin.getContexts().get(0).getContext().getCluster())
                    .withUser(user)
                    .endContext()
                    .build(),
                new NamedContextBuilder()
                    .withName("down")
                    .withNewContext()
                    .withCluster("down")
                    .withUser(user)
                    .endContext()
                    .build())
            .addToClusters(
                new NamedClusterBuilder()
                    .withName("down")
                    .withNewCluster()
                    .withServer("https://127.0.0.1:1")
                    .withInsecureSkipTlsVerify(true)
                    .endCluster()
                    .build())
            .withCurrentContext("down")
            .build();
    Path file = Files.createDirectories(WORK).resolve("two-contexts.kubeconfig");
    Files.writeString(file, Serialization.asYaml(two));
    return file;
  }

  // --- resources as the operator would write them ---

  private EcsDeployment get(String name) {
    return client.resources(EcsDeployment.class).inNamespace(namespace).withName(name).get();
  }

  private Stream<EcsDeployment> deployments() {
    return client.resources(EcsDeployment.class).inNamespace(namespace).list().getItems().stream();
  }

  /** A deployment of the sample revision to group web, with the status the operator would write. */
  private EcsDeployment deployment(
      String name,
      String createTime,
      DeploymentStatus status,
      Consumer<EcsDeploymentStatus> customize) {
    EcsDeployment deployment = sample("05-deployment-appspec.yaml", EcsDeployment.class);
    deployment.getMetadata().setName(name);
    deployment.getSpec().deploymentGroupName = "web";
    client.resource(deployment).inNamespace(namespace).create();
    return writeStatus(
        name,
        status,
        s -> {
          s.createTime = createTime;
          customize.accept(s);
        });
  }

  /** Replaces the deployment's status with a new one, as the operator's next step would. */
  private EcsDeployment writeStatus(
      String name, DeploymentStatus status, Consumer<EcsDeploymentStatus> customize) {
    return client
        .resources(EcsDeployment.class)
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            d -> {
              EcsDeploymentStatus s = new EcsDeploymentStatus();
              String compact = name.replace("-", "").toUpperCase(Locale.ROOT);
              s.deploymentId = "d-" + compact.substring(0, Math.min(9, compact.length()));
              s.status = status;
              s.createTime =
                  d.getStatus() != null ? d.getStatus().createTime : "2026-11-26T10:00:00Z";
              s.creator = "user";
              customize.accept(s);
              d.setStatus(s);
              return d;
            });
  }

  private void kubernetesEvent(String deployment, String time, String reason) {
    client
        .events()
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(deployment + "." + reason.toLowerCase(Locale.ROOT))
                .endMetadata()
                .withEventTime(new MicroTime(time))
                .withReportingController("ecsdeploy.io/operator")
                .withReportingInstance("test")
                .withAction("AllowTraffic")
                .withReason(reason)
                .withType("Normal")
                .withNote("20% of production traffic to the replacement")
                .withRegarding(
                    new ObjectReferenceBuilder()
                        .withKind("EcsDeployment")
                        .withName(deployment)
                        .withNamespace(namespace)
                        .build())
                .build())
        .create();
  }

  private static TaskSetInfo greenTaskSet() {
    TaskSetInfo green = new TaskSetInfo();
    green.arn = "arn:aws:ecs:us-east-1:111122223333:task-set/production/web/ecs-svc/1234";
    green.taskSetLabel = "Green";
    green.status = "ACTIVE";
    green.trafficWeight = 20;
    green.desiredCount = 2;
    green.pendingCount = 1;
    green.runningCount = 1;
    green.targetGroupArn =
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-green/fedcba9876543210";
    green.taskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:7";
    return green;
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
      return Serialization.unmarshal(
          Files.readString(TestPeers.repoDir().resolve("operator/samples").resolve(file)), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
