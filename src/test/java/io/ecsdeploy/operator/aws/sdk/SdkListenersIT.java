package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.ForwardWeights;
import io.ecsdeploy.operator.aws.ListenerDescription;
import io.ecsdeploy.operator.aws.Listeners;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.TargetGroupDescription;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

@ExtendWith(AwsEmulatorsExtension.class)
class SdkListenersIT {

  private static final String ELB = "ElasticLoadBalancingV2";

  private BlueGreenFixture fixture;
  private AwsClientFactory factory;
  private AwsCallCounter counter;
  private Listeners listeners;
  private ElasticLoadBalancingV2Client elb;

  @BeforeEach
  void freshAccount() {
    AwsEmulatorsExtension.reset();
    fixture = BlueGreenFixture.create();
    factory = EmulatorFactory.create();
    counter = factory.callCounter();
    listeners = factory.clients(EmulatorFactory.REGION).listeners();
    elb = EmulatorClients.elbv2();
  }

  @AfterEach
  void close() {
    factory.close();
    elb.close();
  }

  private static Map<String, Integer> weights(
      String first, int firstWeight, String second, int secondWeight) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put(first, firstWeight);
    weights.put(second, secondWeight);
    return weights;
  }

  @Test
  void targetStatesCountTheRegisteredTargetsByHealth() {
    assertThat(listeners.targetStates(fixture.green)).as("nothing registered").isEmpty();

    elb.registerTargets(
        r ->
            r.targetGroupArn(fixture.green)
                .targets(t -> t.id("10.0.1.17"), t -> t.id("10.0.1.18")));

    assertThat(listeners.targetStates(fixture.green)).containsExactly(Map.entry("healthy", 2));
    assertThat(listeners.targetStates(fixture.blue)).isEmpty();
  }

  @Test
  void aPlainForwardReadsAsAllTrafficToOneTargetGroup() {
    ForwardWeights weights = listeners.readWeights(Route.listener(fixture.production));

    assertThat(weights.percentOf(fixture.blue)).isEqualTo(100);
    assertThat(weights.percentOf(fixture.green)).isZero();
  }

  @Test
  void weightsSetOnAListenerReadBack() {
    Route production = Route.listener(fixture.production);

    listeners.setWeights(production, weights(fixture.blue, 90, fixture.green, 10));

    ForwardWeights read = listeners.readWeights(production);
    assertThat(read.weights()).containsEntry(fixture.blue, 90).containsEntry(fixture.green, 10);
    assertThat(read.percentOf(fixture.green)).isEqualTo(10);
    assertThat(read.sameSplitAs(Map.of(fixture.blue, 90, fixture.green, 10))).isTrue();
    assertThat(listeners.readWeights(Route.listener(fixture.test)).percentOf(fixture.blue))
        .isEqualTo(100);
  }

  @Test
  void weightsAreAbsoluteNotIncrements() {
    Route production = Route.listener(fixture.production);
    listeners.setWeights(production, weights(fixture.blue, 90, fixture.green, 10));
    listeners.setWeights(production, weights(fixture.blue, 80, fixture.green, 20));

    listeners.setWeights(production, weights(fixture.blue, 0, fixture.green, 100));

    ForwardWeights read = listeners.readWeights(production);
    assertThat(read.weights()).containsEntry(fixture.blue, 0).containsEntry(fixture.green, 100);
    assertThat(read.percentOf(fixture.green)).isEqualTo(100);
  }

  @Test
  void settingTheWeightsARouteAlreadyHasModifiesNothing() {
    Route production = Route.listener(fixture.production);
    listeners.setWeights(production, weights(fixture.blue, 50, fixture.green, 50));
    long modifications = counter.calls(ELB, "ModifyListener");
    assertThat(modifications).isEqualTo(1);

    listeners.setWeights(production, weights(fixture.blue, 50, fixture.green, 50));

    assertThat(counter.calls(ELB, "ModifyListener")).isEqualTo(modifications);
  }

  @Test
  void weightsSetOnAListenerRuleLeaveTheListenerAlone() {
    Route rule = Route.rule(fixture.rule);

    listeners.setWeights(rule, weights(fixture.blue, 0, fixture.green, 100));

    assertThat(listeners.readWeights(rule).percentOf(fixture.green)).isEqualTo(100);
    assertThat(listeners.readWeights(Route.listener(fixture.production)).percentOf(fixture.blue))
        .isEqualTo(100);
    assertThat(counter.calls(ELB, "ModifyRule")).isEqualTo(1);
    assertThat(counter.calls(ELB, "ModifyListener")).isZero();
  }

  @Test
  void stickinessOfTheForwardActionIsKept() {
    elb.modifyListener(
        r ->
            r.listenerArn(fixture.production)
                .defaultActions(
                    a ->
                        a.type(ActionTypeEnum.FORWARD)
                            .forwardConfig(
                                f ->
                                    f.targetGroups(
                                            TargetGroupTuple.builder()
                                                .targetGroupArn(fixture.blue)
                                                .weight(100)
                                                .build())
                                        .targetGroupStickinessConfig(
                                            s -> s.enabled(true).durationSeconds(300)))));

    listeners.setWeights(
        Route.listener(fixture.production), weights(fixture.blue, 90, fixture.green, 10));

    Action forward =
        elb.describeListeners(r -> r.listenerArns(fixture.production))
            .listeners()
            .get(0)
            .defaultActions()
            .get(0);
    assertThat(forward.forwardConfig().targetGroupStickinessConfig().enabled()).isTrue();
    assertThat(forward.forwardConfig().targetGroupStickinessConfig().durationSeconds())
        .isEqualTo(300);
    assertThat(forward.forwardConfig().targetGroups()).hasSize(2);
  }

  @Test
  void describesTheListenerAndTheTargetGroupsLoadBalancers() {
    ListenerDescription listener = listeners.describeListener(fixture.production);
    List<TargetGroupDescription> groups =
        listeners.describeTargetGroups(List.of(fixture.green, fixture.blue));

    assertThat(listener.loadBalancerArn()).isEqualTo(fixture.loadBalancer);
    assertThat(listener.port()).isEqualTo(80);
    assertThat(listener.protocol()).isEqualTo("HTTP");
    assertThat(groups)
        .extracting(TargetGroupDescription::arn)
        .containsExactly(fixture.green, fixture.blue);
    assertThat(groups.get(1).name()).isEqualTo("web-blue");
    assertThat(groups.get(1).loadBalancerArns()).containsExactly(fixture.loadBalancer);
    assertThat(groups.get(1).port()).isEqualTo(80);
    assertThat(groups.get(1).targetType()).isEqualTo("ip");
  }

  @Test
  void aRuleArnNamesTheListenerItBelongsTo() {
    assertThat(Route.rule(fixture.rule).listenerArn()).isEqualTo(fixture.production);
    assertThat(Route.fromArn(fixture.rule).kind()).isEqualTo(Route.Kind.RULE);
  }

  @Test
  void missingLoadBalancingResourcesAreElasticLoadBalancingInvalid() {
    String goneListener = fixture.production.substring(0, fixture.production.length() - 4) + "0000";
    String goneRule = fixture.rule.substring(0, fixture.rule.length() - 4) + "0000";
    String goneGroup = fixture.blue.substring(0, fixture.blue.length() - 4) + "0000";

    assertInvalid(() -> listeners.readWeights(Route.listener(goneListener)));
    assertInvalid(() -> listeners.readWeights(Route.rule(goneRule)));
    assertInvalid(() -> listeners.describeListener(goneListener));
    assertInvalid(() -> listeners.describeTargetGroups(List.of(goneGroup)));
  }

  @Test
  void weightsOutsideElbsRangeAreRefusedBeforeCallingAws() {
    assertThatThrownBy(
            () ->
                listeners.setWeights(
                    Route.listener(fixture.production), Map.of(fixture.blue, 1000)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(counter.calls(ELB, "DescribeListeners")).isZero();
  }

  private static void assertInvalid(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AwsFailure.class,
            failure -> {
              assertThat(failure.code()).isEqualTo(ErrorCode.ELASTIC_LOAD_BALANCING_INVALID);
              assertThat(failure.retryable()).isFalse();
            });
  }
}
