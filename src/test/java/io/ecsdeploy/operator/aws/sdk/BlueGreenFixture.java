package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.VpcNetwork;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * What a blue/green deployment group points at, created in moto through the SDK: an ALB with a
 * production listener, a test listener and a listener rule, two target groups, an ECS cluster, a
 * Fargate task definition and a service with the EXTERNAL deployment controller. The SDK adapters'
 * tests and the fault proxy's share it.
 */
public final class BlueGreenFixture {
  public final List<String> subnets;
  public final String securityGroup;
  public final String vpcId;
  public final String loadBalancer;
  public final String blue;
  public final String green;
  public final String production;
  public final String test;
  public final String rule;
  public final String cluster = "web";
  public final String taskDefinition;
  public final ServiceId service;

  private BlueGreenFixture(Ec2Client ec2, ElasticLoadBalancingV2Client elb, EcsClient ecs) {
    List<Subnet> described = ec2.describeSubnets().subnets();
    subnets = described.stream().map(Subnet::subnetId).limit(2).toList();
    vpcId = described.get(0).vpcId();
    securityGroup = ec2.describeSecurityGroups().securityGroups().get(0).groupId();

    loadBalancer =
        elb.createLoadBalancer(r -> r.name("web-alb").subnets(subnets))
            .loadBalancers()
            .get(0)
            .loadBalancerArn();
    blue = targetGroup(elb, "web-blue");
    green = targetGroup(elb, "web-green");
    production = listener(elb, 80, blue);
    test = listener(elb, 8080, blue);
    rule =
        elb.createRule(
                r ->
                    r.listenerArn(production)
                        .priority(10)
                        .conditions(c -> c.field("path-pattern").values("/api/*"))
                        .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(blue)))
            .rules()
            .get(0)
            .ruleArn();

    ecs.createCluster(r -> r.clusterName(cluster));
    taskDefinition =
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
    service = externalService(ecs, "web");
  }

  public static BlueGreenFixture create() {
    try (Ec2Client ec2 = EmulatorClients.ec2();
        ElasticLoadBalancingV2Client elb = EmulatorClients.elbv2();
        EcsClient ecs = EmulatorClients.ecs()) {
      return new BlueGreenFixture(ec2, elb, ecs);
    }
  }

  public VpcNetwork network() {
    return new VpcNetwork(subnets, List.of(securityGroup), false);
  }

  ServiceId externalService(EcsClient ecs, String name) {
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName(name)
                .desiredCount(2)
                .deploymentController(d -> d.type(DeploymentControllerType.EXTERNAL))
                .networkConfiguration(
                    n ->
                        n.awsvpcConfiguration(
                            a -> a.subnets(subnets).securityGroups(securityGroup))));
    return new ServiceId(cluster, name);
  }

  private String targetGroup(ElasticLoadBalancingV2Client elb, String name) {
    return elb.createTargetGroup(
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

  private String listener(ElasticLoadBalancingV2Client elb, int port, String targetGroup) {
    return elb.createListener(
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
