package io.ecsdeploy.operator.reconciler;

import static io.ecsdeploy.operator.reconciler.Fixtures.BLUE;
import static io.ecsdeploy.operator.reconciler.Fixtures.DEPLOYMENT_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.EXTERNAL_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.GREEN;
import static io.ecsdeploy.operator.reconciler.Fixtures.ORIGINAL_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.REPLACEMENT_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.S3_SHA256;
import static io.ecsdeploy.operator.reconciler.Fixtures.T0;
import static io.ecsdeploy.operator.reconciler.Fixtures.TASK_DEFINITION;
import static io.ecsdeploy.operator.reconciler.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.api.v1alpha1.RevisionSummary;
import io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo;
import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.ErrorInformation;
import io.ecsdeploy.operator.lifecycle.HookExecution;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.RollbackInfo;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentStatusWriterTest {
  static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  static final long GENERATION = 3;
  static final Instant NOW = at(4, 0);

  static final List<EcsTaskSet> BOTH_TASK_SETS =
      List.of(
          Fixtures.taskSet(
              ORIGINAL_TASK_SET,
              EcsTaskSet.Status.PRIMARY,
              "previous-uid",
              BLUE,
              EcsTaskSet.Stability.STEADY_STATE),
          Fixtures.taskSet(
              REPLACEMENT_TASK_SET,
              EcsTaskSet.Status.ACTIVE,
              EXTERNAL_ID,
              GREEN,
              EcsTaskSet.Stability.STABILIZING));

  static EcsDeploymentStatus view(RunRecord record) {
    return DeploymentStatusWriter.view(
        new EcsDeploymentStatus(), record, BOTH_TASK_SETS, GENERATION, NOW);
  }

  static EcsDeploymentStatus view(DeploymentState state) {
    return view(RunRecord.started(Fixtures.canaryInputs(), state));
  }

  static String json(Object value) throws Exception {
    return JSON.writeValueAsString(value);
  }

  static Condition condition(EcsDeploymentStatus status, String type) {
    return Conditions.find(status.conditions, type);
  }

  @Nested
  class ACanaryInItsWait {
    final EcsDeploymentStatus status = view(Fixtures.canaryWait());

    @Test
    void showsCodeDeploysStatusPhaseEventAndTrafficSplit() {
      assertThat(status.deploymentId).isEqualTo(DEPLOYMENT_ID);
      assertThat(status.status).isEqualTo(DeploymentStatus.InProgress);
      assertThat(status.phase).isEqualTo("AllowTraffic");
      assertThat(status.currentEvent).isEqualTo("AllowTraffic");
      assertThat(status.trafficSplit).isEqualTo("90/10");
      assertThat(status.createTime).isEqualTo("2026-03-01T10:00:00Z");
      assertThat(status.startTime).isEqualTo("2026-03-01T10:00:05Z");
      assertThat(status.completeTime).isNull();
      assertThat(status.observedGeneration).isEqualTo(GENERATION);
      assertThat(status.deploymentConfigName).isEqualTo("web-canary");
      assertThat(status.trafficRouting).isEqualTo("10%, the remaining 90% after 5m");
      assertThat(status.errorInformation).isNull();
      assertThat(status.rollbackInfo).isNull();
    }

    @Test
    void listsTheEightLifecycleEventsWithTheirHookFunctions() {
      assertThat(status.lifecycleEvents)
          .extracting(
              event -> event.lifecycleEventName, event -> event.status, event -> event.hookFunction)
          .containsExactly(
              tuple("BeforeInstall", LifecycleEventStatus.Skipped, null),
              tuple("Install", LifecycleEventStatus.Succeeded, null),
              tuple("AfterInstall", LifecycleEventStatus.Skipped, null),
              tuple("AllowTestTraffic", LifecycleEventStatus.Succeeded, null),
              tuple(
                  "AfterAllowTestTraffic", LifecycleEventStatus.Succeeded, "validate-test-traffic"),
              tuple("BeforeAllowTraffic", LifecycleEventStatus.Skipped, null),
              tuple("AllowTraffic", LifecycleEventStatus.InProgress, null),
              tuple("AfterAllowTraffic", LifecycleEventStatus.Pending, "smoke-test"));
      LifecycleEventInfo install = status.lifecycleEvents.get(1);
      assertThat(install.startTime).isEqualTo("2026-03-01T10:00:05Z");
      assertThat(install.endTime).isEqualTo("2026-03-01T10:02:00Z");
      assertThat(status.lifecycleEvents.get(0).message)
          .isEqualTo("The AppSpec names no Lambda function for BeforeInstall.");
      assertThat(status.lifecycleEvents.get(6).endTime).isNull();
    }

    @Test
    void showsBothTaskSetsAsEcsDescribesThem() {
      assertThat(status.taskSets).hasSize(2);
      TaskSetInfo blue = status.taskSets.get(0);
      assertThat(blue.arn).isEqualTo(ORIGINAL_TASK_SET);
      assertThat(blue.taskSetLabel).isEqualTo("Blue");
      assertThat(blue.status).isEqualTo("PRIMARY");
      assertThat(blue.targetGroupArn).isEqualTo(BLUE);
      assertThat(blue.trafficWeight).isEqualTo(90);
      assertThat(blue.taskDefinition).isEqualTo(TASK_DEFINITION);
      assertThat(blue.desiredCount).isEqualTo(2);
      assertThat(blue.runningCount).isEqualTo(2);
      assertThat(blue.pendingCount).isZero();
      TaskSetInfo green = status.taskSets.get(1);
      assertThat(green.arn).isEqualTo(REPLACEMENT_TASK_SET);
      assertThat(green.taskSetLabel).isEqualTo("Green");
      assertThat(green.status).isEqualTo("ACTIVE");
      assertThat(green.targetGroupArn).isEqualTo(GREEN);
      assertThat(green.trafficWeight).isEqualTo(10);
      assertThat(green.runningCount).isEqualTo(1);
      assertThat(green.pendingCount).isEqualTo(1);
    }

    @Test
    void theRunRecordFieldDecodesToTheRecord() {
      RunRecord record = RunRecord.started(Fixtures.canaryInputs(), Fixtures.canaryWait());

      assertThat(RunRecordCodec.decode(view(record).runRecord)).isEqualTo(record);
    }

    @Test
    void isReconcilingNeitherSucceededNorStalledWhileItRuns() {
      Condition reconciling = condition(status, Conditions.RECONCILING);
      assertThat(reconciling.getStatus()).isEqualTo("True");
      assertThat(reconciling.getReason()).isEqualTo("InProgress");
      assertThat(reconciling.getMessage()).isEqualTo("Deployment d-TESTDEPL1 is InProgress");
      assertThat(reconciling.getObservedGeneration()).isEqualTo(GENERATION);
      assertThat(reconciling.getLastTransitionTime()).isEqualTo("2026-03-01T10:04:00Z");
      assertThat(condition(status, Conditions.SUCCEEDED).getStatus()).isEqualTo("False");
      assertThat(status.conditions)
          .as("no Ready condition: the status value Ready is the ready wait")
          .extracting(Condition::getType)
          .doesNotContain(Conditions.READY);
      Condition stalled = condition(status, Conditions.STALLED);
      assertThat(stalled.getStatus()).isEqualTo("False");
      assertThat(stalled.getMessage()).isEqualTo("The deployment has not ended unsuccessfully");
    }
  }

  @Test
  void aWaitForHealthyTargetsIsTheReconcilingReasonAndTheNextDeadline() {
    EcsDeploymentStatus status = view(RunRecordCodecTest.waitingForHealthyTargets().state());

    Condition reconciling = condition(status, Conditions.RECONCILING);
    assertThat(reconciling.getStatus()).isEqualTo("True");
    assertThat(reconciling.getReason()).isEqualTo(Reasons.WAITING_FOR_HEALTHY_TARGETS);
    assertThat(reconciling.getMessage())
        .isEqualTo(
            "Waiting for healthy targets in "
                + GREEN
                + " before test traffic moves to it: 1 of 2 needed are healthy (1 healthy, 1"
                + " initial)");
    assertThat(status.nextDeadline).isEqualTo("2026-03-01T10:08:00Z");
    assertThat(status.currentEvent).isEqualTo("AllowTestTraffic");
  }

  @Test
  void aTaskSetEcsNoLongerListsIsDeleted() {
    EcsDeploymentStatus status =
        DeploymentStatusWriter.view(
            new EcsDeploymentStatus(),
            RunRecord.started(Fixtures.canaryInputs(), Fixtures.canaryWait()),
            List.of(BOTH_TASK_SETS.get(1)),
            GENERATION,
            NOW);

    TaskSetInfo blue = status.taskSets.get(0);
    assertThat(blue.status).isEqualTo("DELETED");
    assertThat(blue.arn).isEqualTo(ORIGINAL_TASK_SET);
    assertThat(blue.trafficWeight).isEqualTo(90);
    assertThat(blue.taskDefinition).isNull();
    assertThat(blue.desiredCount).isNull();
    assertThat(status.taskSets.get(1).status).isEqualTo("ACTIVE");
  }

  @Test
  void aFirstDeploymentHasOnlyTheGreenTaskSet() {
    StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
    state.originalTaskSet = null;

    EcsDeploymentStatus status = view(state.build());

    assertThat(status.taskSets).extracting(t -> t.taskSetLabel).containsExactly("Green");
  }

  @Test
  void noTrafficSplitBeforeProductionTrafficIsConfirmed() {
    StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
    state.phase = Phase.INSTALL;
    state.productionTraffic = null;

    EcsDeploymentStatus status = view(state.build());

    assertThat(status.trafficSplit).isNull();
    assertThat(status.taskSets).allSatisfy(t -> assertThat(t.trafficWeight).isNull());
  }

  @Test
  void noTrafficSplitWhilePendingStart() {
    StateBuilder state = StateBuilder.created(DEPLOYMENT_ID, T0);
    state.originalTargetGroup = BLUE;
    state.productionTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);

    assertThat(view(state.build()).trafficSplit).isNull();
  }

  @Nested
  class Outcomes {
    DeploymentState rolledBackFailure() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.status = DeploymentStatus.Failed;
      state.phase = Phase.FINISHED;
      state.completeTime = at(12, 30);
      state.trafficStepWaitUntil = null;
      state.productionTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);
      state.errorInformation =
          new ErrorInformation(
              ErrorCode.HOOK_EXECUTION_FAILURE, "The AfterAllowTraffic hook smoke-test failed.");
      state.rollbackInfo = RollbackInfo.forRolledBackDeployment(DEPLOYMENT_ID, "d-ROLLBACK1");
      state.rollbackOutcome = DeploymentStatus.Failed;
      state.event(
          LifecycleEvent.AllowTraffic,
          LifecycleEventStatus.Succeeded,
          at(3, 0),
          at(8, 20),
          null,
          null);
      state.event(
          LifecycleEvent.AfterAllowTraffic,
          LifecycleEventStatus.Failed,
          at(8, 20),
          at(12, 0),
          "hook-exec-2",
          "The AfterAllowTraffic hook smoke-test failed.");
      return state.build();
    }

    @Test
    void aFailedDeploymentShowsItsErrorAndRollback() {
      EcsDeploymentStatus status = view(rolledBackFailure());

      assertThat(status.status).isEqualTo(DeploymentStatus.Failed);
      assertThat(status.phase).isEqualTo("Finished");
      assertThat(status.currentEvent).isNull();
      assertThat(status.trafficSplit).isEqualTo("100/0");
      assertThat(status.completeTime).isEqualTo("2026-03-01T10:12:30Z");
      assertThat(status.errorInformation.code).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
      assertThat(status.errorInformation.message)
          .isEqualTo("The AfterAllowTraffic hook smoke-test failed.");
      assertThat(status.rollbackInfo.rollbackDeploymentId).isEqualTo("d-ROLLBACK1");
      assertThat(status.rollbackInfo.rollbackTriggeringDeploymentId).isNull();
      assertThat(status.rollbackInfo.rollbackMessage)
          .isEqualTo(
              "Deployment d-TESTDEPL1 terminated. Automatic rollback is triggered with a"
                  + " DeploymentId d-ROLLBACK1.");
      assertThat(status.lifecycleEvents.get(7).message)
          .isEqualTo("The AfterAllowTraffic hook smoke-test failed.");
      assertThat(status.nextDeadline).isNull();
    }

    @Test
    void aFailedDeploymentIsStalledAndNeitherSucceededNorReconciling() {
      EcsDeploymentStatus status = view(rolledBackFailure());

      Condition succeeded = condition(status, Conditions.SUCCEEDED);
      assertThat(succeeded.getStatus()).isEqualTo("False");
      assertThat(succeeded.getReason()).isEqualTo("Failed");
      assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo("False");
      Condition stalled = condition(status, Conditions.STALLED);
      assertThat(stalled.getStatus()).isEqualTo("True");
      assertThat(stalled.getReason()).isEqualTo("Failed");
      assertThat(stalled.getMessage())
          .isEqualTo(
              "Deployment d-TESTDEPL1 failed: The AfterAllowTraffic hook smoke-test failed.");
    }

    @Test
    void aStoppedDeploymentIsStalled() {
      StateBuilder state = StateBuilder.from(rolledBackFailure());
      state.status = DeploymentStatus.Stopped;
      state.errorInformation =
          new ErrorInformation(
              ErrorCode.MANUAL_STOP, "The deployment was stopped by a user request.");

      Condition stalled = condition(view(state.build()), Conditions.STALLED);

      assertThat(stalled.getStatus()).isEqualTo("True");
      assertThat(stalled.getReason()).isEqualTo("Stopped");
      assertThat(stalled.getMessage())
          .isEqualTo(
              "Deployment d-TESTDEPL1 stopped: The deployment was stopped by a user request.");
    }

    @Test
    void aSucceededDeploymentIsSucceededAndNotStalled() {
      StateBuilder state = StateBuilder.from(rolledBackFailure());
      state.status = DeploymentStatus.Succeeded;
      state.errorInformation = null;
      state.rollbackInfo = null;
      state.rollbackOutcome = null;
      state.productionTraffic = TrafficWeights.of(GREEN, 100, BLUE, 0);

      EcsDeploymentStatus status = view(state.build());

      assertThat(status.trafficSplit).isEqualTo("0/100");
      assertThat(status.errorInformation).isNull();
      assertThat(status.rollbackInfo).isNull();
      Condition succeeded = condition(status, Conditions.SUCCEEDED);
      assertThat(succeeded.getStatus()).isEqualTo("True");
      assertThat(succeeded.getReason()).isEqualTo("Succeeded");
      assertThat(succeeded.getMessage()).isEqualTo("Deployment d-TESTDEPL1 succeeded");
      assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("False");
    }

    @Test
    void aDeploymentThatFailedBeforeItStartedHasNoInputsAndIsFailed() {
      DeploymentState failed =
          DeploymentState.failedBeforeStart(
              DEPLOYMENT_ID,
              T0,
              at(0, 2),
              new ErrorInformation(
                  ErrorCode.INVALID_REVISION, "the AppSpec's container web is not in ..."));
      RunRecord record = new RunRecord(RunRecord.SCHEMA_VERSION, null, failed, null, null);

      EcsDeploymentStatus status =
          DeploymentStatusWriter.view(new EcsDeploymentStatus(), record, List.of(), 1, NOW);

      assertThat(status.status).isEqualTo(DeploymentStatus.Failed);
      assertThat(status.phase).isEqualTo("Finished");
      assertThat(status.completeTime).isEqualTo("2026-03-01T10:00:02Z");
      assertThat(status.errorInformation.code).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(status.revision).isNull();
      assertThat(status.deploymentConfigName).isNull();
      assertThat(status.trafficRouting).isNull();
      assertThat(status.taskSets).isEmpty();
      assertThat(status.nextDeadline).isNull();
      assertThat(status.lifecycleEvents)
          .hasSize(8)
          .allSatisfy(
              event -> {
                assertThat(event.status).isEqualTo(LifecycleEventStatus.Skipped);
                assertThat(event.hookFunction).isNull();
              });
      assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("True");
      assertThat(RunRecordCodec.decode(status.runRecord)).isEqualTo(record);
    }
  }

  @Nested
  class APause {
    @Test
    void showsTheStepItsWeightAndSinceWhen() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.trafficStepPausedSince = Instant.parse("2026-03-01T10:04:00Z");
      state.trafficStepWaitUntil = null;

      EcsDeploymentStatus status = view(state.build());

      assertThat(status.pause.step).isEqualTo(1);
      assertThat(status.pause.weight).isEqualTo(10);
      assertThat(status.pause.since).isEqualTo("2026-03-01T10:04:00Z");
      assertThat(status.pause.until).as("a pause without a limit").isNull();
      assertThat(status.currentEvent).isEqualTo("AllowTraffic");
    }

    @Test
    void showsWhenALimitedPauseEnds() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.trafficStepPausedSince = Instant.parse("2026-03-01T10:04:00Z");
      state.trafficStepWaitUntil = Instant.parse("2026-03-01T11:04:00Z");

      EcsDeploymentStatus status = view(state.build());

      assertThat(status.pause.until).isEqualTo("2026-03-01T11:04:00Z");
      assertThat(status.nextDeadline).isEqualTo("2026-03-01T11:04:00Z");
    }

    @Test
    void showsNoPauseOutsideOne() {
      assertThat(view(Fixtures.canaryWait()).pause).isNull();
    }
  }

  @Nested
  class NextDeadline {
    @Test
    void isTheTrafficStepsWaitNotTheNextPoll() {
      EcsDeploymentStatus status = view(Fixtures.canaryWait());

      assertThat(status.nextDeadline).isEqualTo("2026-03-01T10:08:10Z");
    }

    @Test
    void isTheReadyWait() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.status = DeploymentStatus.Ready;
      state.phase = Phase.READY_WAIT;
      state.trafficStepWaitUntil = null;
      state.readyWaitUntil = at(63, 0);
      state.event(
          LifecycleEvent.AllowTraffic, LifecycleEventStatus.Pending, null, null, null, null);

      EcsDeploymentStatus status = view(state.build());

      assertThat(status.nextDeadline).isEqualTo("2026-03-01T11:03:00Z");
      assertThat(status.currentEvent).isEqualTo("ReadyWait");
      assertThat(status.status).isEqualTo(DeploymentStatus.Ready);
    }

    @Test
    void isTheTerminationWait() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.phase = Phase.TERMINATION_WAIT;
      state.trafficStepWaitUntil = null;
      state.terminationWaitUntil = at(25, 0);
      state.succeeded(LifecycleEvent.AllowTraffic, at(3, 0), at(8, 20));

      assertThat(view(state.build()).nextDeadline).isEqualTo("2026-03-01T10:25:00Z");
    }

    @Test
    void isTheHooksTimeout() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.phase = Phase.AFTER_ALLOW_TRAFFIC;
      state.trafficStepWaitUntil = null;
      state.succeeded(LifecycleEvent.AllowTraffic, at(3, 0), at(8, 20));
      state.event(
          LifecycleEvent.AfterAllowTraffic,
          LifecycleEventStatus.InProgress,
          at(8, 20),
          null,
          "hook-exec-2",
          null);
      state.hookExecution =
          new HookExecution(
              LifecycleEvent.AfterAllowTraffic,
              "hook-exec-2",
              "smoke-test",
              at(38, 20),
              true,
              null);

      EcsDeploymentStatus status = view(state.build());

      assertThat(status.nextDeadline).isEqualTo("2026-03-01T10:38:20Z");
      assertThat(status.currentEvent).isEqualTo("AfterAllowTraffic");
    }

    @Test
    void thereIsNoneWhileWaitingOnAws() {
      StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
      state.phase = Phase.INSTALL;
      state.trafficStepWaitUntil = null;
      state.inProgress(LifecycleEvent.Install, at(0, 5));

      assertThat(view(state.build()).nextDeadline).isNull();
    }
  }

  @Nested
  class Idempotence {
    @Test
    void theSameRecordGivesAnEqualStatusTwice() throws Exception {
      RunRecord record = RunRecord.started(Fixtures.canaryInputs(), Fixtures.canaryWait());

      assertThat(json(view(record))).isEqualTo(json(view(record)));
    }

    @Test
    void viewingTheStoredStatusAgainLaterRewritesNothing() throws Exception {
      RunRecord record = RunRecord.started(Fixtures.canaryInputs(), Fixtures.canaryWait());
      EcsDeploymentStatus stored = view(record);

      EcsDeploymentStatus later =
          DeploymentStatusWriter.view(stored, record, BOTH_TASK_SETS, GENERATION, at(6, 30));

      assertThat(json(later)).isEqualTo(json(stored));
    }

    @Test
    void keepsTheCreatorAndOtherConditionsOfThePreviousStatus() {
      EcsDeploymentStatus previous = new EcsDeploymentStatus();
      previous.creator = "gitOps";
      Condition reachable =
          new ConditionBuilder()
              .withType(Conditions.AWS_REACHABLE)
              .withStatus("True")
              .withReason(Reasons.AWS_ANSWERED)
              .withMessage("AWS answered")
              .withObservedGeneration(GENERATION)
              .withLastTransitionTime("2026-03-01T10:00:01Z")
              .build();
      previous.conditions.add(reachable);

      EcsDeploymentStatus status =
          DeploymentStatusWriter.view(
              previous,
              RunRecord.started(Fixtures.canaryInputs(), Fixtures.canaryWait()),
              BOTH_TASK_SETS,
              GENERATION,
              NOW);

      assertThat(status.creator).isEqualTo("gitOps");
      assertThat(status.conditions)
          .extracting(Condition::getType)
          .containsExactly(
              Conditions.AWS_REACHABLE,
              Conditions.RECONCILING,
              Conditions.STALLED,
              Conditions.SUCCEEDED);
      assertThat(condition(status, Conditions.AWS_REACHABLE)).isEqualTo(reachable);
      assertThat(previous.conditions).containsExactly(reachable);
    }
  }

  @Nested
  class Revision {
    @Test
    void summarisesAnS3RevisionOnCapacityProviders() {
      RevisionSummary revision = view(Fixtures.canaryWait()).revision;

      assertThat(revision.source).isEqualTo("s3");
      assertThat(revision.sha256).isEqualTo(S3_SHA256);
      assertThat(revision.taskDefinition).isEqualTo(TASK_DEFINITION);
      assertThat(revision.container).isEqualTo("web:8080");
      assertThat(revision.launch)
          .isEqualTo("FARGATE_SPOT (weight 3, base 1), FARGATE (weight 1, base 0), platform 1.4.0");
      assertThat(revision.s3VersionId).isEqualTo("3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY");
      assertThat(revision.s3ETag).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void summarisesAnInlineRevisionOnALaunchType() {
      RevisionSummary revision =
          view(RunRecord.started(Fixtures.allAtOnceInputs(), Fixtures.canaryWait())).revision;

      assertThat(revision.source).isEqualTo("inline");
      assertThat(revision.sha256).isEqualTo(Fixtures.INLINE_SHA256);
      assertThat(revision.launch).isEqualTo("FARGATE, platform LATEST");
      assertThat(revision.s3VersionId).isNull();
      assertThat(revision.s3ETag).isNull();
    }

    @Test
    void aLaunchTypeWithoutPlatformVersionIsJustTheLaunchType() {
      assertThat(
              launchOf(
                  new FrozenInputs.Replacement(
                      TASK_DEFINITION, "web", 80, "EC2", null, null, null)))
          .isEqualTo("EC2");
    }

    @Test
    void aCapacityProviderWithoutPlatformVersionIsJustTheStrategy() {
      assertThat(
              launchOf(
                  new FrozenInputs.Replacement(
                      TASK_DEFINITION,
                      "web",
                      80,
                      null,
                      List.of(new CapacityProviderItem("FARGATE", 1, 2)),
                      null,
                      null)))
          .isEqualTo("FARGATE (weight 1, base 2)");
    }

    @Test
    void theClustersDefaultStrategyShowsNoLaunch() {
      assertThat(
              launchOf(
                  new FrozenInputs.Replacement(
                      TASK_DEFINITION, "web", 80, null, List.of(), "LATEST", null)))
          .isNull();
    }

    String launchOf(FrozenInputs.Replacement replacement) {
      FrozenInputs inputs = Fixtures.allAtOnceInputs();
      FrozenInputs with =
          new FrozenInputs(
              inputs.applicationName(),
              inputs.groupName(),
              inputs.region(),
              inputs.roleArn(),
              inputs.service(),
              inputs.productionRoute(),
              inputs.testRoute(),
              inputs.deploymentConfigName(),
              inputs.trafficRouting(),
              inputs.settings(),
              replacement,
              inputs.revision());
      return view(RunRecord.started(with, Fixtures.canaryWait())).revision.launch;
    }
  }

  @ParameterizedTest
  @CsvSource({
    "PENDING_START, PendingStart,",
    "READY_WAIT, ReadyWait, ReadyWait",
    "PROMOTE_REPLACEMENT, PromoteReplacement, PromoteReplacement",
    "TERMINATION_WAIT, TerminationWait, TerminationWait",
    "REMOVE_ORIGINAL, RemoveOriginal, RemoveOriginal",
    "ROLLBACK, Rollback, Rollback",
    "FINISHED, Finished,",
  })
  void betweenEventsThePhaseNamesTheCurrentStep(Phase phase, String name, String currentEvent) {
    StateBuilder state = StateBuilder.from(Fixtures.canaryWait());
    state.phase = phase;
    state.succeeded(LifecycleEvent.AllowTraffic, at(3, 0), at(8, 20));

    EcsDeploymentStatus status = view(state.build());

    assertThat(status.phase).isEqualTo(name);
    assertThat(status.currentEvent).isEqualTo(currentEvent);
  }

  @ParameterizedTest
  @CsvSource({
    "PENDING_START, PendingStart",
    "BEFORE_INSTALL, BeforeInstall",
    "INSTALL, Install",
    "AFTER_INSTALL, AfterInstall",
    "ALLOW_TEST_TRAFFIC, AllowTestTraffic",
    "AFTER_ALLOW_TEST_TRAFFIC, AfterAllowTestTraffic",
    "READY_WAIT, ReadyWait",
    "BEFORE_ALLOW_TRAFFIC, BeforeAllowTraffic",
    "ALLOW_TRAFFIC, AllowTraffic",
    "AFTER_ALLOW_TRAFFIC, AfterAllowTraffic",
    "PROMOTE_REPLACEMENT, PromoteReplacement",
    "TERMINATION_WAIT, TerminationWait",
    "REMOVE_ORIGINAL, RemoveOriginal",
    "ROLLBACK, Rollback",
    "FINISHED, Finished",
  })
  void everyPhaseHasItsCamelCaseName(Phase phase, String name) {
    assertThat(DeploymentStatusWriter.phaseName(phase)).isEqualTo(name);
  }
}
