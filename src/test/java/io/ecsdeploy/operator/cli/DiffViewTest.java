package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.TrafficPause;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.api.v1alpha1.TrafficStep;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl ecsdeploy diff}: the traffic timeline of each kind of configuration, and a
 * deployment's revision compared with the one the group runs as the operator recorded it.
 */
class DiffViewTest {
  private static final String TD = "arn:aws:ecs:us-east-1:111122223333:task-definition/checkout:";
  private static final String PRIMARY =
      "arn:aws:ecs:us-east-1:111122223333:task-set/production/checkout/ecs-svc/7001";

  // --- the timeline ---

  private static List<String> timeline(TrafficRouting routing) {
    return TrafficTimeline.points(routing).stream()
        .map(p -> Text.kubeDuration(p.at()) + " " + p.percent() + "%")
        .toList();
  }

  @Test
  void theBuiltInConfigurationsMoveTrafficAsCodeDeploysDo() {
    assertThat(timeline(TrafficTimeline.builtIn("CodeDeployDefault.ECSAllAtOnce").orElseThrow()))
        .containsExactly("0s 100%");
    assertThat(
            timeline(
                TrafficTimeline.builtIn("CodeDeployDefault.ECSCanary10Percent5Minutes")
                    .orElseThrow()))
        .containsExactly("0s 10%", "5m 100%");
    assertThat(
            timeline(
                TrafficTimeline.builtIn("CodeDeployDefault.ECSCanary10Percent15Minutes")
                    .orElseThrow()))
        .containsExactly("0s 10%", "15m 100%");
    assertThat(
            timeline(
                TrafficTimeline.builtIn("CodeDeployDefault.ECSLinear10PercentEvery1Minutes")
                    .orElseThrow()))
        .containsExactly(
            "0s 10%",
            "1m 20%", "2m 30%", "3m 40%", "4m 50%", "5m 60%", "6m 70%", "7m 80%", "8m 90%",
            "9m 100%");
    assertThat(
            timeline(
                TrafficTimeline.builtIn("CodeDeployDefault.ECSLinear10PercentEvery3Minutes")
                    .orElseThrow()))
        .hasSize(10)
        .endsWith("24m 90%", "27m 100%");
    assertThat(TrafficTimeline.builtIn("checkout-canary")).isEmpty();
    assertThat(TrafficTimeline.isBuiltIn("CodeDeployDefault.LambdaAllAtOnce")).isFalse();
  }

  @Test
  void customCanaryLinearAndStepsConfigurations() {
    assertThat(timeline(TrafficTimeline.canary(25, "10m"))).containsExactly("0s 25%", "10m 100%");
    assertThat(timeline(TrafficTimeline.linear(20, "2m")))
        .containsExactly("0s 20%", "2m 40%", "4m 60%", "6m 80%", "8m 100%");
    assertThat(timeline(TrafficTimeline.linear(33, "90s")))
        .containsExactly("0s 33%", "1m30s 66%", "3m 99%", "4m30s 100%");

    TrafficRouting steps = new TrafficRouting();
    steps.type = TrafficRoutingType.Steps;
    steps.steps = List.of(step(5, "2m"), step(50, null), step(100, "0s"));
    assertThat(timeline(steps)).containsExactly("0s 5%", "2m 50%", "2m 100%");
    steps.steps = List.of(step(20, "1h30m"));
    assertThat(timeline(steps)).containsExactly("0s 20%", "1h30m 100%");
    assertThat(TrafficTimeline.describe(steps)).isEqualTo("Steps: 1 explicit steps");
  }

  @Test
  void stepsAfterAPauseCountFromItsEnd() {
    TrafficStep paused = step(25, "0s");
    paused.pause = new TrafficPause();
    TrafficStep limited = step(50, "0s");
    limited.pause = new TrafficPause();
    limited.pause.duration = "1h";
    TrafficRouting steps = new TrafficRouting();
    steps.type = TrafficRoutingType.Steps;
    steps.steps = List.of(step(5, "2m"), paused, step(40, "10m"), limited, step(100, null));

    assertThat(TrafficTimeline.points(steps))
        .extracting(Object::toString)
        .containsExactly(
            "0s: 5% " + Text.arrow() + " replacement",
            "2m: 25% " + Text.arrow() + " replacement, paused until continued",
            "pause end + 0s: 40% " + Text.arrow() + " replacement",
            "pause end + 10m: 50% "
                + Text.arrow()
                + " replacement, paused until continued (at most 1h)",
            "pause end + 0s: 100% " + Text.arrow() + " replacement");
    assertThat(TrafficTimeline.describe(steps))
        .isEqualTo("Steps: 5 explicit steps, with pauses until continued");
  }

  @Test
  void writesEachPointAsTheTimeFromTheStartOfAllowTrafficAndTheShare() {
    assertThat(TrafficTimeline.points(TrafficTimeline.canary(10, "5m")))
        .extracting(Object::toString)
        .containsExactly(
            "0s: 10% " + Text.arrow() + " replacement",
            "5m: 100% " + Text.arrow() + " replacement");
    assertThat(Text.kubeDuration(Duration.ZERO)).isEqualTo("0s");
    assertThat(Text.kubeDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Text.kubeDuration(Duration.ofMinutes(60))).isEqualTo("1h");
    assertThat(Text.kubeDuration(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
    assertThat(TrafficTimeline.describe(TrafficTimeline.linear(10, "3m")))
        .isEqualTo("TimeBasedLinear: 10% more every 3m");
  }

  private static TrafficStep step(int weight, String wait) {
    TrafficStep step = new TrafficStep();
    step.weight = weight;
    step.wait = wait;
    return step;
  }

  // --- the comparison ---

  private static EcsDeploymentGroup group(String listenerType, String primary) {
    EcsDeploymentGroup group =
        Serializations.PLAIN.unmarshal(
            """
            apiVersion: ecsdeploy.io/v1alpha1
            kind: EcsDeploymentGroup
            metadata:
              name: checkout-production
              namespace: shop
            spec:
              applicationName: checkout
              service: {clusterName: production, serviceName: checkout-external}
              loadBalancer:
                targetGroups:
                  - arn: arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/a/5d1c0b2a3e4f6a7b
                  - arn: arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/b/7b6a4f3e2a0b1c5d
                productionRoute:
                  listenerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/%s/checkout/4f2c1d0e9b8a7c6d/1a2b3c4d5e6f7a8b
              deploymentConfigName: CodeDeployDefault.ECSCanary10Percent5Minutes
            """
                .formatted(listenerType),
            EcsDeploymentGroup.class);
    if (primary != null) {
      group.setStatus(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupStatus());
      group.getStatus().primaryTaskSetArn = primary;
    }
    return group;
  }

  private static EcsDeployment deployment(String name, String revisionYaml) {
    return Serializations.PLAIN.unmarshal(
        """
        apiVersion: ecsdeploy.io/v1alpha1
        kind: EcsDeployment
        metadata:
          name: %s
          namespace: shop
        spec:
          deploymentGroupName: checkout-production
          revision:
        %s
        """
            .formatted(name, revisionYaml.indent(4).stripTrailing()),
        EcsDeployment.class);
  }

  private static String inline(String content) {
    return "appSpecContent:\n  content: |\n" + content.indent(4);
  }

  private static String appSpec(int revision, String hooks) {
    return """
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: "checkout:%d"
                LoadBalancerInfo:
                  ContainerName: "checkout"
                  ContainerPort: 8080
                PlatformVersion: "1.4.0"
        Hooks:
        %s
        """
        .formatted(revision, hooks.indent(2).stripTrailing());
  }

  /** Release 118, which succeeded: its status as the operator wrote it. */
  private static EcsDeployment release118() {
    EcsDeployment current =
        deployment(
            "checkout-118",
            inline(appSpec(118, "- AfterAllowTestTraffic: \"checkout-smoke-tests\"")));
    var status = new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus();
    status.status = DeploymentStatus.Succeeded;
    status.completeTime = "2026-11-20T10:41:07Z";
    status.revision = new io.ecsdeploy.operator.api.v1alpha1.RevisionSummary();
    status.revision.taskDefinition = "checkout:118";
    status.revision.container = "checkout:8080";
    status.revision.launch = "FARGATE, platform 1.4.0";
    var green = new io.ecsdeploy.operator.api.v1alpha1.TaskSetInfo();
    green.arn = PRIMARY;
    green.taskSetLabel = "Green";
    green.taskDefinition = TD + "118";
    status.taskSets = List.of(green);
    current.setStatus(status);
    return current;
  }

  private static String render(
      EcsDeployment proposed, EcsDeploymentGroup group, EcsDeployment current) {
    return DiffView.render(
        new DiffView.Input(
            proposed,
            "from release.yaml, not applied",
            group,
            current,
            "the group's last successful deployment",
            "CodeDeployDefault.ECSCanary10Percent5Minutes",
            TrafficTimeline.builtIn("CodeDeployDefault.ECSCanary10Percent5Minutes").orElseThrow(),
            null));
  }

  @Test
  void comparesTheRevisionWithTheLastSuccessfulOneAndThePrimaryTaskSet() {
    EcsDeployment proposed =
        deployment(
            "checkout-119",
            inline(
                appSpec(
                    119,
                    "- AfterAllowTestTraffic: \"checkout-smoke-tests-v2\"\n"
                        + "- BeforeAllowTraffic: \"checkout-check-dependencies\"")));

    String diff = render(proposed, group("app", PRIMARY), release118());

    assertThat(diff)
        .contains("Deployment:     checkout-119 in shop (from release.yaml, not applied)")
        .contains("Group:          checkout-production (service production/checkout-external)")
        .contains(
            "Current:        checkout-118, the group's last successful deployment (ended"
                + " 2026-11-20 10:41:07Z)")
        .contains("Primary:        7001, the task set checkout-118 created")
        .containsPattern(
            "FIELD\\s+CURRENT \\(checkout-118\\)\\s+PROPOSED \\(checkout-119\\)\\s+CHANGE\n")
        .containsPattern("Task definition\\s+" + TD + "118\\s+checkout:119\\s+changed\n")
        .containsPattern("Container\\s+checkout:8080\\s+checkout:8080\n")
        .containsPattern("Launch\\s+FARGATE, platform 1.4.0\\s+the service's, platform 1.4.0\n")
        .containsPattern("Network\\s+the service's\\s+the service's\n")
        .containsPattern(
            "AfterAllowTestTraffic hook\\s+checkout-smoke-tests\\s+checkout-smoke-tests-v2\\s+"
                + "changed\n")
        .containsPattern("BeforeAllowTraffic hook\\s+-\\s+checkout-check-dependencies\\s+added\n")
        .doesNotContain("BeforeInstall hook")
        .contains(
            "Traffic:        CodeDeployDefault.ECSCanary10Percent5Minutes (TimeBasedCanary: 10%,"
                + " then the rest after 5m), from the start of AllowTraffic:\n"
                + "  0s: 10% "
                + Text.arrow()
                + " replacement\n"
                + "  5m: 100% "
                + Text.arrow()
                + " replacement\n")
        .doesNotContain("Note:");
  }

  @Test
  void marksRemovedHooksAndChangedLaunchesAndTheSameTaskDefinitionInEitherForm() {
    EcsDeployment current = release118();
    EcsDeployment proposed =
        deployment(
            "checkout-118b",
            """
            appSpec:
              taskDefinition: %s118
              containerName: checkout
              containerPort: 8080
              platformVersion: LATEST
              capacityProviderStrategy:
                - {capacityProvider: FARGATE_SPOT, weight: 3, base: 1}
              networkConfiguration:
                awsvpcConfiguration:
                  subnets: [subnet-0a1b2c3d4e5f60718]
                  securityGroups: [sg-0123456789abcdef0]
                  assignPublicIp: DISABLED
              hooks:
                beforeInstall: checkout-prepare
            """
                .formatted(TD));

    List<DiffView.Row> rows =
        DiffView.rows(
            current,
            DiffView.primaryTaskSet(current, PRIMARY),
            AppSpecFacts.of(current.getSpec().revision),
            proposed,
            AppSpecFacts.of(proposed.getSpec().revision));

    assertThat(rows)
        .extracting(
            r -> r.field() + " | " + r.current() + " | " + r.proposed() + " | " + r.change())
        .containsExactly(
            "Task definition | " + TD + "118 | " + TD + "118 | ",
            "Container | checkout:8080 | checkout:8080 | ",
            "Launch | FARGATE, platform 1.4.0 | FARGATE_SPOT (weight 3, base 1), platform LATEST"
                + " | changed",
            "Network | the service's | subnets subnet-0a1b2c3d4e5f60718; security groups"
                + " sg-0123456789abcdef0; public IP DISABLED | changed",
            "BeforeInstall hook | - | checkout-prepare | added",
            "AfterAllowTestTraffic hook | checkout-smoke-tests | - | removed");
  }

  @Test
  void anS3RevisionIsNotReadUntilTheOperatorRecordedIt() {
    String s3 = "s3Location: {bucket: checkout-appspecs, key: releases/119/appspec.yaml}";
    EcsDeployment proposed = deployment("checkout-119", s3);

    String diff = render(proposed, group("app", PRIMARY), release118());

    assertThat(diff)
        .containsPattern("Task definition\\s+" + TD + "118\\s+\\?\n")
        .containsPattern("Launch\\s+FARGATE, platform 1.4.0\\s+\\?\n")
        .contains(
            "Note: Proposed revision not read: the AppSpec is in S3"
                + " (s3://checkout-appspecs/releases/119/appspec.yaml) and the plugin makes no AWS"
                + " calls.");

    EcsDeployment registered = deployment("checkout-119", s3);
    registered.setStatus(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus());
    registered.getStatus().revision = new io.ecsdeploy.operator.api.v1alpha1.RevisionSummary();
    registered.getStatus().revision.taskDefinition = "checkout:119";
    registered.getStatus().revision.container = "checkout:8080";
    registered.getStatus().revision.launch = "FARGATE, platform 1.4.0";

    assertThat(render(registered, group("app", PRIMARY), release118()))
        .containsPattern("Task definition\\s+" + TD + "118\\s+checkout:119\\s+changed\n")
        .containsPattern("Launch\\s+FARGATE, platform 1.4.0\\s+FARGATE, platform 1.4.0\n")
        .doesNotContain("Proposed revision not read");
  }

  @Test
  void aFirstDeploymentHasNothingToCompareWith() {
    EcsDeployment proposed =
        deployment("checkout-1", inline(appSpec(1, "- BeforeInstall: \"prepare\"")));

    String diff = render(proposed, group("app", null), null);

    assertThat(diff)
        .contains("Current:        none: the group records no successful deployment")
        .contains("Primary:        none recorded")
        .containsPattern("FIELD\\s+CURRENT\\s+PROPOSED \\(checkout-1\\)\\s+CHANGE\n")
        .containsPattern("Task definition\\s+-\\s+checkout:1\n")
        .contains(
            "Note: If the service has no task set yet (a first deployment), AllowTraffic moves all"
                + " production traffic in one step.");
  }

  @Test
  void notesAWrongSha256ANetworkLoadBalancerAndAPrimaryTheOperatorDidNotRecord() {
    EcsDeployment proposed =
        deployment(
            "checkout-119",
            inline(appSpec(119, "- BeforeInstall: \"prepare\"")) + "  sha256: " + "0".repeat(64));

    String diff = render(proposed, group("net", PRIMARY + "-other"), release118());

    assertThat(diff)
        .contains("Primary:        7001-other\n")
        .contains(
            "Note: The primary task set 7001-other is not one checkout-118 recorded: the service"
                + " may have changed since.")
        .contains("Note: The AppSpec's SHA-256 is ")
        .contains("INVALID_REVISION")
        .contains(
            "Note: The production listener is on a Network Load Balancer, which takes only"
                + " all-at-once shifting: the operator would refuse"
                + " CodeDeployDefault.ECSCanary10Percent5Minutes.")
        .containsPattern("Task definition\\s+checkout:118\\s+checkout:119\\s+changed\n");
  }

  @Test
  void saysWhenTheConfigurationCannotBeFound() {
    EcsDeployment proposed = deployment("checkout-119", inline(appSpec(119, "[]")));

    String diff =
        DiffView.render(
            new DiffView.Input(
                proposed,
                "status Created",
                group("app", PRIMARY),
                null,
                null,
                "checkout-canary",
                null,
                "neither a built-in configuration nor an EcsDeploymentConfig in namespace shop"));

    assertThat(diff)
        .contains(
            "Traffic:        checkout-canary: neither a built-in configuration nor an"
                + " EcsDeploymentConfig in namespace shop");
  }

  @Test
  void usesTheConfigurationTheDeploymentRegisteredWithElseItsOverrideElseItsGroups() {
    EcsDeploymentGroup group = group("app", null);
    EcsDeployment deployment = deployment("d", inline(appSpec(1, "[]")));
    assertThat(DiffCommand.configName(deployment, group))
        .isEqualTo("CodeDeployDefault.ECSCanary10Percent5Minutes");
    deployment.getSpec().overrides = new io.ecsdeploy.operator.api.v1alpha1.DeploymentOverrides();
    deployment.getSpec().overrides.deploymentConfigName = "checkout-linear";
    assertThat(DiffCommand.configName(deployment, group)).isEqualTo("checkout-linear");
    deployment.setStatus(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus());
    deployment.getStatus().deploymentConfigName = "CodeDeployDefault.ECSAllAtOnce";
    assertThat(DiffCommand.configName(deployment, group))
        .isEqualTo("CodeDeployDefault.ECSAllAtOnce");
    group.getSpec().deploymentConfigName = null;
    assertThat(DiffCommand.configName(deployment("e", inline(appSpec(1, "[]"))), group))
        .isEqualTo(TrafficTimeline.DEFAULT_CONFIG);
  }

  @Test
  void comparesWithTheNewestSuccessOfTheGroupBeforeTheDeployment() {
    EcsDeployment older = succeeded("release-1", "2026-11-20T10:00:00Z", "checkout-production");
    EcsDeployment newer = succeeded("release-2", "2026-11-21T10:00:00Z", "checkout-production");
    EcsDeployment otherGroup = succeeded("other-3", "2026-11-22T09:00:00Z", "payments");
    EcsDeployment failed = succeeded("release-3", "2026-11-22T10:00:00Z", "checkout-production");
    failed.getStatus().status = DeploymentStatus.Failed;
    EcsDeployment self = succeeded("release-4", "2026-11-23T10:00:00Z", "checkout-production");
    List<EcsDeployment> all = List.of(older, newer, otherGroup, failed, self);

    assertThat(DiffCommand.previousSuccess(all, self, "checkout-production")).isSameAs(newer);
    assertThat(DiffCommand.previousSuccess(all, newer, "checkout-production")).isSameAs(older);
    assertThat(DiffCommand.previousSuccess(all, older, "checkout-production")).isNull();
    EcsDeployment manifest = deployment("release-5", inline(appSpec(5, "[]")));
    assertThat(DiffCommand.previousSuccess(all, manifest, "checkout-production")).isSameAs(self);
  }

  private static EcsDeployment succeeded(String name, String created, String group) {
    EcsDeployment d = deployment(name, inline(appSpec(1, "[]")));
    d.getSpec().deploymentGroupName = group;
    d.getMetadata().setCreationTimestamp(created);
    d.setStatus(new io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus());
    d.getStatus().status = DeploymentStatus.Succeeded;
    d.getStatus().createTime = created;
    return d;
  }

  // --- reading AppSpecs ---

  @Test
  void readsAppSpecsInYamlOrJsonOrAsFields() {
    AppSpecFacts yaml = AppSpecFacts.fromContent(CodeDeployImportTest.read("appspec.yaml"));
    assertThat(yaml.taskDefinition()).isEqualTo(TD + "118");
    assertThat(yaml.container()).isEqualTo("checkout:8080");
    assertThat(yaml.platformVersion()).isEqualTo("LATEST");
    assertThat(yaml.strategy()).isNull();
    assertThat(yaml.network())
        .isEqualTo(
            "subnets subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788; security groups"
                + " sg-0123456789abcdef0; public IP DISABLED");
    assertThat(yaml.hooks())
        .containsExactly(
            java.util.Map.entry("AfterAllowTestTraffic", "checkout-smoke-tests"),
            java.util.Map.entry("BeforeAllowTraffic", "checkout-check-dependencies"));

    AppSpecFacts json =
        AppSpecFacts.fromContent(
            """
            {"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service",
              "Properties": {"TaskDefinition": "web:7",
                "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": "80"},
                "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Base": 1}]}}}],
             "Hooks": [{"AfterInstall": "check"}, {"BeforeInstall": "prepare"}]}
            """);
    assertThat(json.taskDefinition()).isEqualTo("web:7");
    assertThat(json.container()).isEqualTo("web:80");
    assertThat(json.strategy()).isEqualTo("FARGATE (weight 0, base 1)");
    assertThat(json.hooks().keySet()).containsExactly("BeforeInstall", "AfterInstall");

    assertThat(AppSpecFacts.fromContent("Resources: {").unreadable())
        .startsWith("the AppSpec does not parse");
    assertThat(AppSpecFacts.fromContent("- just a list").unreadable())
        .isEqualTo("the AppSpec is not a mapping with version, Resources and Hooks");
    assertThat(AppSpecFacts.fromContent("version: 0.0\nResources: []").unreadable())
        .isEqualTo("the AppSpec has no Resources with a TargetService");
    assertThat(AppSpecFacts.of(null).readable()).isFalse();
    assertThat(AppSpecFacts.sha256Mismatch("x", AppSpecFacts.sha256("x"))).isEmpty();
    assertThat(AppSpecFacts.sha256Mismatch("x", "0".repeat(64))).isPresent();
    assertThat(AppSpecFacts.sha256Mismatch("x", null)).isEqualTo(Optional.empty());
  }

  @Test
  void readsTheConfigurationOfAManifest() {
    EcsDeploymentConfig config =
        Serializations.PLAIN.unmarshal(
            """
            apiVersion: ecsdeploy.io/v1alpha1
            kind: EcsDeploymentConfig
            metadata: {name: checkout-canary}
            spec:
              trafficRouting:
                type: TimeBasedCanary
                timeBasedCanary: {canaryPercentage: 25, canaryInterval: 10m}
            """,
            EcsDeploymentConfig.class);
    assertThat(timeline(config.getSpec().trafficRouting)).containsExactly("0s 25%", "10m 100%");
  }
}
