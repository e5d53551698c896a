package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.TaskDefinitionDescription;
import io.ecsdeploy.operator.aws.VpcNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.CreateTaskSetRequest;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ScaleUnit;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskSet;

class SdkTaskSetsTest {

  @Test
  void aKubernetesUidIsItsOwnClientToken() {
    String uid = "6f1c7c9e-2d4b-4c55-9a53-0a3c1f5e8b21";

    assertThat(SdkTaskSets.clientTokenFor(uid)).isEqualTo(uid);
    assertThat(SdkTaskSets.externalIdFor(uid)).isEqualTo(uid);
  }

  @Test
  void aKeyEcsWouldRefuseBecomesAStableThirtySixCharacterToken() {
    String longKey = "namespace/some-very-long-deployment-name-that-goes-on";
    String withSpace = "has space";

    String token = SdkTaskSets.clientTokenFor(longKey);

    assertThat(token).hasSize(36).isEqualTo(SdkTaskSets.clientTokenFor(longKey));
    assertThat(token.chars()).allMatch(c -> c >= 33 && c <= 126);
    assertThat(SdkTaskSets.clientTokenFor(withSpace)).hasSize(36).doesNotContain(" ");
    assertThat(SdkTaskSets.clientTokenFor(longKey + "x")).isNotEqualTo(token);
  }

  private static final String UID = "6f1c7c9e-2d4b-4c55-9a53-0a3c1f5e8b21";
  private static final String TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-green/2";

  @Test
  void theCreateRequestCarriesTheKeyTargetGroupAndFullScale() {
    CreateTaskSetRequest request =
        SdkTaskSets.createRequest(
            new NewTaskSet(
                new ServiceId("prod", "web"),
                UID,
                "web:42",
                TARGET_GROUP,
                "web",
                8080,
                "FARGATE",
                List.of(),
                new VpcNetwork(List.of("subnet-1"), List.of("sg-1"), true),
                "1.4.0"));

    assertThat(request.cluster()).isEqualTo("prod");
    assertThat(request.service()).isEqualTo("web");
    assertThat(request.externalId()).isEqualTo(UID);
    assertThat(request.clientToken()).isEqualTo(UID);
    assertThat(request.taskDefinition()).isEqualTo("web:42");
    assertThat(request.launchTypeAsString()).isEqualTo("FARGATE");
    assertThat(request.hasCapacityProviderStrategy()).isFalse();
    assertThat(request.platformVersion()).isEqualTo("1.4.0");
    assertThat(request.scale().unit()).isEqualTo(ScaleUnit.PERCENT);
    assertThat(request.scale().value()).isEqualTo(100.0);
    assertThat(request.loadBalancers().get(0).targetGroupArn()).isEqualTo(TARGET_GROUP);
    assertThat(request.loadBalancers().get(0).containerName()).isEqualTo("web");
    assertThat(request.loadBalancers().get(0).containerPort()).isEqualTo(8080);
    assertThat(request.networkConfiguration().awsvpcConfiguration().assignPublicIp())
        .isEqualTo(AssignPublicIp.ENABLED);
  }

  // Checked here rather than against moto: moto places a task set without a launch type on EC2
  // container instances and fails with a server error when the cluster has none.
  @Test
  void aCapacityProviderStrategyIsSentInsteadOfALaunchType() {
    CreateTaskSetRequest request =
        SdkTaskSets.createRequest(
            new NewTaskSet(
                new ServiceId("prod", "web"),
                UID,
                "web:42",
                TARGET_GROUP,
                "web",
                80,
                null,
                List.of(
                    new CapacityProviderItem("FARGATE", 1, 1),
                    new CapacityProviderItem("FARGATE_SPOT", 3, 0)),
                null,
                null));

    assertThat(request.launchType()).isNull();
    assertThat(request.capacityProviderStrategy())
        .extracting(c -> c.capacityProvider() + "/" + c.weight() + "/" + c.base())
        .containsExactly("FARGATE/1/1", "FARGATE_SPOT/3/0");
    assertThat(request.networkConfiguration()).isNull();
    assertThat(request.platformVersion()).isNull();
  }

  private static final List<CapacityProviderStrategyItem> SPOT_AND_FARGATE =
      List.of(
          CapacityProviderStrategyItem.builder()
              .capacityProvider("FARGATE_SPOT")
              .weight(1)
              .base(0)
              .build(),
          CapacityProviderStrategyItem.builder().capacityProvider("FARGATE").weight(2).build());

  // moto's CreateService ignores capacityProviderStrategy, so a service described with one, as ECS
  // describes it (a strategy and no launch type), is checked here.
  @Test
  void aServiceWithACapacityProviderStrategyHasNoLaunchType() {
    Service service =
        Service.builder()
            .serviceArn("arn:aws:ecs:us-east-1:1:service/prod/web")
            .status("ACTIVE")
            .capacityProviderStrategy(SPOT_AND_FARGATE)
            .platformVersion("1.4.0")
            .build();

    EcsService described = SdkTaskSets.toEcsService(new ServiceId("prod", "web"), service);

    assertThat(described.launchType()).isNull();
    assertThat(described.capacityProviderStrategy())
        .containsExactly(
            new CapacityProviderItem("FARGATE_SPOT", 1, 0),
            new CapacityProviderItem("FARGATE", 2, 0));
    assertThat(described.platformVersion()).isEqualTo("1.4.0");
  }

  @Test
  void aServiceWithALaunchTypeHasNoStrategy() {
    Service service =
        Service.builder()
            .serviceArn("arn:aws:ecs:us-east-1:1:service/prod/web")
            .status("ACTIVE")
            .launchType(LaunchType.EC2)
            .build();

    EcsService described = SdkTaskSets.toEcsService(new ServiceId("prod", "web"), service);

    assertThat(described.launchType()).isEqualTo("EC2");
    assertThat(described.capacityProviderStrategy()).isEmpty();
    assertThat(described.platformVersion()).isNull();
    assertThat(EcsService.missing(new ServiceId("prod", "gone")).capacityProviderStrategy())
        .isEmpty();
  }

  // moto reports its default launch type EC2 next to a task set's strategy; ECS reports only the
  // strategy, and that is what the task set uses.
  @Test
  void aTaskSetWithAStrategyHasNoLaunchTypeEvenWhenOneIsReported() {
    TaskSet taskSet =
        TaskSet.builder()
            .id("ecs-svc/1")
            .launchType(LaunchType.EC2)
            .capacityProviderStrategy(SPOT_AND_FARGATE)
            .platformVersion("LATEST")
            .build();

    EcsTaskSet described = SdkTaskSets.toEcsTaskSet(taskSet);

    assertThat(described.launchType()).isNull();
    assertThat(described.capacityProviderStrategy())
        .extracting(CapacityProviderItem::capacityProvider)
        .containsExactly("FARGATE_SPOT", "FARGATE");
    assertThat(described.platformVersion()).isEqualTo("LATEST");
  }

  @Test
  void aTaskDefinitionListsItsContainersAndTheirPorts() {
    TaskDefinition taskDefinition =
        TaskDefinition.builder()
            .taskDefinitionArn("arn:aws:ecs:us-east-1:1:task-definition/web:3")
            .family("web")
            .revision(3)
            .status("ACTIVE")
            .containerDefinitions(
                c ->
                    c.name("web").portMappings(p -> p.containerPort(80), p -> p.containerPort(443)),
                c -> c.name("agent").portMappings(p -> p.containerPortRange("7000-7010")),
                c -> c.name("init"))
            .build();

    TaskDefinitionDescription described = SdkTaskSets.toTaskDefinitionDescription(taskDefinition);

    assertThat(described.arn()).endsWith(":task-definition/web:3");
    assertThat(described.family()).isEqualTo("web");
    assertThat(described.revision()).isEqualTo(3);
    assertThat(described.status()).isEqualTo("ACTIVE");
    assertThat(described.containerNames()).containsExactly("web", "agent", "init");
    assertThat(described.container("web").orElseThrow().containerPorts()).containsExactly(80, 443);
    assertThat(described.container("web").orElseThrow().exposes(443)).isTrue();
    assertThat(described.container("web").orElseThrow().exposes(8080)).isFalse();
    assertThat(described.container("agent").orElseThrow().containerPorts()).isEmpty();
    assertThat(described.container("init").orElseThrow().containerPorts()).isEmpty();
    assertThat(described.container("sidecar")).isEmpty();
  }
}
