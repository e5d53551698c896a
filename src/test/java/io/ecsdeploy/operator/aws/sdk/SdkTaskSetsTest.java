package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.VpcNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CreateTaskSetRequest;
import software.amazon.awssdk.services.ecs.model.ScaleUnit;

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
}
