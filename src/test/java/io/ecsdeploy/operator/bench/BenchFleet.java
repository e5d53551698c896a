package io.ecsdeploy.operator.bench;

import io.ecsdeploy.operator.api.v1alpha1.AlarmConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AppSpecFields;
import io.ecsdeploy.operator.api.v1alpha1.AwsVpcConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.BlueGreenOptions;
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
import io.ecsdeploy.operator.api.v1alpha1.LifecycleHooks;
import io.ecsdeploy.operator.api.v1alpha1.LoadBalancerInfo;
import io.ecsdeploy.operator.api.v1alpha1.NetworkConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.TargetGroupRef;
import io.ecsdeploy.operator.api.v1alpha1.TerminateOriginal;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedLinear;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.ScaleUnit;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * A fleet of {@code size} ECS services, each with its own blue and green target groups and its own
 * production and test listeners, spread as a platform team's account would have them: up to {@link
 * #SERVICES_PER_CLUSTER} services in a cluster, up to {@link #SERVICES_PER_LOAD_BALANCER} behind
 * one load balancer. In Kubernetes: one namespace, an EcsApplication, the deployment configs the
 * benchmark uses, and one EcsDeploymentGroup per service, named {@code g<i>}.
 */
final class BenchFleet {
  static final int SERVICES_PER_CLUSTER = 100;
  static final int SERVICES_PER_LOAD_BALANCER = 25;

  /** The deployment configs a round can name. */
  static final String ALL_AT_ONCE = "CodeDeployDefault.ECSAllAtOnce";

  static final String LONG_CANARY = "bench-canary-10-30m";
  static final String SHORT_CANARY = "bench-canary-20-5s";
  static final String SHORT_LINEAR = "bench-linear-50-5s";

  /** How many AWS and Kubernetes calls the fleet's set-up makes at once. */
  private static final int SETUP_THREADS = 4;

  final String namespace;
  final int size;
  final List<Service> services = new ArrayList<>();
  private final KubernetesClient client;
  private List<String> subnets;
  private String securityGroup;
  private String taskDefinitionV2;

  /** One service's AWS resources. */
  record Service(
      String cluster, String name, String blue, String green, String production, String test) {}

  private BenchFleet(KubernetesClient client, String namespace, int size) {
    this.client = client;
    this.namespace = namespace;
    this.size = size;
  }

  /** Creates the fleet's AWS resources, then its namespace, application, configs and groups. */
  static BenchFleet create(KubernetesClient client, String namespace, int size) {
    BenchFleet fleet = new BenchFleet(client, namespace, size);
    fleet.createAws();
    fleet.createKubernetes();
    return fleet;
  }

  private void createAws() {
    String vpc;
    List<String> loadBalancers = new ArrayList<>();
    String taskDefinitionV1;
    try (Ec2Client ec2 = EmulatorClients.ec2();
        ElasticLoadBalancingV2Client elb = EmulatorClients.elbv2();
        EcsClient ecs = EmulatorClients.ecs()) {
      List<Subnet> described = ec2.describeSubnets().subnets();
      subnets = described.stream().map(Subnet::subnetId).limit(2).toList();
      vpc = described.get(0).vpcId();
      securityGroup = ec2.describeSecurityGroups().securityGroups().get(0).groupId();
      for (int lb = 0; lb * SERVICES_PER_LOAD_BALANCER < size; lb++) {
        String name = namespace + "-lb" + lb;
        loadBalancers.add(
            elb.createLoadBalancer(r -> r.name(name).subnets(subnets))
                .loadBalancers()
                .get(0)
                .loadBalancerArn());
      }
      for (int c = 0; c * SERVICES_PER_CLUSTER < size; c++) {
        String cluster = namespace + "-c" + c;
        ecs.createCluster(r -> r.clusterName(cluster));
      }
      taskDefinitionV1 = DemoWorld.taskDefinition(ecs, namespace + "-web", "1.26");
      taskDefinitionV2 = DemoWorld.taskDefinition(ecs, namespace + "-web", "1.27");
    }
    String v1 = taskDefinitionV1;
    services.addAll(
        inParallel(
            size,
            i -> {
              try (ElasticLoadBalancingV2Client elb = EmulatorClients.elbv2();
                  EcsClient ecs = EmulatorClients.ecs()) {
                String loadBalancer = loadBalancers.get(i / SERVICES_PER_LOAD_BALANCER);
                int port = 10000 + 2 * (i % SERVICES_PER_LOAD_BALANCER);
                String blue = targetGroup(elb, namespace + "-" + i + "-b", vpc);
                String green = targetGroup(elb, namespace + "-" + i + "-g", vpc);
                Service service =
                    new Service(
                        namespace + "-c" + (i / SERVICES_PER_CLUSTER),
                        "svc" + i,
                        blue,
                        green,
                        listener(elb, loadBalancer, port, blue),
                        listener(elb, loadBalancer, port + 1, blue));
                createService(ecs, service, v1);
                return service;
              }
            }));
  }

  private void createKubernetes() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    EcsApplication application = new EcsApplication();
    application.getMetadata().setName("web");
    application.setSpec(new EcsApplicationSpec());
    application.getSpec().region = EmulatorClients.REGION.id();
    client.resource(application).inNamespace(namespace).create();
    config(LONG_CANARY, canary(10, "30m"));
    config(SHORT_CANARY, canary(20, "5s"));
    TrafficRouting linear = new TrafficRouting();
    linear.type = TrafficRoutingType.TimeBasedLinear;
    linear.timeBasedLinear = new TimeBasedLinear();
    linear.timeBasedLinear.linearPercentage = 50;
    linear.timeBasedLinear.linearInterval = "5s";
    config(SHORT_LINEAR, linear);
    inParallel(
        size,
        i -> {
          Service service = services.get(i);
          EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
          spec.applicationName = "web";
          spec.service = new EcsServiceRef();
          spec.service.clusterName = service.cluster();
          spec.service.serviceName = service.name();
          spec.loadBalancer = new LoadBalancerInfo();
          spec.loadBalancer.targetGroups =
              List.of(targetGroupRef(service.blue()), targetGroupRef(service.green()));
          spec.loadBalancer.productionRoute = route(service.production());
          spec.loadBalancer.testRoute = route(service.test());
          spec.blueGreen = new BlueGreenOptions();
          spec.blueGreen.terminateOriginal = new TerminateOriginal();
          spec.blueGreen.terminateOriginal.action = TerminationAction.TERMINATE;
          spec.blueGreen.terminateOriginal.wait = "0s";
          spec.alarmConfiguration = new AlarmConfiguration();
          spec.alarmConfiguration.enabled = true;
          spec.alarmConfiguration.alarms = List.of(DemoWorld.ALARM);
          EcsDeploymentGroup group = new EcsDeploymentGroup();
          group.getMetadata().setName("g" + i);
          group.setSpec(spec);
          return client.resource(group).inNamespace(namespace).create();
        });
  }

  /**
   * Deployments {@code <name>-<i>} of the second task definition on groups {@code from} to {@code
   * to} (exclusive), with the given deployment config, created from several threads at once.
   */
  void deploy(String name, String deploymentConfig, int from, int to) {
    inParallel(
        to - from,
        k -> {
          int i = from + k;
          EcsDeployment deployment = new EcsDeployment();
          deployment.getMetadata().setName(name + "-" + i);
          deployment.setSpec(new EcsDeploymentSpec());
          deployment.getSpec().deploymentGroupName = "g" + i;
          deployment.getSpec().overrides = new DeploymentOverrides();
          deployment.getSpec().overrides.deploymentConfigName = deploymentConfig;
          deployment.getSpec().revision = revision();
          return client.resource(deployment).inNamespace(namespace).create();
        });
  }

  private Revision revision() {
    Revision revision = new Revision();
    revision.appSpec = new AppSpecFields();
    revision.appSpec.taskDefinition = taskDefinitionV2;
    revision.appSpec.containerName = "web";
    revision.appSpec.containerPort = 80;
    revision.appSpec.networkConfiguration = new NetworkConfiguration();
    revision.appSpec.networkConfiguration.awsvpcConfiguration = new AwsVpcConfiguration();
    revision.appSpec.networkConfiguration.awsvpcConfiguration.subnets = subnets;
    revision.appSpec.networkConfiguration.awsvpcConfiguration.securityGroups =
        List.of(securityGroup);
    revision.appSpec.hooks = new LifecycleHooks();
    return revision;
  }

  private void config(String name, TrafficRouting routing) {
    EcsDeploymentConfig config = new EcsDeploymentConfig();
    config.getMetadata().setName(name);
    config.setSpec(new EcsDeploymentConfigSpec());
    config.getSpec().trafficRouting = routing;
    client.resource(config).inNamespace(namespace).create();
  }

  private static TrafficRouting canary(int percentage, String interval) {
    TrafficRouting canary = new TrafficRouting();
    canary.type = TrafficRoutingType.TimeBasedCanary;
    canary.timeBasedCanary = new TimeBasedCanary();
    canary.timeBasedCanary.canaryPercentage = percentage;
    canary.timeBasedCanary.canaryInterval = interval;
    return canary;
  }

  private static TargetGroupRef targetGroupRef(String arn) {
    TargetGroupRef ref = new TargetGroupRef();
    ref.arn = arn;
    return ref;
  }

  private static TrafficRoute route(String listenerArn) {
    TrafficRoute route = new TrafficRoute();
    route.listenerArn = listenerArn;
    return route;
  }

  private static String targetGroup(ElasticLoadBalancingV2Client elb, String name, String vpc) {
    return DemoWorld.targetGroup(elb, name, vpc, ProtocolEnum.HTTP);
  }

  private static String listener(
      ElasticLoadBalancingV2Client elb, String loadBalancer, int port, String targetGroup) {
    return DemoWorld.listener(elb, loadBalancer, port, targetGroup, ProtocolEnum.HTTP);
  }

  private void createService(EcsClient ecs, Service service, String taskDefinition) {
    ecs.createService(
        r ->
            r.cluster(service.cluster())
                .serviceName(service.name())
                .desiredCount(2)
                .launchType(LaunchType.FARGATE)
                .deploymentController(d -> d.type(DeploymentControllerType.EXTERNAL))
                .networkConfiguration(
                    n ->
                        n.awsvpcConfiguration(
                            a -> a.subnets(subnets).securityGroups(securityGroup))));
    String initial =
        ecs.createTaskSet(
                r ->
                    r.cluster(service.cluster())
                        .service(service.name())
                        .taskDefinition(taskDefinition)
                        .externalId("initial")
                        .launchType(LaunchType.FARGATE)
                        .scale(s -> s.unit(ScaleUnit.PERCENT).value(100.0))
                        .networkConfiguration(
                            n ->
                                n.awsvpcConfiguration(
                                    a -> a.subnets(subnets).securityGroups(securityGroup)))
                        .loadBalancers(
                            lb ->
                                lb.targetGroupArn(service.blue())
                                    .containerName("web")
                                    .containerPort(80)))
            .taskSet()
            .taskSetArn();
    ecs.updateServicePrimaryTaskSet(
        r -> r.cluster(service.cluster()).service(service.name()).primaryTaskSet(initial));
  }

  /** {@code task(0..count-1)} on a few threads; the results in order. */
  private static <T> List<T> inParallel(int count, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(SETUP_THREADS);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("setting up the fleet failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
