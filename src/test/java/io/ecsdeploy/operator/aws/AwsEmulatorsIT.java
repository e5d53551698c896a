package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.ScaleUnit;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Proves the AWS peers are real: the SDK v2 clients the operator uses drive moto (ECS task sets
 * behind an ALB with weighted forwarding) and MiniStack (CloudWatch alarms over RPC v2 CBOR).
 */
@ExtendWith(AwsEmulatorsExtension.class)
class AwsEmulatorsIT {

  private static EcsClient ecs;
  private static ElasticLoadBalancingV2Client elbv2;
  private static Ec2Client ec2;
  private static CloudWatchClient cloudWatch;

  @BeforeAll
  static void clients() {
    AwsEmulatorsExtension.reset();
    ecs = EmulatorClients.ecs();
    elbv2 = EmulatorClients.elbv2();
    ec2 = EmulatorClients.ec2();
    cloudWatch = EmulatorClients.cloudWatch();
  }

  @AfterAll
  static void close() {
    ecs.close();
    elbv2.close();
    ec2.close();
    cloudWatch.close();
  }

  @Test
  void blueGreenBuildingBlocksWorkThroughTheSdk() {
    List<String> subnets =
        ec2.describeSubnets().subnets().stream().map(Subnet::subnetId).limit(2).toList();
    String vpcId = ec2.describeSubnets().subnets().get(0).vpcId();
    assertThat(subnets).hasSize(2);
    String securityGroup = ec2.describeSecurityGroups().securityGroups().get(0).groupId();

    String loadBalancer =
        elbv2
            .createLoadBalancer(r -> r.name("web-alb").subnets(subnets))
            .loadBalancers()
            .get(0)
            .loadBalancerArn();
    String blue = createTargetGroup("web-blue", vpcId);
    String green = createTargetGroup("web-green", vpcId);
    String production = createListener(loadBalancer, 80, blue);
    String test = createListener(loadBalancer, 8080, blue);

    ecs.createCluster(r -> r.clusterName("web"));
    String taskDefinition =
        ecs.registerTaskDefinition(
                r ->
                    r.family("web")
                        .networkMode(NetworkMode.AWSVPC)
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .cpu("256")
                        .memory("512")
                        .containerDefinitions(
                            c ->
                                c.name("web")
                                    .image("nginx:1.27")
                                    .cpu(256)
                                    .memory(512)
                                    .portMappings(p -> p.containerPort(80))))
            .taskDefinition()
            .taskDefinitionArn();
    Service service =
        ecs.createService(
                r ->
                    r.cluster("web")
                        .serviceName("web")
                        .desiredCount(2)
                        .deploymentController(d -> d.type(DeploymentControllerType.EXTERNAL)))
            .service();
    assertThat(service.deploymentController().type()).isEqualTo(DeploymentControllerType.EXTERNAL);

    TaskSet taskSet =
        ecs.createTaskSet(
                r ->
                    r.cluster("web")
                        .service("web")
                        .taskDefinition(taskDefinition)
                        .externalId("deployment-uid-1")
                        .clientToken("deployment-uid-1")
                        .launchType(LaunchType.FARGATE)
                        .scale(s -> s.unit(ScaleUnit.PERCENT).value(100.0))
                        .networkConfiguration(
                            n ->
                                n.awsvpcConfiguration(
                                    a ->
                                        a.subnets(subnets)
                                            .securityGroups(securityGroup)
                                            .assignPublicIp(AssignPublicIp.DISABLED)))
                        .loadBalancers(
                            lb -> lb.targetGroupArn(green).containerName("web").containerPort(80)))
            .taskSet();
    ecs.updateServicePrimaryTaskSet(
        r -> r.cluster("web").service("web").primaryTaskSet(taskSet.taskSetArn()));
    TaskSet described =
        ecs.describeTaskSets(r -> r.cluster("web").service("web").taskSets(taskSet.taskSetArn()))
            .taskSets()
            .get(0);
    assertThat(described.externalId()).isEqualTo("deployment-uid-1");
    assertThat(described.status()).isEqualTo("PRIMARY");
    assertThat(described.loadBalancers().get(0).targetGroupArn()).isEqualTo(green);

    elbv2.modifyListener(
        r ->
            r.listenerArn(production)
                .defaultActions(
                    a ->
                        a.type(ActionTypeEnum.FORWARD)
                            .forwardConfig(
                                f ->
                                    f.targetGroups(
                                        TargetGroupTuple.builder()
                                            .targetGroupArn(blue)
                                            .weight(90)
                                            .build(),
                                        TargetGroupTuple.builder()
                                            .targetGroupArn(green)
                                            .weight(10)
                                            .build()))));
    Listener readBack = elbv2.describeListeners(r -> r.listenerArns(production)).listeners().get(0);
    Map<String, Integer> weights =
        readBack.defaultActions().get(0).forwardConfig().targetGroups().stream()
            .collect(Collectors.toMap(TargetGroupTuple::targetGroupArn, TargetGroupTuple::weight));
    assertThat(weights).containsEntry(blue, 90).containsEntry(green, 10);

    Listener untouched = elbv2.describeListeners(r -> r.listenerArns(test)).listeners().get(0);
    Action testAction = untouched.defaultActions().get(0);
    assertThat(testAction.targetGroupArn()).isEqualTo(blue);
  }

  @Test
  void cloudWatchAlarmStateIsReadBackThroughTheCborClient() {
    cloudWatch.putMetricAlarm(
        r ->
            r.alarmName("web-5xx")
                .namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count")
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
    cloudWatch.setAlarmState(
        r ->
            r.alarmName("web-5xx")
                .stateValue(StateValue.ALARM)
                .stateReason("5xx responses from the replacement"));

    List<MetricAlarm> alarms =
        cloudWatch.describeAlarms(r -> r.alarmNames("web-5xx", "not-there")).metricAlarms();
    assertThat(alarms).extracting(MetricAlarm::alarmName).containsExactly("web-5xx");
    assertThat(alarms.get(0).stateValue()).isEqualTo(StateValue.ALARM);
  }

  private static String createTargetGroup(String name, String vpcId) {
    return elbv2
        .createTargetGroup(
            r ->
                r.name(name)
                    .protocol(ProtocolEnum.HTTP)
                    .port(80)
                    .vpcId(vpcId)
                    .targetType(TargetTypeEnum.IP))
        .targetGroups()
        .get(0)
        .targetGroupArn();
  }

  private static String createListener(String loadBalancer, int port, String targetGroup) {
    return elbv2
        .createListener(
            r ->
                r.loadBalancerArn(loadBalancer)
                    .protocol(ProtocolEnum.HTTP)
                    .port(port)
                    .defaultActions(
                        a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroup)))
        .listeners()
        .get(0)
        .listenerArn();
  }
}
