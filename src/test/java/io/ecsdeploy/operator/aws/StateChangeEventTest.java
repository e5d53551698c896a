package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** CodeDeploy's EventBridge event, as AWS documents its example. */
class StateChangeEventTest {
  private static final DeploymentStateChange CHANGE =
      new DeploymentStateChange(
          "ecsdeploy.codedeploy",
          "aws",
          "us-east-1",
          "123456789012",
          "myApplication",
          "myDeploymentGroup",
          "9fd2fbef-2157-40d8-91e7-6845af69e2d2",
          "d-123456789",
          "SUCCESS",
          Instant.parse("2016-06-30T22:06:31Z"));

  @Test
  void hasCodeDeploysDetailType() {
    assertThat(StateChangeEvent.DETAIL_TYPE)
        .isEqualTo("CodeDeploy Deployment State-change Notification");
  }

  @Test
  void namesTheApplicationAndTheGroupByTheirCodeDeployArns() {
    assertThat(StateChangeEvent.resources(CHANGE))
        .containsExactly(
            "arn:aws:codedeploy:us-east-1:123456789012:application:myApplication",
            "arn:aws:codedeploy:us-east-1:123456789012:deploymentgroup:myApplication/myDeploymentGroup");
  }

  @Test
  void writesTheDetailWithCodeDeploysFields() throws Exception {
    JsonNode detail = new ObjectMapper().readTree(StateChangeEvent.detail(CHANGE));

    assertThat(detail)
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "{\"instanceGroupId\": \"9fd2fbef-2157-40d8-91e7-6845af69e2d2\","
                        + " \"region\": \"us-east-1\", \"application\": \"myApplication\","
                        + " \"deploymentId\": \"d-123456789\", \"state\": \"SUCCESS\","
                        + " \"deploymentGroup\": \"myDeploymentGroup\"}"));
  }

  @Test
  void takesThePartitionOfTheDeploymentsResources() {
    DeploymentStateChange china =
        new DeploymentStateChange(
            "s",
            "aws-cn",
            "cn-north-1",
            "123456789012",
            "app",
            "group",
            "id",
            "d-1",
            "START",
            Instant.EPOCH);
    assertThat(StateChangeEvent.resources(china).get(0))
        .isEqualTo("arn:aws-cn:codedeploy:cn-north-1:123456789012:application:app");
  }
}
