package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.TaskDefinitionDescription;
import io.ecsdeploy.operator.aws.TaskSets;
import io.ecsdeploy.operator.aws.TaskSets.CreatedTaskSet;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskSet;

@ExtendWith(AwsEmulatorsExtension.class)
class SdkTaskSetsIT {

  private static final String ECS = "ECS";

  private BlueGreenFixture fixture;
  private AwsClientFactory factory;
  private AwsCallCounter counter;
  private TaskSets taskSets;
  private EcsClient ecs;

  @BeforeEach
  void freshAccount() {
    AwsEmulatorsExtension.reset();
    fixture = BlueGreenFixture.create();
    factory = EmulatorFactory.create();
    counter = factory.callCounter();
    taskSets = factory.clients(EmulatorFactory.REGION).taskSets();
    ecs = EmulatorClients.ecs();
  }

  @AfterEach
  void close() {
    factory.close();
    ecs.close();
  }

  private NewTaskSet replacement(String deploymentKey, String targetGroup) {
    return new NewTaskSet(
        fixture.service,
        deploymentKey,
        fixture.taskDefinition,
        targetGroup,
        "web",
        80,
        "FARGATE",
        List.of(),
        fixture.network(),
        "LATEST");
  }

  private List<TaskSet> taskSetsInEcs() {
    return ecs.describeTaskSets(r -> r.cluster(fixture.cluster).service("web")).taskSets();
  }

  @Test
  void describesAnExternalServiceWithItsNetwork() {
    EcsService service = taskSets.describeService(fixture.service);

    assertThat(service.status()).isEqualTo(EcsService.Status.ACTIVE);
    assertThat(service.deploymentController()).isEqualTo(EcsService.DeploymentController.EXTERNAL);
    assertThat(service.supportsTaskSets()).isTrue();
    assertThat(service.arn()).endsWith(":service/web/web");
    assertThat(service.desiredCount()).isEqualTo(2);
    assertThat(service.network().subnets()).containsExactlyElementsOf(fixture.subnets);
    assertThat(service.network().securityGroups()).containsExactly(fixture.securityGroup);
    assertThat(service.taskSets()).isEmpty();
  }

  @Test
  void aServiceWithTheEcsControllerDoesNotSupportTaskSets() {
    ecs.createService(r -> r.cluster(fixture.cluster).serviceName("rolling").desiredCount(1));

    EcsService service = taskSets.describeService(new ServiceId(fixture.cluster, "rolling"));

    assertThat(service.deploymentController()).isEqualTo(EcsService.DeploymentController.ECS);
    assertThat(service.supportsTaskSets()).isFalse();
  }

  @Test
  void anUnknownServiceIsMissing() {
    EcsService service = taskSets.describeService(new ServiceId(fixture.cluster, "nope"));

    assertThat(service.status()).isEqualTo(EcsService.Status.MISSING);
    assertThat(service.supportsTaskSets()).isFalse();
  }

  @Test
  void describesManyServicesTenPerCall() {
    List<ServiceId> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(fixture.externalService(ecs, "svc-" + i));
    }
    ids.add(new ServiceId(fixture.cluster, "missing-one"));
    long before = counter.calls(ECS, "DescribeServices");

    Map<ServiceId, EcsService> services = taskSets.describeServices(ids);

    assertThat(counter.calls(ECS, "DescribeServices") - before).isEqualTo(2);
    assertThat(services.keySet()).containsExactlyElementsOf(ids);
    assertThat(services.get(ids.get(11)).arn()).endsWith("/svc-11");
    assertThat(services.get(ids.get(0)).status()).isEqualTo(EcsService.Status.ACTIVE);
    assertThat(services.get(ids.get(12)).status()).isEqualTo(EcsService.Status.MISSING);
  }

  @Test
  void createsTheReplacementTaskSetTaggedWithTheDeploymentKey() {
    String key = "6f1c7c9e-2d4b-4c55-9a53-0a3c1f5e8b21";

    CreatedTaskSet created = taskSets.createOrAdopt(replacement(key, fixture.green));

    assertThat(created.adopted()).isFalse();
    EcsTaskSet taskSet = created.taskSet();
    assertThat(taskSet.externalId()).isEqualTo(key);
    assertThat(taskSet.arn()).contains(":task-set/web/web/");
    assertThat(taskSet.targetGroupArn()).isEqualTo(fixture.green);
    assertThat(taskSet.taskDefinition()).isEqualTo(fixture.taskDefinition);
    assertThat(taskSet.scalePercent()).isEqualTo(100.0);
    TaskSet inEcs = taskSetsInEcs().get(0);
    assertThat(inEcs.launchTypeAsString()).isEqualTo("FARGATE");
    assertThat(inEcs.loadBalancers().get(0).containerName()).isEqualTo("web");
    assertThat(inEcs.loadBalancers().get(0).containerPort()).isEqualTo(80);
    assertThat(inEcs.networkConfiguration().awsvpcConfiguration().subnets())
        .containsExactlyElementsOf(fixture.subnets);
  }

  @Test
  void creatingAgainAdoptsTheTaskSetInsteadOfMakingASecond() {
    String key = "0d9d3f7a-53b2-4b0e-8f0e-6c7a2b1d9e44";
    CreatedTaskSet first = taskSets.createOrAdopt(replacement(key, fixture.green));
    long createsBefore = counter.calls(ECS, "CreateTaskSet");
    assertThat(createsBefore).isEqualTo(1);

    CreatedTaskSet second = taskSets.createOrAdopt(replacement(key, fixture.green));

    assertThat(second.adopted()).isTrue();
    assertThat(second.taskSet().arn()).isEqualTo(first.taskSet().arn());
    assertThat(counter.calls(ECS, "CreateTaskSet")).isEqualTo(createsBefore);
    assertThat(taskSetsInEcs()).hasSize(1);
  }

  @Test
  void findsATaskSetByExternalIdAfterARestart() {
    String key = "8b8f2c14-7f55-4a0b-bb0f-52b7a3c6f0d1";
    taskSets.createOrAdopt(replacement("other-deployment", fixture.blue));
    EcsTaskSet created = taskSets.createOrAdopt(replacement(key, fixture.green)).taskSet();

    TaskSets afterRestart = new SdkTaskSets(EmulatorClients.ecs());

    assertThat(afterRestart.findByExternalId(fixture.service, key))
        .get()
        .extracting(EcsTaskSet::arn)
        .isEqualTo(created.arn());
    assertThat(afterRestart.findByExternalId(fixture.service, "never-created")).isEmpty();
    assertThat(taskSets.describeService(fixture.service).taskSetWithExternalId(key))
        .get()
        .extracting(EcsTaskSet::arn)
        .isEqualTo(created.arn());
  }

  @Test
  void makePrimarySwitchesThePrimaryTaskSet() {
    EcsTaskSet original = taskSets.createOrAdopt(replacement("blue-key", fixture.blue)).taskSet();
    EcsTaskSet replacement =
        taskSets.createOrAdopt(replacement("green-key", fixture.green)).taskSet();
    taskSets.makePrimary(fixture.service, original.arn());
    assertThat(taskSets.describeService(fixture.service).primaryTaskSet())
        .get()
        .extracting(EcsTaskSet::arn)
        .isEqualTo(original.arn());

    taskSets.makePrimary(fixture.service, replacement.arn());

    EcsService service = taskSets.describeService(fixture.service);
    assertThat(service.primaryTaskSet())
        .get()
        .extracting(EcsTaskSet::arn)
        .isEqualTo(replacement.arn());
    assertThat(service.taskSetWithExternalId("blue-key"))
        .get()
        .extracting(EcsTaskSet::status)
        .isEqualTo(EcsTaskSet.Status.ACTIVE);
  }

  @Test
  void deleteRemovesTheTaskSetAndIsSafeToRepeat() {
    EcsTaskSet original = taskSets.createOrAdopt(replacement("blue-key", fixture.blue)).taskSet();
    EcsTaskSet replacement =
        taskSets.createOrAdopt(replacement("green-key", fixture.green)).taskSet();
    taskSets.makePrimary(fixture.service, replacement.arn());

    assertThat(taskSets.delete(fixture.service, original.arn(), true)).isTrue();

    assertThat(taskSets.findByExternalId(fixture.service, "blue-key")).isEmpty();
    assertThat(taskSetsInEcs()).extracting(TaskSet::taskSetArn).containsExactly(replacement.arn());
    assertThat(taskSets.delete(fixture.service, original.arn(), true)).isFalse();
  }

  @Test
  void taskSetCallsOnAnUnknownServiceFailAsInvalidEcsService() {
    ServiceId unknown = new ServiceId(fixture.cluster, "nope");

    assertThatThrownBy(() -> taskSets.findByExternalId(unknown, "any"))
        .isInstanceOfSatisfying(
            AwsFailure.class,
            failure -> {
              assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ECS_SERVICE);
              assertThat(failure.retryable()).isFalse();
            });
    assertThat(counter.errors(ECS, "DescribeTaskSets")).isEqualTo(1);
  }

  private static final List<CapacityProviderStrategyItem> SPOT_AND_FARGATE =
      List.of(
          CapacityProviderStrategyItem.builder()
              .capacityProvider("FARGATE_SPOT")
              .weight(1)
              .base(0)
              .build(),
          CapacityProviderStrategyItem.builder()
              .capacityProvider("FARGATE")
              .weight(2)
              .base(0)
              .build());

  private static final List<CapacityProviderItem> SPOT_AND_FARGATE_ITEMS =
      List.of(
          new CapacityProviderItem("FARGATE_SPOT", 1, 0),
          new CapacityProviderItem("FARGATE", 2, 0));

  private ServiceId externalService(String name, Consumer<CreateServiceRequest.Builder> launch) {
    ecs.createService(
        r -> {
          r.cluster(fixture.cluster)
              .serviceName(name)
              .desiredCount(2)
              .deploymentController(d -> d.type(DeploymentControllerType.EXTERNAL))
              .networkConfiguration(
                  n ->
                      n.awsvpcConfiguration(
                          a -> a.subnets(fixture.subnets).securityGroups(fixture.securityGroup)));
          launch.accept(r);
        });
    return new ServiceId(fixture.cluster, name);
  }

  @Test
  void describesTheLaunchTypeAndPlatformVersionOfServices() {
    ServiceId onEc2 = externalService("on-ec2", r -> r.launchType(LaunchType.EC2));
    ServiceId onFargate =
        externalService(
            "on-fargate", r -> r.launchType(LaunchType.FARGATE).platformVersion("1.4.0"));

    Map<ServiceId, EcsService> services = taskSets.describeServices(List.of(onEc2, onFargate));

    EcsService ec2 = services.get(onEc2);
    assertThat(ec2.launchType()).isEqualTo("EC2");
    assertThat(ec2.capacityProviderStrategy()).isEmpty();
    assertThat(ec2.platformVersion()).isNull();
    EcsService fargate = services.get(onFargate);
    assertThat(fargate.launchType()).isEqualTo("FARGATE");
    assertThat(fargate.capacityProviderStrategy()).isEmpty();
    assertThat(fargate.platformVersion()).isEqualTo("1.4.0");
  }

  @Test
  void describesTheCapacityProviderStrategyOfAServiceWithoutALaunchType() {
    ServiceId service =
        externalService("on-spot", r -> r.capacityProviderStrategy(SPOT_AND_FARGATE));
    // moto's CreateService drops the strategy (and reports its default launch type, EC2);
    // UpdateService stores it.
    ecs.updateService(
        r ->
            r.cluster(fixture.cluster)
                .service("on-spot")
                .capacityProviderStrategy(SPOT_AND_FARGATE));
    Service inEcs =
        ecs.describeServices(r -> r.cluster(fixture.cluster).services("on-spot")).services().get(0);
    assertThat(inEcs.capacityProviderStrategy()).containsExactlyElementsOf(SPOT_AND_FARGATE);

    EcsService described = taskSets.describeService(service);

    assertThat(described.capacityProviderStrategy())
        .containsExactlyElementsOf(SPOT_AND_FARGATE_ITEMS);
    assertThat(described.launchType()).isNull();
  }

  private NewTaskSet replacement(
      String deploymentKey, String launchType, List<CapacityProviderItem> strategy) {
    return new NewTaskSet(
        fixture.service,
        deploymentKey,
        fixture.taskDefinition,
        fixture.green,
        "web",
        80,
        launchType,
        strategy,
        fixture.network(),
        null);
  }

  @Test
  void createsAnEc2TaskSet() {
    EmulatorClients.registerContainerInstance(fixture.cluster);

    EcsTaskSet created = taskSets.createOrAdopt(replacement("ec2-key", "EC2", List.of())).taskSet();

    assertThat(created.launchType()).isEqualTo("EC2");
    assertThat(created.capacityProviderStrategy()).isEmpty();
    TaskSet inEcs = taskSetsInEcs().get(0);
    assertThat(inEcs.launchType()).isEqualTo(LaunchType.EC2);
    assertThat(inEcs.capacityProviderStrategy()).isEmpty();
    assertThat(taskSets.findByExternalId(fixture.service, "ec2-key").orElseThrow().launchType())
        .isEqualTo("EC2");
  }

  @Test
  void createsATaskSetWithACapacityProviderStrategy() {
    EmulatorClients.registerContainerInstance(fixture.cluster);

    EcsTaskSet created =
        taskSets.createOrAdopt(replacement("spot-key", null, SPOT_AND_FARGATE_ITEMS)).taskSet();

    assertThat(created.capacityProviderStrategy())
        .containsExactlyElementsOf(SPOT_AND_FARGATE_ITEMS);
    assertThat(created.launchType()).isNull();
    // moto also reports launchType EC2, its default, which ECS would not.
    TaskSet inEcs = taskSetsInEcs().get(0);
    assertThat(inEcs.capacityProviderStrategy()).containsExactlyElementsOf(SPOT_AND_FARGATE);
    EcsTaskSet described = taskSets.describeService(fixture.service).taskSets().get(0);
    assertThat(described.capacityProviderStrategy())
        .containsExactlyElementsOf(SPOT_AND_FARGATE_ITEMS);
    assertThat(described.launchType()).isNull();
  }

  @Test
  void describesTheContainersAndPortsOfATaskDefinition() {
    String arn =
        ecs.registerTaskDefinition(
                r ->
                    r.family("api")
                        .networkMode(NetworkMode.AWSVPC)
                        .cpu("512")
                        .memory("1024")
                        .containerDefinitions(
                            c ->
                                c.name("api")
                                    .image("api:1")
                                    .memory(768)
                                    .portMappings(
                                        p -> p.containerPort(8080), p -> p.containerPort(8443)),
                            c ->
                                c.name("envoy")
                                    .image("envoy:1")
                                    .memory(256)
                                    .portMappings(p -> p.containerPort(9901))))
            .taskDefinition()
            .taskDefinitionArn();

    TaskDefinitionDescription byArn = taskSets.describeTaskDefinition(arn).orElseThrow();
    TaskDefinitionDescription byFamily = taskSets.describeTaskDefinition("api").orElseThrow();

    assertThat(byArn.arn()).isEqualTo(arn);
    assertThat(byArn.family()).isEqualTo("api");
    assertThat(byArn.revision()).isEqualTo(1);
    assertThat(byArn.status()).isEqualTo("ACTIVE");
    assertThat(byArn.containerNames()).containsExactly("api", "envoy");
    assertThat(byArn.container("api").orElseThrow().containerPorts()).containsExactly(8080, 8443);
    assertThat(byArn.container("envoy").orElseThrow().containerPorts()).containsExactly(9901);
    assertThat(byFamily).isEqualTo(byArn);
    assertThat(counter.calls(ECS, "DescribeTaskDefinition")).isEqualTo(2);
  }

  @Test
  void aTaskDefinitionEcsDoesNotKnowIsMissing() {
    String unknownArn =
        "arn:aws:ecs:"
            + EmulatorFactory.REGION
            + ":"
            + EmulatorClients.ACCOUNT_ID
            + ":task-definition/nope:1";

    assertThat(taskSets.describeTaskDefinition(unknownArn)).isEmpty();
    assertThat(taskSets.describeTaskDefinition("web:99")).isEmpty();
    assertThat(taskSets.describeTaskDefinition("nope")).isEmpty();
    assertThat(counter.calls(ECS, "DescribeTaskDefinition")).isEqualTo(3);
    assertThat(counter.errors(ECS, "DescribeTaskDefinition")).isEqualTo(3);
  }
}
