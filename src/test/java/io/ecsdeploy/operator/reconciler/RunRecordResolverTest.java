package io.ecsdeploy.operator.reconciler;

import static io.ecsdeploy.operator.reconciler.Fixtures.BLUE;
import static io.ecsdeploy.operator.reconciler.Fixtures.DEPLOYMENT_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.EXTERNAL_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.GREEN;
import static io.ecsdeploy.operator.reconciler.Fixtures.PRODUCTION_LISTENER;
import static io.ecsdeploy.operator.reconciler.Fixtures.SERVICE;
import static io.ecsdeploy.operator.reconciler.Fixtures.TASK_DEFINITION;
import static io.ecsdeploy.operator.reconciler.Fixtures.TEST_RULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.api.v1alpha1.AppSpecContent;
import io.ecsdeploy.operator.api.v1alpha1.AppSpecFields;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentOverrides;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplicationSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfigSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsServiceRef;
import io.ecsdeploy.operator.api.v1alpha1.EventBridgeNotifications;
import io.ecsdeploy.operator.api.v1alpha1.HttpHooks;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleHooks;
import io.ecsdeploy.operator.api.v1alpha1.LoadBalancerInfo;
import io.ecsdeploy.operator.api.v1alpha1.NetworkConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.NetworkLoadBalancerTraffic;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.S3Location;
import io.ecsdeploy.operator.api.v1alpha1.SecretKeyRef;
import io.ecsdeploy.operator.api.v1alpha1.TargetGroupRef;
import io.ecsdeploy.operator.api.v1alpha1.TargetHealthGate;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TrafficPause;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.appspec.AssignPublicIp;
import io.ecsdeploy.operator.appspec.AwsVpcConfiguration;
import io.ecsdeploy.operator.appspec.CapacityProviderStrategyItem;
import io.ecsdeploy.operator.appspec.EcsTargetService;
import io.ecsdeploy.operator.aws.AwsAccess;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.FetchedRevision;
import io.ecsdeploy.operator.aws.RevisionLocation;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.TaskDefinitionDescription;
import io.ecsdeploy.operator.aws.VpcNetwork;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.EventBridgeSettings;
import io.ecsdeploy.operator.lifecycle.HttpHookSettings;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.TargetHealthSettings;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.TrafficStep;
import io.ecsdeploy.operator.reconciler.FakeAwsPorts.Operation;
import io.ecsdeploy.operator.reconciler.RunRecordResolver.Resolution;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RunRecordResolverTest {
  static final String NAMESPACE = "team-a";
  static final String DEFAULT_REGION = "us-east-1";
  static final String NETWORK_LISTENER =
      "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/net/web/0123456789abcdef/1111111111111111";

  static final String APPSPEC =
      """
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:42"
              LoadBalancerInfo:
                ContainerName: "web"
                ContainerPort: 8080
      Hooks:
        - AfterAllowTestTraffic: "validate-test-traffic"
        - AfterAllowTraffic: "smoke-test"
      """;

  static final TaskDefinitionDescription WEB_AND_ENVOY =
      new TaskDefinitionDescription(
          TASK_DEFINITION,
          "web",
          42,
          "ACTIVE",
          List.of(
              new TaskDefinitionDescription.Container("envoy", List.of(9901, 15000)),
              new TaskDefinitionDescription.Container("web", List.of(8080))));

  final FakeAwsPorts fake = new FakeAwsPorts();
  final List<String> accessed = new ArrayList<>();
  final AwsAccess aws =
      (region, role) -> {
        accessed.add(region + " as " + role.orElse("the operator"));
        return fake.ports();
      };
  final RunRecordResolver resolver =
      new RunRecordResolver(aws, DEFAULT_REGION, Duration.ofSeconds(15));

  EcsDeployment deployment;
  EcsDeploymentGroup group;
  EcsApplication application;
  EcsDeploymentConfig config;

  @BeforeEach
  void aCanaryOfAnInlineRevision() {
    deployment = new EcsDeployment();
    deployment.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(NAMESPACE)
            .withName("web-42")
            .withUid(EXTERNAL_ID)
            .build());
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = "web-group";
    deployment.getSpec().revision = inline(APPSPEC);

    group = new EcsDeploymentGroup();
    group.setMetadata(
        new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("web-group").build());
    EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
    spec.applicationName = "web-app";
    spec.service = new EcsServiceRef();
    spec.service.clusterName = SERVICE.cluster();
    spec.service.serviceName = SERVICE.service();
    spec.loadBalancer = new LoadBalancerInfo();
    spec.loadBalancer.targetGroups = List.of(targetGroup(BLUE), targetGroup(GREEN));
    spec.loadBalancer.productionRoute = new TrafficRoute();
    spec.loadBalancer.productionRoute.listenerArn = PRODUCTION_LISTENER;
    spec.loadBalancer.testRoute = new TrafficRoute();
    spec.loadBalancer.testRoute.listenerRuleArn = TEST_RULE;
    spec.deploymentConfigName = "web-canary";
    spec.region = "eu-west-1";
    spec.hookTimeout = "30m";
    group.setSpec(spec);

    application = new EcsApplication();
    application.setMetadata(
        new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("web-app").build());
    application.setSpec(new EcsApplicationSpec());
    application.getSpec().roleArn = Fixtures.ROLE;

    config = new EcsDeploymentConfig();
    config.setMetadata(
        new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("web-canary").build());
    config.setSpec(new EcsDeploymentConfigSpec());
    config.getSpec().trafficRouting = new io.ecsdeploy.operator.api.v1alpha1.TrafficRouting();
    config.getSpec().trafficRouting.type = TrafficRoutingType.TimeBasedCanary;
    config.getSpec().trafficRouting.timeBasedCanary = new TimeBasedCanary();
    config.getSpec().trafficRouting.timeBasedCanary.canaryPercentage = 10;
    config.getSpec().trafficRouting.timeBasedCanary.canaryInterval = "5m";

    fake.taskDefinitions.put(TASK_DEFINITION, WEB_AND_ENVOY);
    fake.services.put(SERVICE, Fixtures.service());
  }

  Resolution resolve() {
    return resolve(
        new RunRecordResolver.References(
            Optional.of(group), Optional.of(application), Optional.of(config)));
  }

  Resolution resolve(RunRecordResolver.References references) {
    return resolver.resolve(deployment, DEPLOYMENT_ID, references);
  }

  static TargetGroupRef targetGroup(String arn) {
    TargetGroupRef ref = new TargetGroupRef();
    ref.arn = arn;
    return ref;
  }

  static Revision inline(String content) {
    Revision revision = new Revision();
    revision.appSpecContent = new AppSpecContent();
    revision.appSpecContent.content = content;
    return revision;
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Nested
  class Resolved {
    @Test
    void freezesWhereAndWhatTheDeploymentRuns() {
      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.RESOLVED);
      FrozenInputs inputs = resolution.inputs();
      assertThat(inputs.applicationName()).isEqualTo("web-app");
      assertThat(inputs.groupName()).isEqualTo("web-group");
      assertThat(inputs.region()).isEqualTo("eu-west-1");
      assertThat(inputs.roleArn()).isEqualTo(Fixtures.ROLE);
      assertThat(inputs.service()).isEqualTo(SERVICE);
      assertThat(inputs.productionRoute()).isEqualTo(Route.listener(PRODUCTION_LISTENER));
      assertThat(inputs.testRoute()).isEqualTo(Route.rule(TEST_RULE));
      assertThat(inputs.deploymentConfigName()).isEqualTo("web-canary");
      assertThat(inputs.trafficRouting()).isEqualTo("10%, the remaining 90% after 5m");
      assertThat(accessed).containsExactly("eu-west-1 as " + Fixtures.ROLE);
    }

    @Test
    void freezesTheEventBusWithTheDefaultSourceAndTheGroupsUid() {
      group.getMetadata().setUid("group-uid-1");
      group.getSpec().eventBridge = new EventBridgeNotifications();
      group.getSpec().eventBridge.eventBusName = "deployments";

      EventBridgeSettings eventBridge = resolve().inputs().settings().eventBridge();

      assertThat(eventBridge)
          .isEqualTo(new EventBridgeSettings("deployments", "ecsdeploy.codedeploy", "group-uid-1"));
    }

    @Test
    void withoutAnEventBusFreezesNone() {
      assertThat(resolve().inputs().settings().eventBridge()).isNull();
    }

    @Test
    void freezesPausesOfAStepSchedule() {
      config.getSpec().trafficRouting = new io.ecsdeploy.operator.api.v1alpha1.TrafficRouting();
      config.getSpec().trafficRouting.type = TrafficRoutingType.Steps;
      io.ecsdeploy.operator.api.v1alpha1.TrafficStep paused =
          new io.ecsdeploy.operator.api.v1alpha1.TrafficStep();
      paused.weight = 20;
      paused.pause = new TrafficPause();
      io.ecsdeploy.operator.api.v1alpha1.TrafficStep limited =
          new io.ecsdeploy.operator.api.v1alpha1.TrafficStep();
      limited.weight = 50;
      limited.pause = new TrafficPause();
      limited.pause.duration = "30m";
      io.ecsdeploy.operator.api.v1alpha1.TrafficStep all =
          new io.ecsdeploy.operator.api.v1alpha1.TrafficStep();
      all.weight = 100;
      config.getSpec().trafficRouting.steps = List.of(paused, limited, all);

      Resolution resolution = resolve();

      assertThat(resolution.inputs().settings().trafficRouting().steps())
          .containsExactly(
              io.ecsdeploy.operator.lifecycle.TrafficStep.pause(20, Duration.ZERO),
              io.ecsdeploy.operator.lifecycle.TrafficStep.pause(50, Duration.ofMinutes(30)),
              new io.ecsdeploy.operator.lifecycle.TrafficStep(100, Duration.ZERO));
      assertThat(resolution.inputs().trafficRouting())
          .isEqualTo("20% paused until continued, 50% paused until continued or 30m, 100%");
    }

    @Test
    void aGradualConfigurationOnANetworkLoadBalancerRunsByDefault() {
      group.getSpec().loadBalancer.productionRoute.listenerArn = NETWORK_LISTENER;

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.RESOLVED);
      assertThat(resolution.inputs().settings().trafficRouting().type())
          .isEqualTo(TrafficRoutingType.TimeBasedCanary);
      assertThat(fake.operations()).doesNotContain(Operation.DESCRIBE_LISTENER);
    }

    @Test
    void aListenerArnThatDoesNotTellIsAskedForItsProtocolOnlyUnderCodeDeploysRule() {
      group.getSpec().networkLoadBalancerTraffic = NetworkLoadBalancerTraffic.AllAtOnceOnly;
      fake.listenerProtocol = "TCP";

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.WAITING);
      assertThat(resolution.waiting().reason()).isEqualTo(Reasons.DEPLOYMENT_CONFIG_NOT_ALLOWED);
      assertThat(fake.operations()).containsExactly(Operation.DESCRIBE_LISTENER);
    }

    @Test
    void freezesTheEnginesSettings() {
      DeploymentSettings settings = resolve().inputs().settings();

      assertThat(settings.deploymentId()).isEqualTo(DEPLOYMENT_ID);
      assertThat(settings.externalId()).isEqualTo(EXTERNAL_ID);
      assertThat(settings.targetGroups()).containsExactly(BLUE, GREEN);
      assertThat(settings.testListener()).isTrue();
      assertThat(settings.trafficRouting())
          .isEqualTo(TrafficRouting.canary(10, Duration.ofMinutes(5)));
      assertThat(settings.hookFunctions())
          .isEqualTo(
              Map.of(
                  LifecycleEvent.AfterAllowTestTraffic, "validate-test-traffic",
                  LifecycleEvent.AfterAllowTraffic, "smoke-test"));
      assertThat(settings.hookTimeout()).isEqualTo(Duration.ofMinutes(30));
      assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void freezesTheGroupsHttpHooksAndTargetHealthGate() {
      group.getSpec().httpHooks = new HttpHooks();
      group.getSpec().httpHooks.signingSecret = new SecretKeyRef();
      group.getSpec().httpHooks.signingSecret.name = "hook-signing";
      group.getSpec().httpHooks.beforeAllowTraffic = "https://ci.example.com/approve";
      group.getSpec().targetHealth = new TargetHealthGate();
      group.getSpec().targetHealth.minHealthy = "2";
      group.getSpec().targetHealth.timeout = "2m";

      DeploymentSettings settings = resolve().inputs().settings();

      assertThat(settings.hookFunctions())
          .isEqualTo(
              Map.of(
                  LifecycleEvent.AfterAllowTestTraffic, "validate-test-traffic",
                  LifecycleEvent.BeforeAllowTraffic, "https://ci.example.com/approve",
                  LifecycleEvent.AfterAllowTraffic, "smoke-test"));
      assertThat(settings.httpHooks()).isEqualTo(new HttpHookSettings("hook-signing", "key"));
      assertThat(settings.targetHealthGate())
          .isEqualTo(new TargetHealthSettings(true, 2, 100, Duration.ofMinutes(2)));
    }

    @Test
    void anHttpHookForAnEventTheAppSpecNamesAFunctionForIsRejectedBeforeItStarts() {
      group.getSpec().httpHooks = new HttpHooks();
      group.getSpec().httpHooks.signingSecret = new SecretKeyRef();
      group.getSpec().httpHooks.signingSecret.name = "hook-signing";
      group.getSpec().httpHooks.afterAllowTraffic = "https://ci.example.com/after";

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(resolution.message()).contains("smoke-test").contains("AfterAllowTraffic");
      assertThat(fake.calls(Operation.DESCRIBE_TASK_DEFINITION)).isEmpty();
    }

    @Test
    void completesTheReplacementWithTheServicesLaunchSettings() {
      FrozenInputs.Replacement replacement = resolve().inputs().replacement();

      assertThat(replacement)
          .isEqualTo(
              new FrozenInputs.Replacement(
                  TASK_DEFINITION,
                  "web",
                  8080,
                  "FARGATE",
                  List.of(),
                  "LATEST",
                  Fixtures.network()));
      assertThat(fake.onlyCall(Operation.DESCRIBE_SERVICE).argument(0)).isEqualTo(SERVICE);
    }

    @Test
    void anInlineRevisionRecordsTheSha256OfItsText() throws Exception {
      FrozenInputs.RevisionSource source = resolve().inputs().revision();

      assertThat(source)
          .isEqualTo(
              new FrozenInputs.RevisionSource("inline", sha256(APPSPEC), null, null, null, null));
      assertThat(fake.calls(Operation.FETCH)).isEmpty();
    }

    @Test
    void anS3RevisionRecordsTheObjectThatWasReadAndIsReadOnce() throws Exception {
      deployment.getSpec().revision = new Revision();
      S3Location s3 = new S3Location();
      s3.bucket = "web-revisions";
      s3.key = "web/appspec-42.yaml";
      s3.version = "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY";
      s3.eTag = "\"d41d8cd98f00b204e9800998ecf8427e\"";
      deployment.getSpec().revision.s3Location = s3;
      RevisionLocation location =
          new RevisionLocation(
              "web-revisions",
              "web/appspec-42.yaml",
              "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY",
              "\"d41d8cd98f00b204e9800998ecf8427e\"");
      byte[] content = APPSPEC.getBytes(StandardCharsets.UTF_8);
      fake.revisions.put(
          location,
          new FetchedRevision(
              FetchedRevision.Outcome.FOUND,
              content,
              "d41d8cd98f00b204e9800998ecf8427e",
              "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY",
              content.length,
              null));

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.RESOLVED);
      assertThat(resolution.inputs().revision())
          .isEqualTo(
              new FrozenInputs.RevisionSource(
                  "s3",
                  sha256(APPSPEC),
                  "web-revisions",
                  "web/appspec-42.yaml",
                  "3HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY",
                  "d41d8cd98f00b204e9800998ecf8427e"));
      assertThat(fake.onlyCall(Operation.FETCH).argument(0)).isEqualTo(location);
      assertThat(resolution.inputs().replacement().containerName()).isEqualTo("web");
    }

    @Test
    void aStructuredRevisionRecordsTheSha256OfItsFields() {
      deployment.getSpec().revision = structured(8080);

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.RESOLVED);
      FrozenInputs.RevisionSource source = resolution.inputs().revision();
      assertThat(source.kind()).isEqualTo("structured");
      assertThat(source.sha256()).matches("[0-9a-f]{64}");
      assertThat(source.s3Bucket()).isNull();
      FrozenInputs.Replacement replacement = resolution.inputs().replacement();
      assertThat(replacement.capacityProviderStrategy())
          .containsExactly(new CapacityProviderItem("FARGATE_SPOT", 4, 1));
      assertThat(replacement.launchType()).isNull();
      assertThat(replacement.platformVersion()).isEqualTo("1.4.0");
      assertThat(replacement.network())
          .isEqualTo(new VpcNetwork(List.of("subnet-0f0e0d0c"), List.of("sg-0a0b0c0d"), true));
      assertThat(resolution.inputs().settings().hookFunctions())
          .isEqualTo(Map.of(LifecycleEvent.BeforeInstall, "check-before-install"));
    }

    @Test
    void equalStructuredFieldsHaveTheSameSha256AndOthersAnother() {
      deployment.getSpec().revision = structured(8080);
      String first = resolve().inputs().revision().sha256();
      deployment.getSpec().revision = structured(8080);
      String same = resolve().inputs().revision().sha256();
      fake.taskDefinitions.put(
          TASK_DEFINITION,
          new TaskDefinitionDescription(
              TASK_DEFINITION,
              "web",
              42,
              "ACTIVE",
              List.of(new TaskDefinitionDescription.Container("web", List.of(8080, 8081)))));
      deployment.getSpec().revision = structured(8081);
      String other = resolve().inputs().revision().sha256();

      assertThat(same).isEqualTo(first);
      assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aBuiltInConfigurationNeedsNoEcsDeploymentConfig() {
      group.getSpec().deploymentConfigName = "CodeDeployDefault.ECSLinear10PercentEvery3Minutes";

      Resolution resolution =
          resolve(
              new RunRecordResolver.References(
                  Optional.of(group), Optional.of(application), Optional.empty()));

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.RESOLVED);
      assertThat(resolution.inputs().settings().trafficRouting())
          .isEqualTo(TrafficRouting.linear(10, Duration.ofMinutes(3)));
      assertThat(resolution.inputs().trafficRouting()).isEqualTo("+10% every 3m");
    }

    @Test
    void theDeploymentsOverrideNamesTheConfiguration() {
      deployment.getSpec().overrides = new DeploymentOverrides();
      deployment.getSpec().overrides.deploymentConfigName = "CodeDeployDefault.ECSAllAtOnce";

      Resolution resolution = resolve();

      assertThat(resolution.inputs().deploymentConfigName())
          .isEqualTo("CodeDeployDefault.ECSAllAtOnce");
      assertThat(resolution.inputs().settings().trafficRouting())
          .isEqualTo(TrafficRouting.allAtOnce());
    }

    @Test
    void withoutRegionOrRoleTheOperatorsOwnAreUsed() {
      group.getSpec().region = null;
      application.getSpec().roleArn = null;

      FrozenInputs inputs = resolve().inputs();

      assertThat(inputs.region()).isEqualTo(DEFAULT_REGION);
      assertThat(inputs.roleArn()).isNull();
      assertThat(accessed).containsExactly(DEFAULT_REGION + " as the operator");
    }

    @Test
    void theGroupsRoleAndTheApplicationsRegionAreUsed() {
      group.getSpec().region = null;
      group.getSpec().roleArn = "arn:aws:iam::444455556666:role/group-deployer";
      application.getSpec().region = "ap-southeast-2";

      FrozenInputs inputs = resolve().inputs();

      assertThat(inputs.region()).isEqualTo("ap-southeast-2");
      assertThat(inputs.roleArn()).isEqualTo("arn:aws:iam::444455556666:role/group-deployer");
      assertThat(accessed)
          .containsExactly("ap-southeast-2 as arn:aws:iam::444455556666:role/group-deployer");
    }

    @Test
    void aGroupWithoutTestRouteFreezesNone() {
      group.getSpec().loadBalancer.testRoute = null;

      FrozenInputs inputs = resolve().inputs();

      assertThat(inputs.testRoute()).isNull();
      assertThat(inputs.settings().testListener()).isFalse();
    }

    Revision structured(int containerPort) {
      AppSpecFields fields = new AppSpecFields();
      fields.taskDefinition = TASK_DEFINITION;
      fields.containerName = "web";
      fields.containerPort = containerPort;
      fields.platformVersion = "1.4.0";
      fields.networkConfiguration = new NetworkConfiguration();
      fields.networkConfiguration.awsvpcConfiguration =
          new io.ecsdeploy.operator.api.v1alpha1.AwsVpcConfiguration();
      fields.networkConfiguration.awsvpcConfiguration.subnets = List.of("subnet-0f0e0d0c");
      fields.networkConfiguration.awsvpcConfiguration.securityGroups = List.of("sg-0a0b0c0d");
      fields.networkConfiguration.awsvpcConfiguration.assignPublicIp =
          io.ecsdeploy.operator.api.v1alpha1.AwsVpcConfiguration.AssignPublicIp.ENABLED;
      io.ecsdeploy.operator.api.v1alpha1.CapacityProviderStrategyItem spot =
          new io.ecsdeploy.operator.api.v1alpha1.CapacityProviderStrategyItem();
      spot.capacityProvider = "FARGATE_SPOT";
      spot.base = 1;
      spot.weight = 4;
      fields.capacityProviderStrategy = List.of(spot);
      fields.hooks = new LifecycleHooks();
      fields.hooks.beforeInstall = "check-before-install";
      Revision revision = new Revision();
      revision.appSpec = fields;
      return revision;
    }
  }

  @Nested
  class Waiting {
    @Test
    void aMissingGroupWaits() {
      Resolution resolution =
          resolve(
              new RunRecordResolver.References(
                  Optional.empty(), Optional.empty(), Optional.empty()));

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.WAITING);
      assertThat(resolution.waiting().reason()).isEqualTo(Reasons.DEPLOYMENT_GROUP_MISSING);
      assertThat(resolution.waiting().message()).contains("web-group").contains(NAMESPACE);
      assertThat(resolution.inputs()).isNull();
      assertThat(accessed).isEmpty();
    }

    @Test
    void aMissingApplicationWaits() {
      Resolution resolution =
          resolve(
              new RunRecordResolver.References(
                  Optional.of(group), Optional.empty(), Optional.of(config)));

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.WAITING);
      assertThat(resolution.waiting().reason()).isEqualTo(Reasons.APPLICATION_MISSING);
      assertThat(resolution.waiting().message()).contains("web-app").contains(NAMESPACE);
      assertThat(accessed).isEmpty();
    }

    @Test
    void aMissingConfigurationWaits() {
      Resolution resolution =
          resolve(
              new RunRecordResolver.References(
                  Optional.of(group), Optional.of(application), Optional.empty()));

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.WAITING);
      assertThat(resolution.waiting().reason()).isEqualTo(Reasons.DEPLOYMENT_CONFIG_MISSING);
      assertThat(resolution.waiting().message()).contains("web-canary").contains(NAMESPACE);
      assertThat(accessed).isEmpty();
    }

    @Test
    void aGradualConfigurationOnANetworkLoadBalancerWaitsWhenTheGroupAllowsOnlyAllAtOnce() {
      group.getSpec().loadBalancer.productionRoute.listenerArn = NETWORK_LISTENER;
      group.getSpec().networkLoadBalancerTraffic = NetworkLoadBalancerTraffic.AllAtOnceOnly;

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.WAITING);
      assertThat(resolution.waiting().reason()).isEqualTo(Reasons.DEPLOYMENT_CONFIG_NOT_ALLOWED);
      assertThat(resolution.waiting().message())
          .contains("web-canary")
          .contains("Network Load Balancer");
      assertThat(accessed).isEmpty();
    }
  }

  @Nested
  class Rejected {
    @Test
    void aMissingS3ObjectIsRevisionMissing() {
      deployment.getSpec().revision = new Revision();
      deployment.getSpec().revision.s3Location = new S3Location();
      deployment.getSpec().revision.s3Location.bucket = "web-revisions";
      deployment.getSpec().revision.s3Location.key = "web/gone.yaml";

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.REVISION_MISSING);
      assertThat(resolution.message()).contains("s3://web-revisions/web/gone.yaml");
      assertThat(fake.operations()).containsExactly(Operation.FETCH);
    }

    @Test
    void anS3ObjectWithAnotherETagIsAnInvalidRevision() {
      deployment.getSpec().revision = new Revision();
      deployment.getSpec().revision.s3Location = new S3Location();
      deployment.getSpec().revision.s3Location.bucket = "web-revisions";
      deployment.getSpec().revision.s3Location.key = "web/appspec.yaml";
      deployment.getSpec().revision.s3Location.eTag = "abc";
      fake.revisions.put(
          new RevisionLocation("web-revisions", "web/appspec.yaml", null, "abc"),
          new FetchedRevision(
              FetchedRevision.Outcome.ETAG_MISMATCH,
              null,
              "def",
              null,
              10,
              "the object's ETag is def, not abc"));

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(resolution.message()).isEqualTo("the object's ETag is def, not abc");
    }

    @Test
    void anS3ObjectWithAnotherSha256IsAnInvalidRevisionNamingBothDigests() throws Exception {
      deployment.getSpec().revision = new Revision();
      deployment.getSpec().revision.s3Location = new S3Location();
      deployment.getSpec().revision.s3Location.bucket = "web-revisions";
      deployment.getSpec().revision.s3Location.key = "web/appspec.yaml";
      String expected = "0".repeat(64);
      deployment.getSpec().revision.s3Location.sha256 = expected;
      byte[] content = APPSPEC.getBytes(StandardCharsets.UTF_8);
      fake.revisions.put(
          new RevisionLocation("web-revisions", "web/appspec.yaml", null, null),
          new FetchedRevision(
              FetchedRevision.Outcome.FOUND, content, "etag", null, content.length, null));

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(resolution.message())
          .isEqualTo(
              "s3://web-revisions/web/appspec.yaml has SHA-256 "
                  + sha256(APPSPEC)
                  + ", expected "
                  + expected);

      deployment.getSpec().revision.s3Location.sha256 = sha256(APPSPEC).toUpperCase();
      assertThat(resolve().outcome()).isEqualTo(Resolution.Outcome.RESOLVED);
    }

    @Test
    void anAppSpecThatIsNotValidIsAnInvalidRevision() {
      deployment.getSpec().revision = inline("version: 0.0\nResources: []\n");

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(fake.calls).isEmpty();
    }

    @Test
    void anInlineRevisionWithAnotherSha256IsAnInvalidRevision() {
      deployment.getSpec().revision.appSpecContent.sha256 = "0".repeat(64);

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
    }

    @Test
    void aContainerNotInTheTaskDefinitionIsAnInvalidRevision() {
      deployment.getSpec().revision = inline(APPSPEC.replace("\"web\"", "\"api\""));

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(resolution.message())
          .contains("container api")
          .contains(TASK_DEFINITION)
          .contains("envoy, web");
      assertThat(fake.calls(Operation.DESCRIBE_SERVICE)).isEmpty();
    }

    @Test
    void aPortTheContainerDoesNotMapIsAnInvalidRevision() {
      deployment.getSpec().revision = inline(APPSPEC.replace("8080", "9090"));

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(resolution.message())
          .contains("port 9090")
          .contains("container web")
          .contains(TASK_DEFINITION)
          .contains("maps 8080");
    }

    @Test
    void aTaskDefinitionEcsDoesNotKnowIsAnInvalidRevision() {
      fake.taskDefinitions.clear();

      Resolution resolution = resolve();

      assertThat(resolution.outcome()).isEqualTo(Resolution.Outcome.REJECTED);
      assertThat(resolution.code()).isEqualTo(ErrorCode.INVALID_REVISION);
      assertThat(resolution.message()).contains(TASK_DEFINITION).contains("does not exist");
      assertThat(fake.onlyCall(Operation.DESCRIBE_TASK_DEFINITION).argument(0))
          .isEqualTo(TASK_DEFINITION);
      assertThat(fake.calls(Operation.DESCRIBE_SERVICE)).isEmpty();
    }
  }

  @Nested
  class AwsFailures {
    @Test
    void aFailedTaskDefinitionReadDecidesNothing() {
      AwsFailure throttled = FakeAwsPorts.failure(ErrorCode.THROTTLED, true, "Rate exceeded");
      fake.failing(Operation.DESCRIBE_TASK_DEFINITION, throttled);

      assertThatThrownBy(RunRecordResolverTest.this::resolve).isSameAs(throttled);
    }

    @Test
    void aFailedS3ReadDecidesNothing() {
      deployment.getSpec().revision = new Revision();
      deployment.getSpec().revision.s3Location = new S3Location();
      deployment.getSpec().revision.s3Location.bucket = "web-revisions";
      deployment.getSpec().revision.s3Location.key = "web/appspec.yaml";
      AwsFailure denied = FakeAwsPorts.failure(ErrorCode.IAM_ROLE_PERMISSIONS, false, "Denied");
      fake.failing(Operation.FETCH, denied);

      assertThatThrownBy(RunRecordResolverTest.this::resolve).isSameAs(denied);
    }
  }

  @Nested
  class Replacement {
    static final VpcNetwork SERVICE_NETWORK =
        new VpcNetwork(List.of("subnet-11111111"), List.of("sg-11111111"), true);

    static EcsService service(
        String launchType, List<CapacityProviderItem> strategy, String platformVersion) {
      EcsService described = Fixtures.service();
      return new EcsService(
          described.id(),
          described.arn(),
          described.status(),
          described.deploymentController(),
          described.desiredCount(),
          described.runningCount(),
          described.pendingCount(),
          SERVICE_NETWORK,
          described.taskSets(),
          launchType,
          strategy,
          platformVersion);
    }

    static EcsTargetService target(
        List<CapacityProviderStrategyItem> strategy,
        String platformVersion,
        AwsVpcConfiguration network) {
      return new EcsTargetService(TASK_DEFINITION, "web", 8080, platformVersion, network, strategy);
    }

    @Test
    void theAppSpecsStrategyWinsOverTheServicesStrategyAndLaunchType() {
      FrozenInputs.Replacement replacement =
          RunRecordResolver.replacement(
              target(List.of(new CapacityProviderStrategyItem("FARGATE_SPOT", 2, 5)), null, null),
              service("FARGATE", List.of(new CapacityProviderItem("FARGATE", 1, 0)), null));

      assertThat(replacement.capacityProviderStrategy())
          .containsExactly(new CapacityProviderItem("FARGATE_SPOT", 5, 2));
      assertThat(replacement.launchType()).isNull();
    }

    @Test
    void withoutOneInTheAppSpecTheServicesStrategyIsUsed() {
      List<CapacityProviderItem> services =
          List.of(
              new CapacityProviderItem("FARGATE_SPOT", 3, 0),
              new CapacityProviderItem("FARGATE", 1, 2));

      FrozenInputs.Replacement replacement =
          RunRecordResolver.replacement(
              target(List.of(), null, null), service(null, services, null));

      assertThat(replacement.capacityProviderStrategy()).isEqualTo(services);
      assertThat(replacement.launchType()).isNull();
    }

    @Test
    void withoutAnyStrategyTheServicesLaunchTypeIsUsed() {
      FrozenInputs.Replacement replacement =
          RunRecordResolver.replacement(
              target(List.of(), null, null), service("EC2", List.of(), null));

      assertThat(replacement.launchType()).isEqualTo("EC2");
      assertThat(replacement.capacityProviderStrategy()).isEmpty();
    }

    @Test
    void theAppSpecsPlatformVersionWinsElseTheServicesIsUsed() {
      EcsService onLatest = service("FARGATE", List.of(), "LATEST");

      assertThat(
              RunRecordResolver.replacement(target(List.of(), "1.4.0", null), onLatest)
                  .platformVersion())
          .isEqualTo("1.4.0");
      assertThat(
              RunRecordResolver.replacement(target(List.of(), null, null), onLatest)
                  .platformVersion())
          .isEqualTo("LATEST");
    }

    @Test
    void theAppSpecsNetworkWinsElseTheServicesIsUsed() {
      EcsService described = service("FARGATE", List.of(), null);

      assertThat(
              RunRecordResolver.replacement(
                      target(
                          List.of(),
                          null,
                          new AwsVpcConfiguration(
                              List.of("subnet-22222222"),
                              List.of("sg-22222222"),
                              AssignPublicIp.ENABLED)),
                      described)
                  .network())
          .isEqualTo(new VpcNetwork(List.of("subnet-22222222"), List.of("sg-22222222"), true));
      assertThat(
              RunRecordResolver.replacement(
                      target(
                          List.of(),
                          null,
                          new AwsVpcConfiguration(List.of("subnet-22222222"), List.of(), null)),
                      described)
                  .network())
          .isEqualTo(new VpcNetwork(List.of("subnet-22222222"), List.of(), false));
      assertThat(RunRecordResolver.replacement(target(List.of(), null, null), described).network())
          .isEqualTo(SERVICE_NETWORK);
    }

    @Test
    void keepsTheAppSpecsTaskDefinitionContainerAndPort() {
      FrozenInputs.Replacement replacement =
          RunRecordResolver.replacement(
              target(List.of(), null, null), service("FARGATE", List.of(), null));

      assertThat(replacement.taskDefinition()).isEqualTo(TASK_DEFINITION);
      assertThat(replacement.containerName()).isEqualTo("web");
      assertThat(replacement.containerPort()).isEqualTo(8080);
    }
  }

  @Nested
  class ContainerProblem {
    @Test
    void aContainerThatMapsThePortFits() {
      assertThat(
              RunRecordResolver.containerProblem(
                  new EcsTargetService(TASK_DEFINITION, "envoy", 15000, null, null, List.of()),
                  WEB_AND_ENVOY))
          .isEmpty();
    }

    @Test
    void aContainerWithoutPortMappingsTakesAnyPort() {
      TaskDefinitionDescription noMappings =
          new TaskDefinitionDescription(
              TASK_DEFINITION,
              "web",
              42,
              "ACTIVE",
              List.of(new TaskDefinitionDescription.Container("web", List.of())));

      assertThat(
              RunRecordResolver.containerProblem(
                  new EcsTargetService(TASK_DEFINITION, "web", 8080, null, null, List.of()),
                  noMappings))
          .isEmpty();
    }
  }

  @Test
  void describesEachScheduleInWords() {
    assertThat(RunRecordResolver.describe(TrafficRouting.allAtOnce())).isEqualTo("100% at once");
    assertThat(RunRecordResolver.describe(TrafficRouting.canary(15, Duration.ofMinutes(90))))
        .isEqualTo("15%, the remaining 85% after 1h30m");
    assertThat(RunRecordResolver.describe(TrafficRouting.linear(20, Duration.ofSeconds(45))))
        .isEqualTo("+20% every 45s");
    assertThat(
            RunRecordResolver.describe(
                TrafficRouting.steps(
                    List.of(
                        new TrafficStep(10, Duration.ofMinutes(5)),
                        new TrafficStep(50, Duration.ofMinutes(10)),
                        new TrafficStep(100, Duration.ZERO)))))
        .isEqualTo("10% for 5m, 50% for 10m, 100%");
  }
}
