package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.AlarmConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AppSpecFields;
import io.ecsdeploy.operator.api.v1alpha1.AutoRollbackConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AwsVpcConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.BlueGreenOptions;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentReady;
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
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One blue/green scenario: its own namespace, its own ECS service and load balancer in the
 * emulators, and builders for the resources that point at them.
 */
final class E2EScenario {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  /** Namespaces of scenarios whose resources are still in the API server. */
  private static final List<String> LIVE_NAMESPACES =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  final KubernetesClient client;
  final String namespace;
  final DemoWorld world;

  /** Labels of the groups and deployments the scenario creates. */
  private java.util.Map<String, String> labels = java.util.Map.of();

  private E2EScenario(KubernetesClient client, String name, boolean networkLoadBalancer) {
    this.client = client;
    int n = SEQUENCE.incrementAndGet();
    this.namespace = name + "-" + n;
    LIVE_NAMESPACES.add(namespace);
    String prefix = name.length() > 20 ? name.substring(0, 20) : name + n;
    this.world =
        networkLoadBalancer
            ? DemoWorld.createBehindNetworkLoadBalancer(prefix, 8000 + 2 * n)
            : DemoWorld.create(prefix, 8000 + 2 * n);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    EcsApplication application = new EcsApplication();
    application.getMetadata().setName("web");
    application.setSpec(new EcsApplicationSpec());
    application.getSpec().region = "us-east-1";
    client.resource(application).inNamespace(namespace).create();
  }

  static E2EScenario create(KubernetesClient client, String name) {
    return new E2EScenario(client, name, false);
  }

  /** A scenario whose service is behind a Network Load Balancer (TCP listeners). */
  static E2EScenario createBehindNetworkLoadBalancer(KubernetesClient client, String name) {
    return new E2EScenario(client, name, true);
  }

  /** Gives the groups and deployments created from now on these labels. */
  E2EScenario labelled(java.util.Map<String, String> labels) {
    this.labels = java.util.Map.copyOf(labels);
    return this;
  }

  /**
   * Deletes the resources of every scenario so far, once its operator has stopped, so that the next
   * class's operator (which watches all namespaces) does not act on them after the emulators are
   * reset. Without an operator, the deployments' finalizers are removed here.
   */
  static void deleteAllResources(KubernetesClient client) {
    for (String namespace : LIVE_NAMESPACES) {
      for (EcsDeployment deployment :
          client.resources(EcsDeployment.class).inNamespace(namespace).list().getItems()) {
        client
            .resources(EcsDeployment.class)
            .inNamespace(namespace)
            .withName(deployment.getMetadata().getName())
            .edit(
                d -> {
                  d.getMetadata().setFinalizers(List.of());
                  return d;
                });
      }
      client.resources(EcsDeployment.class).inNamespace(namespace).delete();
      client.resources(EcsDeploymentGroup.class).inNamespace(namespace).delete();
      client.resources(EcsDeploymentConfig.class).inNamespace(namespace).delete();
      client.resources(EcsApplication.class).inNamespace(namespace).delete();
      LIVE_NAMESPACES.remove(namespace);
    }
  }

  /** A group on the scenario's service, with a test route; {@code customize} changes the rest. */
  EcsDeploymentGroup group(String name, Consumer<EcsDeploymentGroupSpec> customize) {
    EcsDeploymentGroup created = groupWithoutWaiting(name, customize);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.isTrue(
                            client.resource(created).inNamespace(namespace).get().getStatus(),
                            Conditions.READY))
                    .as("group %s Ready", name)
                    .isTrue());
    return created;
  }

  /** The same group, without waiting for it to be Ready. */
  EcsDeploymentGroup groupWithoutWaiting(String name, Consumer<EcsDeploymentGroupSpec> customize) {
    EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
    spec.applicationName = "web";
    spec.service = new EcsServiceRef();
    spec.service.clusterName = world.cluster;
    spec.service.serviceName = world.service;
    spec.loadBalancer = new LoadBalancerInfo();
    spec.loadBalancer.targetGroups = List.of(targetGroup(world.blue), targetGroup(world.green));
    spec.loadBalancer.productionRoute = listener(world.productionListener);
    spec.loadBalancer.testRoute = listener(world.testListener);
    spec.blueGreen = new BlueGreenOptions();
    spec.blueGreen.terminateOriginal = new TerminateOriginal();
    spec.blueGreen.terminateOriginal.action = TerminationAction.TERMINATE;
    spec.blueGreen.terminateOriginal.wait = "0s";
    customize.accept(spec);
    EcsDeploymentGroup group = new EcsDeploymentGroup();
    group.getMetadata().setName(name);
    group.getMetadata().setLabels(new java.util.HashMap<>(labels));
    group.setSpec(spec);
    return client.resource(group).inNamespace(namespace).create();
  }

  EcsDeploymentConfig config(String name, TrafficRouting routing) {
    EcsDeploymentConfig config = new EcsDeploymentConfig();
    config.getMetadata().setName(name);
    config.setSpec(new EcsDeploymentConfigSpec());
    config.getSpec().trafficRouting = routing;
    return client.resource(config).inNamespace(namespace).create();
  }

  /** A revision of the scenario's second task definition with the given hooks. */
  Revision revision(Consumer<LifecycleHooks> hooks) {
    Revision revision = new Revision();
    revision.appSpec = new AppSpecFields();
    revision.appSpec.taskDefinition = world.taskDefinitionV2;
    revision.appSpec.containerName = "web";
    revision.appSpec.containerPort = 80;
    revision.appSpec.networkConfiguration = new NetworkConfiguration();
    revision.appSpec.networkConfiguration.awsvpcConfiguration = new AwsVpcConfiguration();
    revision.appSpec.networkConfiguration.awsvpcConfiguration.subnets = world.subnets;
    revision.appSpec.networkConfiguration.awsvpcConfiguration.securityGroups =
        List.of(world.securityGroup);
    revision.appSpec.hooks = new LifecycleHooks();
    hooks.accept(revision.appSpec.hooks);
    return revision;
  }

  EcsDeployment deploy(
      String name, String group, Revision revision, Consumer<EcsDeploymentSpec> customize) {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setName(name);
    deployment.getMetadata().setLabels(new java.util.HashMap<>(labels));
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = group;
    deployment.getSpec().revision = revision;
    customize.accept(deployment.getSpec());
    return client.resource(deployment).inNamespace(namespace).create();
  }

  /** Edits the deployment as stored now (the operator changes it concurrently). */
  EcsDeployment edit(String name, java.util.function.UnaryOperator<EcsDeployment> change) {
    return retryingConflicts(
        () ->
            client
                .resources(EcsDeployment.class)
                .inNamespace(namespace)
                .withName(name)
                .edit(change));
  }

  EcsDeploymentGroup editGroup(
      String name, java.util.function.UnaryOperator<EcsDeploymentGroup> change) {
    return retryingConflicts(
        () ->
            client
                .resources(EcsDeploymentGroup.class)
                .inNamespace(namespace)
                .withName(name)
                .edit(change));
  }

  /**
   * An edit reads the resource and patches it at that resourceVersion; when the operator writes the
   * status in between, the API server answers 409 Conflict, and the edit is made again on the new
   * version, as kubectl edit would have the user do.
   */
  private static <T> T retryingConflicts(java.util.function.Supplier<T> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return edit.get();
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  EcsDeployment get(String name) {
    return client.resources(EcsDeployment.class).inNamespace(namespace).withName(name).get();
  }

  /** Waits until the deployment's status satisfies {@code condition}, and returns it. */
  EcsDeployment awaitDeployment(String name, Duration timeout, Predicate<EcsDeployment> condition) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              EcsDeployment deployment = get(name);
              return deployment != null
                  && deployment.getStatus() != null
                  && condition.test(deployment);
            });
    return get(name);
  }

  EcsDeployment awaitStatus(String name, DeploymentStatus status) {
    return awaitDeployment(name, Duration.ofSeconds(120), d -> d.getStatus().status == status);
  }

  static TargetGroupRef targetGroup(String arn) {
    TargetGroupRef ref = new TargetGroupRef();
    ref.arn = arn;
    return ref;
  }

  static TrafficRoute listener(String arn) {
    TrafficRoute route = new TrafficRoute();
    route.listenerArn = arn;
    return route;
  }

  static AutoRollbackConfiguration autoRollback(AutoRollbackEvent... events) {
    AutoRollbackConfiguration rollback = new AutoRollbackConfiguration();
    rollback.enabled = true;
    rollback.events = List.of(events);
    return rollback;
  }

  static AlarmConfiguration alarms(String... names) {
    AlarmConfiguration alarms = new AlarmConfiguration();
    alarms.enabled = true;
    alarms.ignorePollAlarmFailure = false;
    alarms.alarms = List.of(names);
    return alarms;
  }

  static DeploymentReady stopAndWait(String wait) {
    DeploymentReady ready = new DeploymentReady();
    ready.actionOnTimeout = DeploymentReadyAction.STOP_DEPLOYMENT;
    ready.wait = wait;
    return ready;
  }
}
