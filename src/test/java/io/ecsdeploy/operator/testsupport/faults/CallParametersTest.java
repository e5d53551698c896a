package io.ecsdeploy.operator.testsupport.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.testsupport.faults.AwsOperation.Protocol;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the fault suite reads from a call to tell which deployment made it and what it changed. */
class CallParametersTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void ecsCallsGiveTheirTopLevelFields() {
    AwsOperation create = new AwsOperation("ECS", "CreateTaskSet", Protocol.AWS_JSON);

    assertThat(
            CallParameters.of(
                create,
                "/",
                null,
                utf8(
                    "{\"cluster\":\"web-cluster\",\"service\":\"web\",\"externalId\":\"uid-1\","
                        + "\"loadBalancers\":[{\"targetGroupArn\":\"tg\"}],\"scale\":null}")))
        .containsEntry("cluster", "web-cluster")
        .containsEntry("service", "web")
        .containsEntry("externalId", "uid-1")
        .doesNotContainKeys("loadBalancers", "scale");
  }

  @Test
  void queryCallsGiveTheirFormFieldsDecoded() {
    AwsOperation modify = new AwsOperation("ELBv2", "ModifyListener", Protocol.QUERY);

    assertThat(
            CallParameters.of(
                modify,
                "/",
                null,
                utf8(
                    "Action=ModifyListener&ListenerArn=arn%3Aaws%3Aelasticloadbalancing%3Al%2F1"
                        + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight=20")))
        .containsEntry("Action", "ModifyListener")
        .containsEntry("ListenerArn", "arn:aws:elasticloadbalancing:l/1")
        .containsEntry("DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight", "20");
  }

  @Test
  void anInvocationGivesItsFunctionAndPayloadFields() {
    AwsOperation invoke = new AwsOperation("Lambda", "Invoke", Protocol.REST_JSON);

    assertThat(
            CallParameters.of(
                invoke,
                "/2015-03-31/functions/hook-succeeds/invocations",
                null,
                utf8("{\"DeploymentId\":\"d-ABCDEFGHI\",\"LifecycleEventHookExecutionId\":\"x\"}")))
        .containsEntry("FunctionName", "hook-succeeds")
        .containsEntry("DeploymentId", "d-ABCDEFGHI")
        .containsEntry("LifecycleEventHookExecutionId", "x");
  }

  @Test
  void aBodyThatIsNotJsonGivesNoFields() {
    AwsOperation create = new AwsOperation("ECS", "CreateTaskSet", Protocol.AWS_JSON);

    assertThat(CallParameters.of(create, "/", null, utf8("not json"))).isEmpty();
  }
}
