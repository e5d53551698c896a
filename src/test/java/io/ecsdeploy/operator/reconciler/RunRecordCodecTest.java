package io.ecsdeploy.operator.reconciler;

import static io.ecsdeploy.operator.reconciler.Fixtures.BLUE;
import static io.ecsdeploy.operator.reconciler.Fixtures.DEPLOYMENT_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.EXTERNAL_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.GREEN;
import static io.ecsdeploy.operator.reconciler.Fixtures.ORIGINAL_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.REPLACEMENT_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.T0;
import static io.ecsdeploy.operator.reconciler.Fixtures.TOPIC;
import static io.ecsdeploy.operator.reconciler.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.ActionRecord;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.ErrorInformation;
import io.ecsdeploy.operator.lifecycle.HookExecution;
import io.ecsdeploy.operator.lifecycle.HttpHookSettings;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.Listener;
import io.ecsdeploy.operator.lifecycle.PendingNotification;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.RollbackInfo;
import io.ecsdeploy.operator.lifecycle.StopOperationStatus;
import io.ecsdeploy.operator.lifecycle.TargetHealthSettings;
import io.ecsdeploy.operator.lifecycle.TargetHealthWait;
import io.ecsdeploy.operator.lifecycle.TaskSetRef;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run record is what a restarted or upgraded operator resumes every deployment from, so its
 * JSON is a stored format: the golden files under {@code src/test/resources/run-record/} were
 * written by this codec, and a change that reads or writes them differently fails here. When the
 * format changes on purpose, the test writes what the codec produces now to {@code
 * target/run-record/}; a new schemaVersion, and a reader for the old one, go with it.
 */
class RunRecordCodecTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MAIN_GOLDEN = "v2-allow-traffic.json";
  static final String LEGACY = "v1-status-engine-allow-traffic.json";

  /** A golden file and the record it was written from. */
  record Golden(String file, RunRecord record) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Golden> goldenFiles() {
    return Stream.of(
        new Golden(MAIN_GOLDEN, shiftingTheRestOfTheCanary()),
        new Golden("v2-create-task-set.json", creatingTheReplacement()),
        new Golden("v2-invoke-hook.json", invokingBeforeInstall()),
        new Golden("v2-make-task-set-primary.json", promotingTheReplacement()),
        new Golden("v2-delete-task-set.json", removingTheOriginal()),
        new Golden("v2-publish-notification.json", notifyingTheRollbackOfAStop()),
        new Golden("v2-action-failed.json", afterAFailedCreate()),
        new Golden("v2-failed-before-start.json", failedBeforeStart()),
        new Golden("v2-waiting-for-healthy-targets.json", waitingForHealthyTargets()));
  }

  @Nested
  class GoldenFiles {
    @ParameterizedTest
    @MethodSource("io.ecsdeploy.operator.reconciler.RunRecordCodecTest#goldenFiles")
    void encodingTheRecordGivesTheGoldenFile(Golden golden) throws IOException {
      String encoded = RunRecordCodec.encode(golden.record());
      Optional<String> stored = resource(golden.file());
      if (stored.isEmpty() || !canonical(encoded).equals(canonical(stored.get()))) {
        Path written = writeActual(golden.file(), encoded);
        assertThat(stored)
            .as(
                "%s is not what the codec writes now (written to %s); a changed format needs a new"
                    + " schemaVersion and a reader for the old one",
                golden.file(), written)
            .hasValueSatisfying(text -> assertThat(canonical(encoded)).isEqualTo(canonical(text)));
      }
    }

    @ParameterizedTest
    @MethodSource("io.ecsdeploy.operator.reconciler.RunRecordCodecTest#goldenFiles")
    void theGoldenFileDecodesToTheRecordItWasWrittenFrom(Golden golden) {
      assertThat(RunRecordCodec.decode(golden(golden.file()))).isEqualTo(golden.record());
    }

    @ParameterizedTest
    @MethodSource("io.ecsdeploy.operator.reconciler.RunRecordCodecTest#goldenFiles")
    void reEncodingTheDecodedGoldenFileGivesItBack(Golden golden) {
      String stored = golden(golden.file());

      String again = RunRecordCodec.encode(RunRecordCodec.decode(stored));

      assertThat(canonical(again)).isEqualTo(canonical(stored));
    }
  }

  @Nested
  class TheAllowTrafficGoldenFile {
    final String stored = golden(MAIN_GOLDEN);
    final RunRecord record = RunRecordCodec.decode(stored);

    @Test
    void holdsWhereTheDeploymentRuns() {
      FrozenInputs inputs = record.inputs();
      assertThat(record.schemaVersion()).isEqualTo(RunRecord.SCHEMA_VERSION);
      assertThat(inputs.applicationName()).isEqualTo("web-app");
      assertThat(inputs.groupName()).isEqualTo("web-group");
      assertThat(inputs.region()).isEqualTo("eu-west-1");
      assertThat(inputs.role()).contains("arn:aws:iam::111122223333:role/ecs-deploy");
      assertThat(inputs.service()).isEqualTo(Fixtures.SERVICE);
      assertThat(inputs.productionRoute()).isEqualTo(Route.listener(Fixtures.PRODUCTION_LISTENER));
      assertThat(inputs.testRoute().kind()).isEqualTo(Route.Kind.RULE);
      assertThat(inputs.testRoute().arn()).isEqualTo(Fixtures.TEST_RULE);
      assertThat(inputs.deploymentConfigName()).isEqualTo("web-canary");
    }

    @Test
    void holdsTheSettingsTheDeploymentWasStartedWith() {
      var settings = record.inputs().settings();
      assertThat(settings.deploymentId()).isEqualTo(DEPLOYMENT_ID);
      assertThat(settings.externalId()).isEqualTo(EXTERNAL_ID);
      assertThat(settings.targetGroups()).containsExactly(BLUE, GREEN);
      assertThat(settings.trafficRouting())
          .isEqualTo(TrafficRouting.canary(10, Duration.ofMinutes(5)));
      assertThat(settings.hookFunctions())
          .isEqualTo(
              Map.of(
                  LifecycleEvent.AfterAllowTestTraffic, "validate-test-traffic",
                  LifecycleEvent.AfterAllowTraffic, "smoke-test"));
      assertThat(settings.alarms().alarmNames()).containsExactly("web-5xx", "web-latency");
      assertThat(settings.autoRollback().events())
          .containsExactlyInAnyOrder(
              AutoRollbackEvent.DEPLOYMENT_FAILURE, AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM);
      assertThat(settings.triggers())
          .singleElement()
          .satisfies(t -> assertThat(t.topicArn()).isEqualTo(TOPIC));
      assertThat(settings.hookTimeout()).isEqualTo(Duration.ofMinutes(30));
      assertThat(settings.terminationWait()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void holdsTheReplacementAndTheRevision() {
      FrozenInputs.Replacement replacement = record.inputs().replacement();
      assertThat(replacement.launchType()).isNull();
      assertThat(replacement.capacityProviderStrategy())
          .containsExactly(
              new CapacityProviderItem("FARGATE_SPOT", 3, 1),
              new CapacityProviderItem("FARGATE", 1, 0));
      assertThat(replacement.platformVersion()).isEqualTo("1.4.0");
      assertThat(replacement.network()).isEqualTo(Fixtures.network());
      assertThat(record.inputs().revision()).isEqualTo(Fixtures.s3Source());
    }

    @Test
    void holdsTheStateAndTheActionInFlight() {
      DeploymentState state = record.state();
      assertThat(state.phase()).isEqualTo(Phase.ALLOW_TRAFFIC);
      assertThat(state.status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(state.trafficStep()).isEqualTo(1);
      assertThat(state.productionTraffic()).isEqualTo(TrafficWeights.of(GREEN, 10, BLUE, 90));
      assertThat(state.event(LifecycleEvent.AllowTraffic).status())
          .isEqualTo(LifecycleEventStatus.InProgress);
      assertThat(record.actionInFlight())
          .isEqualTo(
              new Action.SetListenerWeights(
                  Listener.PRODUCTION, TrafficWeights.of(GREEN, 100, BLUE, 0)));
      assertThat(record.actionFailure()).isNull();
    }

    @Test
    void writesTimesAndDurationsAsIsoTextAndTheActionWithItsKind() throws IOException {
      JsonNode tree = JSON.readTree(stored);
      assertThat(tree.get("schemaVersion").asInt()).isEqualTo(2);
      assertThat(tree.at("/actionInFlight/type").asText()).isEqualTo("SetListenerWeights");
      assertThat(tree.at("/actionInFlight/listener").asText()).isEqualTo("PRODUCTION");
      assertThat(tree.at("/state/createTime").asText()).isEqualTo("2026-03-01T10:00:00Z");
      assertThat(tree.at("/inputs/settings/trafficRouting/interval").asText()).isEqualTo("PT5M");
      assertThat(tree.has("actionFailure")).as("nulls are left out").isFalse();
    }

    @Test
    void writesSetsInTheOrderOfTheirValuesSoEveryOperatorWritesTheSameText() throws IOException {
      JsonNode tree = JSON.readTree(RunRecordCodec.encode(record));
      assertThat(tree.at("/inputs/settings/autoRollback/events").toString())
          .isEqualTo("[\"DEPLOYMENT_FAILURE\",\"DEPLOYMENT_STOP_ON_ALARM\"]");
      assertThat(tree.at("/inputs/settings/triggers/0/events").toString())
          .isEqualTo(
              "[\"DeploymentFailure\",\"DeploymentRollback\",\"DeploymentStart\","
                  + "\"DeploymentSuccess\"]");
    }
  }

  @org.junit.jupiter.api.Test
  void aRecordWrittenBeforeRollbacksRecordedTheirRestoresReadsBackWithNone() throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(golden(MAIN_GOLDEN));
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("state"))
        .remove("restoredListeners");

    RunRecord record = RunRecordCodec.decode(tree.toString());

    assertThat(record.state().restoredListeners()).isEmpty();
    assertThat(record.state().phase())
        .isEqualTo(RunRecordCodec.decode(golden(MAIN_GOLDEN)).state().phase());
  }

  @Nested
  class OtherVersions {
    @Test
    void refusesANewerSchemaVersionNamingBothVersions() throws IOException {
      ObjectNode newer = (ObjectNode) JSON.readTree(golden(MAIN_GOLDEN));
      newer.put("schemaVersion", 3);

      assertThatThrownBy(() -> RunRecordCodec.decode(JSON.writeValueAsString(newer)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schemaVersion 3")
          .hasMessageContaining("reads version 2");
    }

    @Test
    void refusesVersionOne() throws IOException {
      ObjectNode older = (ObjectNode) JSON.readTree(golden(MAIN_GOLDEN));
      older.put("schemaVersion", 1);

      assertThatThrownBy(() -> RunRecordCodec.decode(JSON.writeValueAsString(older)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schemaVersion 1")
          .hasMessageContaining("reads version 2");
    }

    @Test
    void refusesADocumentWithoutSchemaVersion() {
      assertThatThrownBy(() -> RunRecordCodec.decode(golden(LEGACY)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schemaVersion 0")
          .hasMessageContaining("reads version 2");
    }

    @Test
    void refusesTextThatIsNotJson() {
      assertThatThrownBy(() -> RunRecordCodec.decode("schemaVersion: 2"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("status.runRecord is not the operator's JSON");
    }
  }

  @Nested
  class TheFormerStatusEngine {
    @Test
    void readsTheStateAnOperatorBeforeTheRunRecordWrote() {
      Optional<RunRecordCodec.LegacyEngineState> legacy =
          RunRecordCodec.decodeLegacy(golden(LEGACY));

      assertThat(legacy).isPresent();
      assertThat(legacy.get().actionFailure()).isNull();
      DeploymentState state = legacy.get().state();
      assertThat(state.phase()).isEqualTo(Phase.ALLOW_TRAFFIC);
      assertThat(state.status()).isEqualTo(DeploymentStatus.InProgress);
      assertThat(state.trafficStepWaitUntil()).isEqualTo(at(8, 10));
      assertThat(state.productionTraffic().percentOf(GREEN)).isEqualTo(10);
      assertThat(state.originalTaskSet().arn()).isEqualTo(ORIGINAL_TASK_SET);
      assertThat(state.event(LifecycleEvent.AfterAllowTestTraffic).hookExecutionId())
          .isEqualTo("hook-exec-1");
      assertThat(state.lastAction().kind()).isEqualTo(Action.Kind.SET_LISTENER_WEIGHTS);
      assertThat(state).isEqualTo(Fixtures.canaryWait());
    }

    @Test
    void readsTheActionFailureOfTheFormerFormat() throws IOException {
      ObjectNode withFailure = (ObjectNode) JSON.readTree(golden(LEGACY));
      withFailure
          .putObject("actionFailure")
          .put("actionKey", "make-primary:" + REPLACEMENT_TASK_SET)
          .put("code", "THROTTLED")
          .put("message", "Rate exceeded")
          .put("retryable", true);

      RunRecordCodec.LegacyEngineState legacy =
          RunRecordCodec.decodeLegacy(JSON.writeValueAsString(withFailure)).orElseThrow();

      assertThat(legacy.actionFailure())
          .isEqualTo(
              new ActionFailure(
                  "make-primary:" + REPLACEMENT_TASK_SET,
                  ErrorCode.THROTTLED,
                  "Rate exceeded",
                  true));
      assertThat(legacy.state()).isEqualTo(Fixtures.canaryWait());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void noFormerStateReadsAsNone(String engine) {
      assertThat(RunRecordCodec.decodeLegacy(engine)).isEmpty();
    }

    @Test
    void refusesAFormerStateThatIsNotJson() {
      assertThatThrownBy(() -> RunRecordCodec.decodeLegacy("{\"state\":"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("status.engine is not the operator's JSON");
    }
  }

  // ---- the records behind the golden files

  /** The canary's wait is over: the decision to move the remaining 90%, saved before it is sent. */
  static RunRecord shiftingTheRestOfTheCanary() {
    StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
    Action.SetListenerWeights rest =
        new Action.SetListenerWeights(Listener.PRODUCTION, TrafficWeights.of(GREEN, 100, BLUE, 0));
    state.trafficStep = 1;
    state.trafficStepWaitUntil = null;
    state.lastAction = new ActionRecord(rest.kind(), rest.key(), at(8, 10), 0, null, true);
    return RunRecord.started(Fixtures.canaryInputs(), state.build()).deciding(state.build(), rest);
  }

  /** All at once, its BeforeInstall hook done: creating the replacement. */
  static RunRecord creatingTheReplacement() {
    Action.CreateTaskSet create = new Action.CreateTaskSet(GREEN, EXTERNAL_ID);
    StateBuilder state = installing();
    state.lastAction = new ActionRecord(create.kind(), create.key(), at(1, 0), 0, null, true);
    return RunRecord.started(Fixtures.allAtOnceInputs(), state.build())
        .deciding(state.build(), create);
  }

  /** The creation failed with a retryable error, which the next decision is to see. */
  static RunRecord afterAFailedCreate() {
    RunRecord creating = creatingTheReplacement();
    return creating.performed(
        new ActionFailure(
            creating.actionInFlight().key(), ErrorCode.THROTTLED, "Rate exceeded", true));
  }

  /** All at once: its BeforeInstall hook about to be invoked. */
  static RunRecord invokingBeforeInstall() {
    Action.InvokeHook invoke =
        new Action.InvokeHook(LifecycleEvent.BeforeInstall, "check-before-install", "hook-exec-1");
    StateBuilder state = started();
    state.phase = Phase.BEFORE_INSTALL;
    state.event(
        LifecycleEvent.BeforeInstall,
        LifecycleEventStatus.InProgress,
        at(0, 5),
        null,
        "hook-exec-1",
        null);
    state.hookExecution =
        new HookExecution(
            LifecycleEvent.BeforeInstall,
            "hook-exec-1",
            "check-before-install",
            at(60, 5),
            false,
            null);
    state.lastAction = new ActionRecord(invoke.kind(), invoke.key(), at(0, 5), 0, null, true);
    return RunRecord.started(Fixtures.allAtOnceInputs(), state.build())
        .deciding(state.build(), invoke);
  }

  /**
   * A group with HTTP hooks and the target-health gate, waiting for healthy targets before test
   * traffic: the gate, the endpoints and the signing Secret's name and key are frozen with the
   * other settings (the key itself never is), and the wait is in the state.
   */
  static RunRecord waitingForHealthyTargets() {
    StateBuilder state = installing();
    state.succeeded(LifecycleEvent.Install, at(1, 0), at(3, 0));
    state.skipped(LifecycleEvent.AfterInstall, at(3, 0));
    state.inProgress(LifecycleEvent.AllowTestTraffic, at(3, 0));
    state.phase = Phase.ALLOW_TEST_TRAFFIC;
    state.targetHealthWait =
        new TargetHealthWait(
            Listener.TEST, GREEN, at(3, 0), at(8, 0), 1, 2, "1 healthy, 1 initial");
    return RunRecord.started(
        Fixtures.canaryInputs(
            Fixtures.canarySettingsBuilder()
                .hook(LifecycleEvent.BeforeAllowTraffic, "https://ci.example.com/hooks/approve")
                .httpHooks(new HttpHookSettings("hook-signing", "key"))
                .targetHealth(new TargetHealthSettings(true, null, 100, Duration.ofMinutes(5)))
                .build()),
        state.build());
  }

  /** All at once, every event done: making the replacement PRIMARY. */
  static RunRecord promotingTheReplacement() {
    Action.MakeTaskSetPrimary primary = new Action.MakeTaskSetPrimary(REPLACEMENT_TASK_SET);
    StateBuilder state = trafficMoved();
    state.phase = Phase.PROMOTE_REPLACEMENT;
    state.lastAction = new ActionRecord(primary.kind(), primary.key(), at(4, 0), 0, null, true);
    return RunRecord.started(Fixtures.allAtOnceInputs(), state.build())
        .deciding(state.build(), primary);
  }

  /** All at once, after the termination wait: deleting the original. */
  static RunRecord removingTheOriginal() {
    Action.DeleteTaskSet delete = new Action.DeleteTaskSet(ORIGINAL_TASK_SET);
    StateBuilder state = trafficMoved();
    state.phase = Phase.REMOVE_ORIGINAL;
    state.terminationWaitUntil = at(4, 0);
    state.lastAction = new ActionRecord(delete.kind(), delete.key(), at(4, 0), 1, null, true);
    return RunRecord.started(Fixtures.allAtOnceInputs(), state.build())
        .deciding(state.build(), delete);
  }

  /**
   * The canary, stopped by its user during the wait and rolled back: the DeploymentRollback message
   * held back while traffic was restored is published now.
   */
  static RunRecord notifyingTheRollbackOfAStop() {
    ErrorInformation stop =
        new ErrorInformation(
            ErrorCode.MANUAL_STOP, "The deployment was stopped by a user request.");
    RollbackInfo rollback = RollbackInfo.forRolledBackDeployment(DEPLOYMENT_ID, "d-X4K9QZ2WP");
    PendingNotification rolledBack =
        new PendingNotification(
            2,
            "deployments",
            TOPIC,
            TriggerEvent.DeploymentRollback,
            DeploymentStatus.InProgress,
            stop,
            rollback,
            T0,
            null,
            null);
    StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
    state.status = DeploymentStatus.Stopped;
    state.phase = Phase.FINISHED;
    state.completeTime = at(6, 0);
    state.trafficStepWaitUntil = null;
    state.productionTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);
    state.errorInformation = stop;
    state.rollbackInfo = rollback;
    state.rollbackOutcome = DeploymentStatus.Stopped;
    state.stopOperation = StopOperationStatus.Succeeded;
    state.event(
        LifecycleEvent.AllowTraffic,
        LifecycleEventStatus.Failed,
        at(3, 0),
        at(5, 0),
        null,
        stop.message());
    state.event(
        LifecycleEvent.AfterAllowTraffic,
        LifecycleEventStatus.Skipped,
        at(6, 0),
        at(6, 0),
        null,
        null);
    state.pendingNotifications.add(rolledBack);
    state.nextNotificationId = 3;
    Action.PublishNotification publish = new Action.PublishNotification(rolledBack);
    state.lastAction = new ActionRecord(publish.kind(), publish.key(), at(6, 0), 0, null, true);
    return RunRecord.started(Fixtures.canaryInputs(), state.build())
        .deciding(state.build(), publish);
  }

  /** Its revision could not be read: failed before it started, without inputs. */
  static RunRecord failedBeforeStart() {
    return new RunRecord(
        RunRecord.SCHEMA_VERSION,
        null,
        DeploymentState.failedBeforeStart(
            DEPLOYMENT_ID,
            T0,
            at(0, 2),
            new ErrorInformation(
                ErrorCode.REVISION_MISSING,
                "The specified key does not exist: s3://web-revisions/web/appspec-42.yaml")),
        null,
        null);
  }

  static StateBuilder started() {
    StateBuilder state = StateBuilder.created(DEPLOYMENT_ID, T0);
    state.status = DeploymentStatus.InProgress;
    state.startTime = at(0, 5);
    state.originalTaskSet = new TaskSetRef(ORIGINAL_TASK_SET, BLUE);
    state.originalTargetGroup = BLUE;
    state.replacementTargetGroup = GREEN;
    state.startingProductionTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);
    state.nextNotificationId = 1;
    return state;
  }

  static StateBuilder installing() {
    StateBuilder state = started();
    state.phase = Phase.INSTALL;
    state.event(
        LifecycleEvent.BeforeInstall,
        LifecycleEventStatus.Succeeded,
        at(0, 5),
        at(1, 0),
        "hook-exec-1",
        null);
    state.inProgress(LifecycleEvent.Install, at(1, 0));
    return state;
  }

  static StateBuilder trafficMoved() {
    StateBuilder state = installing();
    state.succeeded(LifecycleEvent.Install, at(1, 0), at(3, 0));
    state.skipped(LifecycleEvent.AfterInstall, at(3, 0));
    state.event(
        LifecycleEvent.AllowTestTraffic,
        LifecycleEventStatus.Skipped,
        at(3, 0),
        at(3, 0),
        null,
        "The deployment group has no test listener.");
    state.event(
        LifecycleEvent.AfterAllowTestTraffic,
        LifecycleEventStatus.Skipped,
        at(3, 0),
        at(3, 0),
        null,
        "The deployment group has no test listener.");
    state.skipped(LifecycleEvent.BeforeAllowTraffic, at(3, 0));
    state.succeeded(LifecycleEvent.AllowTraffic, at(3, 0), at(4, 0));
    state.skipped(LifecycleEvent.AfterAllowTraffic, at(4, 0));
    state.replacementTaskSetArn = REPLACEMENT_TASK_SET;
    state.productionTraffic = TrafficWeights.of(GREEN, 100, BLUE, 0);
    state.trafficStep = 0;
    return state;
  }

  // ---- files and JSON

  static Optional<String> resource(String file) throws IOException {
    try (InputStream in = RunRecordCodecTest.class.getResourceAsStream("/run-record/" + file)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static String golden(String file) {
    try {
      return resource(file)
          .orElseThrow(() -> new AssertionError("src/test/resources/run-record/" + file));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes what the codec produces now next to the build output, for review. */
  static Path writeActual(String file, String encoded) throws IOException {
    Path directory = Path.of(System.getProperty("ecsdeploy.repo.dir", "."), "target", "run-record");
    Files.createDirectories(directory);
    Path written = directory.resolve(file);
    Files.writeString(
        written,
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(encoded)) + "\n");
    return written;
  }

  /**
   * The JSON as a tree to compare: object members in any order, and sets (written as arrays of enum
   * names, in the set's iteration order, which differs between JVMs) sorted.
   */
  static JsonNode canonical(String json) {
    try {
      return sortSets(JSON.readTree(json));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode sortSets(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode child = object.get(name);
        if (name.equals("events") && child instanceof ArrayNode set && allText(set)) {
          ArrayNode sorted = JSON.createArrayNode();
          StreamSupport.stream(set.spliterator(), false)
              .sorted(Comparator.comparing(JsonNode::asText))
              .forEach(sorted::add);
          object.set(name, sorted);
        } else {
          sortSets(child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(RunRecordCodecTest::sortSets);
    }
    return node;
  }

  private static boolean allText(ArrayNode array) {
    return StreamSupport.stream(array.spliterator(), false).allMatch(JsonNode::isTextual);
  }
}
