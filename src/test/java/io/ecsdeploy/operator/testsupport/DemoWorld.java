package io.ecsdeploy.operator.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.ScaleUnit;
import software.amazon.awssdk.services.ecs.model.TaskSet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * A running blue/green setup in the AWS emulators, as a platform team would have it before its
 * first deployment with the operator: an ALB (or, {@link #createBehindNetworkLoadBalancer}, an NLB)
 * with a production and a test listener on the blue target group, a green target group, an ECS
 * service with the EXTERNAL deployment controller whose primary task set serves blue, and two task
 * definition revisions. Also hook functions (in MiniStack's Lambda, which runs Python) and a
 * CloudWatch alarm.
 */
public final class DemoWorld {
  /** Hook functions, each answering the way its name says. */
  public static final String HOOK_SUCCEEDS = "hook-succeeds";

  public static final String HOOK_FAILS = "hook-fails";
  public static final String HOOK_RAISES = "hook-raises";

  /** A hook written for CodeDeploy: it reports through PutLifecycleEventHookExecutionStatus. */
  public static final String HOOK_CALLS_BACK = "hook-calls-codedeploy";

  /** A hook that never answers, to be answered by the test through the hook endpoint. */
  public static final String HOOK_SILENT = "hook-silent";

  /**
   * Reports Succeeded through the hook endpoint 12 seconds after it was invoked: after the operator
   * has stopped waiting for its answer (10 seconds) and waits for a report.
   */
  public static final String HOOK_CALLS_BACK_LATE = "hook-calls-codedeploy-late";

  public static final String ALARM = "web-5xx";

  /** The timeout in seconds of the hook functions that answer at once. */
  public static final int QUICK_HOOK_TIMEOUT = 5;

  public final String namePrefix;
  public final List<String> subnets;
  public final String securityGroup;
  public final String loadBalancer;
  public final String blue;
  public final String green;
  public final String productionListener;
  public final String testListener;
  public final String cluster;
  public final String service;
  public final String taskDefinitionV1;
  public final String taskDefinitionV2;
  public final String initialTaskSet;

  /** ALB or NLB. */
  public final LoadBalancerTypeEnum loadBalancerType;

  private DemoWorld(String namePrefix, int port, LoadBalancerTypeEnum loadBalancerType) {
    this.namePrefix = namePrefix;
    this.loadBalancerType = loadBalancerType;
    try (Ec2Client ec2 = EmulatorClients.ec2();
        ElasticLoadBalancingV2Client elb = EmulatorClients.elbv2();
        EcsClient ecs = EmulatorClients.ecs()) {
      List<Subnet> described = ec2.describeSubnets().subnets();
      subnets = described.stream().map(Subnet::subnetId).limit(2).toList();
      String vpc = described.get(0).vpcId();
      securityGroup = ec2.describeSecurityGroups().securityGroups().get(0).groupId();
      loadBalancer =
          elb.createLoadBalancer(
                  r ->
                      r.name(namePrefix + (network() ? "-nlb" : "-alb"))
                          .type(loadBalancerType)
                          .subnets(subnets))
              .loadBalancers()
              .get(0)
              .loadBalancerArn();
      blue = targetGroup(elb, namePrefix + "-blue", vpc);
      green = targetGroup(elb, namePrefix + "-green", vpc);
      productionListener = listener(elb, port, blue);
      testListener = listener(elb, port + 1, blue);

      cluster = namePrefix;
      service = "web";
      ecs.createCluster(r -> r.clusterName(cluster));
      taskDefinitionV1 = taskDefinition(ecs, "1.26");
      taskDefinitionV2 = taskDefinition(ecs, "1.27");
      initialTaskSet = createService(ecs, service, LaunchType.FARGATE);
    }
  }

  /**
   * Another service in the setup's cluster, behind its load balancer: EXTERNAL deployment
   * controller, the given launch type, and a PRIMARY task set of the first task definition on the
   * blue target group. A non-FARGATE service needs {@link
   * EmulatorClients#registerContainerInstance} first.
   */
  public String addService(String name, LaunchType launchType) {
    try (EcsClient ecs = EmulatorClients.ecs()) {
      createService(ecs, name, launchType);
    }
    return name;
  }

  /** Creates the service with its primary task set; returns the task set's ARN. */
  private String createService(EcsClient ecs, String name, LaunchType launchType) {
    ecs.createService(
        r ->
            r.cluster(cluster)
                .serviceName(name)
                .desiredCount(2)
                // A replacement task set takes the service's launch type, as with CodeDeploy.
                .launchType(launchType)
                .deploymentController(d -> d.type(DeploymentControllerType.EXTERNAL))
                .networkConfiguration(
                    n ->
                        n.awsvpcConfiguration(
                            a -> a.subnets(subnets).securityGroups(securityGroup))));
    TaskSet initial =
        ecs.createTaskSet(
                r ->
                    r.cluster(cluster)
                        .service(name)
                        .taskDefinition(taskDefinitionV1)
                        .externalId("initial")
                        .launchType(launchType)
                        .scale(s -> s.unit(ScaleUnit.PERCENT).value(100.0))
                        .networkConfiguration(
                            n ->
                                n.awsvpcConfiguration(
                                    a -> a.subnets(subnets).securityGroups(securityGroup)))
                        .loadBalancers(
                            lb -> lb.targetGroupArn(blue).containerName("web").containerPort(80)))
            .taskSet();
    ecs.updateServicePrimaryTaskSet(
        r -> r.cluster(cluster).service(name).primaryTaskSet(initial.taskSetArn()));
    return initial.taskSetArn();
  }

  /** Creates the setup; {@code namePrefix} keeps several setups apart in one emulator. */
  public static DemoWorld create(String namePrefix, int listenerPort) {
    return new DemoWorld(namePrefix, listenerPort, LoadBalancerTypeEnum.APPLICATION);
  }

  /**
   * The same setup behind a Network Load Balancer: TCP listeners forwarding to TCP target groups.
   */
  public static DemoWorld createBehindNetworkLoadBalancer(String namePrefix, int listenerPort) {
    return new DemoWorld(namePrefix, listenerPort, LoadBalancerTypeEnum.NETWORK);
  }

  private boolean network() {
    return loadBalancerType == LoadBalancerTypeEnum.NETWORK;
  }

  /**
   * Creates the hook functions in MiniStack's Lambda. {@code hookEndpoint} is where {@link
   * #HOOK_CALLS_BACK} reports, as a CodeDeploy hook whose CodeDeploy endpoint points at the
   * operator.
   */
  public static void createHookFunctions(String hookEndpoint) {
    try (LambdaClient lambda = EmulatorClients.lambdaInMiniStack()) {
      for (String existing :
          lambda.listFunctions().functions().stream().map(f -> f.functionName()).toList()) {
        lambda.deleteFunction(r -> r.functionName(existing));
      }
      function(
          lambda,
          HOOK_SUCCEEDS,
          "def handler(event, context):\n    return {'status': 'Succeeded'}\n",
          Map.of());
      function(
          lambda,
          HOOK_FAILS,
          "def handler(event, context):\n    return {'status': 'Failed'}\n",
          Map.of());
      function(
          lambda,
          HOOK_RAISES,
          "def handler(event, context):\n    raise RuntimeError('validation failed')\n",
          Map.of());
      function(lambda, HOOK_SILENT, "def handler(event, context):\n    return None\n", Map.of());
      function(
          lambda,
          HOOK_CALLS_BACK,
          String.join(
              "\n",
              "import os",
              "import boto3",
              "",
              "def handler(event, context):",
              "    codedeploy = boto3.client('codedeploy', region_name='us-east-1',",
              "        endpoint_url=os.environ['CODEDEPLOY_ENDPOINT'],",
              "        aws_access_key_id='testing', aws_secret_access_key='testing')",
              "    codedeploy.put_lifecycle_event_hook_execution_status(",
              "        deploymentId=event['DeploymentId'],",
              "        lifecycleEventHookExecutionId=event['LifecycleEventHookExecutionId'],",
              "        status='Succeeded')",
              "    return None",
              ""),
          Map.of("CODEDEPLOY_ENDPOINT", hookEndpoint));
      function(
          lambda,
          HOOK_CALLS_BACK_LATE,
          String.join(
              "\n",
              "import os",
              "import time",
              "import boto3",
              "",
              "def handler(event, context):",
              "    time.sleep(12)",
              "    codedeploy = boto3.client('codedeploy', region_name='us-east-1',",
              "        endpoint_url=os.environ['CODEDEPLOY_ENDPOINT'],",
              "        aws_access_key_id='testing', aws_secret_access_key='testing')",
              "    codedeploy.put_lifecycle_event_hook_execution_status(",
              "        deploymentId=event['DeploymentId'],",
              "        lifecycleEventHookExecutionId=event['LifecycleEventHookExecutionId'],",
              "        status='Succeeded')",
              "    return None",
              ""),
          Map.of("CODEDEPLOY_ENDPOINT", hookEndpoint));
    }
  }

  /** A CloudWatch alarm in MiniStack, in state OK. */
  public static void createAlarm() {
    try (CloudWatchClient cloudWatch = EmulatorClients.cloudWatch()) {
      cloudWatch.putMetricAlarm(
          r ->
              r.alarmName(ALARM)
                  .namespace("AWS/ApplicationELB")
                  .metricName("HTTPCode_Target_5XX_Count")
                  .statistic(Statistic.SUM)
                  .period(60)
                  .evaluationPeriods(1)
                  .threshold(1.0)
                  .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
      setAlarm(StateValue.OK);
    }
  }

  public static void setAlarm(StateValue state) {
    try (CloudWatchClient cloudWatch = EmulatorClients.cloudWatch()) {
      cloudWatch.setAlarmState(
          r -> r.alarmName(ALARM).stateValue(state).stateReason("set by the test"));
    }
  }

  /** The task sets of the service, as ECS describes them. */
  public List<TaskSet> taskSets() {
    try (EcsClient ecs = EmulatorClients.ecs()) {
      return ecs.describeServices(r -> r.cluster(cluster).services(service))
          .services()
          .get(0)
          .taskSets();
    }
  }

  /** Target group ARN to weight, of a listener's default forward action. */
  public Map<String, Integer> weights(String listener) {
    try (ElasticLoadBalancingV2Client elb = EmulatorClients.elbv2()) {
      Action action =
          elb.describeListeners(r -> r.listenerArns(listener))
              .listeners()
              .get(0)
              .defaultActions()
              .get(0);
      if (action.forwardConfig() == null || action.forwardConfig().targetGroups().isEmpty()) {
        return Map.of(action.targetGroupArn(), 1);
      }
      return action.forwardConfig().targetGroups().stream()
          .collect(
              java.util.stream.Collectors.toMap(
                  TargetGroupTuple::targetGroupArn, TargetGroupTuple::weight));
    }
  }

  /** The share of a listener's traffic that goes to a target group, in percent. */
  public int percentTo(String listener, String targetGroup) {
    Map<String, Integer> weights = weights(listener);
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    return total == 0 ? 0 : weights.getOrDefault(targetGroup, 0) * 100 / total;
  }

  private String targetGroup(ElasticLoadBalancingV2Client elb, String name, String vpc) {
    return targetGroup(elb, name, vpc, network() ? ProtocolEnum.TCP : ProtocolEnum.HTTP);
  }

  private String listener(ElasticLoadBalancingV2Client elb, int port, String targetGroup) {
    return listener(
        elb, loadBalancer, port, targetGroup, network() ? ProtocolEnum.TCP : ProtocolEnum.HTTP);
  }

  private String taskDefinition(EcsClient ecs, String nginxVersion) {
    return taskDefinition(ecs, namePrefix + "-web", nginxVersion);
  }

  /** An IP target group on port 80; returns its ARN. */
  public static String targetGroup(
      ElasticLoadBalancingV2Client elb, String name, String vpc, ProtocolEnum protocol) {
    return elb.createTargetGroup(
            r -> r.name(name).protocol(protocol).port(80).vpcId(vpc).targetType(TargetTypeEnum.IP))
        .targetGroups()
        .get(0)
        .targetGroupArn();
  }

  /** A listener of the load balancer forwarding to one target group; returns its ARN. */
  public static String listener(
      ElasticLoadBalancingV2Client elb,
      String loadBalancer,
      int port,
      String targetGroup,
      ProtocolEnum protocol) {
    return elb.createListener(
            r ->
                r.loadBalancerArn(loadBalancer)
                    .protocol(protocol)
                    .port(port)
                    .defaultActions(
                        a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroup)))
        .listeners()
        .get(0)
        .listenerArn();
  }

  /** A FARGATE task definition of the family: one container {@code web}, nginx, port 80. */
  public static String taskDefinition(EcsClient ecs, String family, String nginxVersion) {
    return ecs.registerTaskDefinition(
            r ->
                r.family(family)
                    .networkMode(NetworkMode.AWSVPC)
                    .requiresCompatibilities(Compatibility.FARGATE)
                    .cpu("256")
                    .memory("512")
                    .containerDefinitions(
                        c ->
                            c.name("web")
                                .image("nginx:" + nginxVersion)
                                .cpu(256)
                                .memory(512)
                                .portMappings(p -> p.containerPort(80))))
        .taskDefinition()
        .taskDefinitionArn();
  }

  /**
   * A function with a timeout of {@value #QUICK_HOOK_TIMEOUT} seconds for those that answer at
   * once, 30 for those that call back: the operator invokes a hook whose answer was lost again once
   * its timeout has passed.
   */
  private static void function(
      LambdaClient lambda, String name, String source, Map<String, String> env) {
    int timeout = env.isEmpty() ? QUICK_HOOK_TIMEOUT : 30;
    lambda.createFunction(
        r ->
            r.functionName(name)
                .runtime(Runtime.PYTHON3_12)
                .role("arn:aws:iam::" + EmulatorClients.ACCOUNT_ID + ":role/hook-runner")
                .handler("hook.handler")
                .timeout(timeout)
                .environment(e -> e.variables(env))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip(source)))));
  }

  private static byte[] zip(String source) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("hook.py"));
      zip.write(source.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
