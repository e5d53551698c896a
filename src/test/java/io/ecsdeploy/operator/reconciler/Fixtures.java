package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.VpcNetwork;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionRecord;
import io.ecsdeploy.operator.lifecycle.AlarmSettings;
import io.ecsdeploy.operator.lifecycle.AutoRollbackSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.Listener;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.TaskSetRef;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import io.ecsdeploy.operator.lifecycle.TriggerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/** One deployment's names, inputs and states, shared by the reconciler's unit tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final String DEPLOYMENT_ID = "d-TESTDEPL1";

  /** The EcsDeployment's UID: the replacement task set's external id. */
  static final String EXTERNAL_ID = "0b5e6f1c-9a4d-4c8e-8f2a-3d7b1e6c5a90";

  static final String REGION = "eu-west-1";
  static final String ROLE = "arn:aws:iam::111122223333:role/ecs-deploy";
  static final String BLUE =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web-blue/0123456789abcdef";
  static final String GREEN =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web-green/fedcba9876543210";
  static final String PRODUCTION_LISTENER =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web/0123456789abcdef/1111111111111111";
  static final String TEST_RULE =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/web/0123456789abcdef/2222222222222222/3333333333333333";
  static final Route PRODUCTION_ROUTE = Route.listener(PRODUCTION_LISTENER);
  static final Route TEST_ROUTE = Route.rule(TEST_RULE);
  static final ServiceId SERVICE = new ServiceId("web-cluster", "web");
  static final String ORIGINAL_TASK_SET =
      "arn:aws:ecs:eu-west-1:111122223333:task-set/web-cluster/web/ecs-svc/1111111111111111111";
  static final String REPLACEMENT_TASK_SET =
      "arn:aws:ecs:eu-west-1:111122223333:task-set/web-cluster/web/ecs-svc/2222222222222222222";
  static final String TASK_DEFINITION = "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:42";
  static final String TOPIC = "arn:aws:sns:eu-west-1:111122223333:deployments";
  static final String S3_SHA256 =
      "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a1c3b5d7f9e1a3c5b7d9f1e";
  static final String INLINE_SHA256 =
      "4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c";

  private Fixtures() {}

  /** {@code minutes} and {@code seconds} after {@link #T0}. */
  static Instant at(int minutes, int seconds) {
    return T0.plusSeconds(minutes * 60L + seconds);
  }

  /**
   * A canary (10%, the rest after 5 minutes) with a test route, two hooks, two alarms, automatic
   * rollback and a trigger.
   */
  static DeploymentSettings canarySettings() {
    return canarySettingsBuilder().build();
  }

  /** The canary's settings, to change before they are built. */
  static DeploymentSettings.Builder canarySettingsBuilder() {
    return DeploymentSettings.builder(DEPLOYMENT_ID, BLUE, GREEN)
        .externalId(EXTERNAL_ID)
        .testListener(true)
        .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(5)))
        .hook(LifecycleEvent.AfterAllowTestTraffic, "validate-test-traffic")
        .hook(LifecycleEvent.AfterAllowTraffic, "smoke-test")
        .termination(TerminationAction.TERMINATE, Duration.ofMinutes(10))
        .alarms(AlarmSettings.watching("web-5xx", "web-latency"))
        .autoRollback(
            AutoRollbackSettings.on(
                AutoRollbackEvent.DEPLOYMENT_FAILURE, AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM))
        .trigger(
            new TriggerSettings(
                "deployments",
                TOPIC,
                EnumSet.of(
                    TriggerEvent.DeploymentStart,
                    TriggerEvent.DeploymentSuccess,
                    TriggerEvent.DeploymentFailure,
                    TriggerEvent.DeploymentRollback)))
        .hookTimeout(Duration.ofMinutes(30))
        .pollInterval(Duration.ofSeconds(15));
  }

  /** All traffic at once, no test route, one hook, one trigger, no alarms. */
  static DeploymentSettings allAtOnceSettings() {
    return DeploymentSettings.builder(DEPLOYMENT_ID, BLUE, GREEN)
        .externalId(EXTERNAL_ID)
        .hook(LifecycleEvent.BeforeInstall, "check-before-install")
        .trigger(new TriggerSettings("failures", TOPIC, EnumSet.of(TriggerEvent.DeploymentFailure)))
        .pollInterval(Duration.ofSeconds(15))
        .build();
  }

  static VpcNetwork network() {
    return new VpcNetwork(
        List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"), List.of("sg-0123abcd"), false);
  }

  /** On FARGATE_SPOT and FARGATE, platform 1.4.0, in its own network. */
  static FrozenInputs.Replacement capacityProviderReplacement() {
    return new FrozenInputs.Replacement(
        TASK_DEFINITION,
        "web",
        8080,
        null,
        List.of(
            new CapacityProviderItem("FARGATE_SPOT", 3, 1),
            new CapacityProviderItem("FARGATE", 1, 0)),
        "1.4.0",
        network());
  }

  /** On FARGATE, the latest platform. */
  static FrozenInputs.Replacement fargateReplacement() {
    return new FrozenInputs.Replacement(
        TASK_DEFINITION, "web", 8080, "FARGATE", List.of(), "LATEST", network());
  }

  static FrozenInputs.RevisionSource s3Source() {
    return new FrozenInputs.RevisionSource(
        "s3",
        S3_SHA256,
        "web-revisions",
        "web/appspec-42.yaml",
        "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY",
        "d41d8cd98f00b204e9800998ecf8427e");
  }

  static FrozenInputs.RevisionSource inlineSource() {
    return new FrozenInputs.RevisionSource("inline", INLINE_SHA256, null, null, null, null);
  }

  /** The canary's inputs: a role, a test rule, capacity providers and an S3 revision. */
  static FrozenInputs canaryInputs() {
    return canaryInputs(canarySettings());
  }

  /** The canary's inputs with other settings. */
  static FrozenInputs canaryInputs(DeploymentSettings settings) {
    return new FrozenInputs(
        "web-app",
        "web-group",
        REGION,
        ROLE,
        SERVICE,
        PRODUCTION_ROUTE,
        TEST_ROUTE,
        "web-canary",
        "10%, the remaining 90% after 5m",
        settings,
        capacityProviderReplacement(),
        s3Source());
  }

  /** All at once with the operator's own credentials, no test route, an inline revision. */
  static FrozenInputs allAtOnceInputs() {
    return new FrozenInputs(
        "web-app",
        "web-group",
        REGION,
        null,
        SERVICE,
        PRODUCTION_ROUTE,
        null,
        "CodeDeployDefault.ECSAllAtOnce",
        "100% at once",
        allAtOnceSettings(),
        fargateReplacement(),
        inlineSource());
  }

  /**
   * The canary in its 5-minute wait: 10% of production traffic on the replacement since {@code
   * at(3, 10)}, the wait ending at {@code at(8, 10)}.
   */
  static DeploymentState canaryWait() {
    StateBuilder state = StateBuilder.created(DEPLOYMENT_ID, T0);
    state.status = DeploymentStatus.InProgress;
    state.phase = Phase.ALLOW_TRAFFIC;
    state.startTime = at(0, 5);
    state
        .skipped(LifecycleEvent.BeforeInstall, at(0, 5))
        .succeeded(LifecycleEvent.Install, at(0, 5), at(2, 0))
        .skipped(LifecycleEvent.AfterInstall, at(2, 0))
        .succeeded(LifecycleEvent.AllowTestTraffic, at(2, 0), at(2, 10))
        .event(
            LifecycleEvent.AfterAllowTestTraffic,
            LifecycleEventStatus.Succeeded,
            at(2, 10),
            at(3, 0),
            "hook-exec-1",
            null)
        .skipped(LifecycleEvent.BeforeAllowTraffic, at(3, 0))
        .inProgress(LifecycleEvent.AllowTraffic, at(3, 0));
    state.originalTaskSet = new TaskSetRef(ORIGINAL_TASK_SET, BLUE);
    state.originalTargetGroup = BLUE;
    state.replacementTargetGroup = GREEN;
    state.replacementTaskSetArn = REPLACEMENT_TASK_SET;
    state.startingProductionTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);
    state.startingTestTraffic = TrafficWeights.of(BLUE, 100, GREEN, 0);
    state.productionTraffic = TrafficWeights.of(GREEN, 10, BLUE, 90);
    state.trafficStep = 0;
    state.trafficStepWaitUntil = at(8, 10);
    Action.SetListenerWeights canary =
        new Action.SetListenerWeights(Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90));
    state.lastAction = new ActionRecord(canary.kind(), canary.key(), at(3, 0), 0, null, false);
    state.nextNotificationId = 2;
    return state.build();
  }

  /** The service as ECS describes it, with these task sets. */
  static EcsService service(EcsTaskSet... taskSets) {
    return new EcsService(
        SERVICE,
        "arn:aws:ecs:eu-west-1:111122223333:service/web-cluster/web",
        EcsService.Status.ACTIVE,
        EcsService.DeploymentController.EXTERNAL,
        4,
        4,
        0,
        Fixtures.network(),
        List.of(taskSets),
        "FARGATE",
        List.of(),
        "LATEST");
  }

  /** A task set as ECS describes it: 2 tasks desired, all running once steady. */
  static EcsTaskSet taskSet(
      String arn,
      EcsTaskSet.Status status,
      String externalId,
      String targetGroup,
      EcsTaskSet.Stability stability) {
    boolean steady = stability == EcsTaskSet.Stability.STEADY_STATE;
    return new EcsTaskSet(
        arn.substring(arn.lastIndexOf('/') + 1),
        arn,
        status,
        externalId,
        TASK_DEFINITION,
        targetGroup,
        stability,
        2,
        steady ? 2 : 1,
        steady ? 0 : 1,
        100.0,
        null,
        null,
        "FARGATE",
        List.of(),
        "LATEST");
  }
}
