package io.ecsdeploy.operator.demo;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleEventInfo;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.OperatorUnderTest;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * {@code make demo}: the embedded default. Starts a local API server and the AWS emulators, runs
 * the operator against them, creates an ECS service behind a load balancer in the emulator, applies
 * an application, a canary configuration, a deployment group and a deployment, and prints the
 * deployment moving event by event until it succeeds. With {@code KEEP=1} ({@code
 * -Decsdeploy.demo.keep=1}) it then stays up, printing what to look at, until it is interrupted.
 *
 * <p>Its output is plain text, with no terminal colours, so that it reads the same in a log.
 */
public final class Demo {
  private static final String NAMESPACE = "demo";
  private static final String DEPLOYMENT = "web-release-2";

  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = run();
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 2;
    }
    // The clients' and informers' threads would keep the JVM alive after the demo.
    System.exit(exitCode);
  }

  private static int run() throws Exception {
    Path dir = Path.of("target", "demo").toAbsolutePath();
    Files.createDirectories(dir);
    say("starting a local kube-apiserver and etcd");
    KubeAPIServer apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(cache().resolve("kubeapitest").toString())
                .withApiServerVersion(System.getProperty("kube.version", "1.36.3"))
                .withOfflineMode(true)
                .withStartupTimeout(120_000)
                .build());
    StopOnce stop = new StopOnce();
    apiServer.start();
    stop.add(apiServer::stop);
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
    say("starting the AWS emulators (moto, MiniStack)");
    AwsEmulatorsExtension.Emulators emulators = AwsEmulatorsExtension.Emulators.startShared();
    stop.add(emulators::close);
    OperatorUnderTest operator = null;
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(apiServer.getKubeConfigYaml()))
            .build()) {
      Crds.install(client);
      say("starting the operator");
      operator =
          OperatorUnderTest.start(
              new KubernetesClientBuilder()
                  .withConfig(Config.fromKubeconfig(apiServer.getKubeConfigYaml()))
                  .build());
      stop.add(operator::close);
      say("creating the demo ECS service 'web' behind a load balancer, on the blue target group");
      DemoWorld world = DemoWorld.create("demo", 80);
      DemoWorld.createHookFunctions(operator.hookEndpoint());

      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .createOr(existing -> existing.update());
      String kubectl =
          cache()
              .resolve(
                  "kubeapitest/k8s/"
                      + System.getProperty("kube.version", "1.36.3")
                      + "-linux-amd64/kubectl")
              .toString();
      say("watch it from another terminal with:");
      System.out.println(
          "\n    "
              + kubectl
              + " --kubeconfig "
              + kubeconfig
              + " -n "
              + NAMESPACE
              + " get ecsdeployments -w\n");
      apply(client, manifests(world));
      say(
          "applied an EcsApplication, an EcsDeploymentConfig (canary 20%, 15s), an EcsDeploymentGroup and an EcsDeployment");

      EcsDeployment done = follow(client, DEPLOYMENT, Duration.ofMinutes(5));
      say(
          "deployment "
              + done.getStatus().deploymentId
              + " "
              + done.getStatus().status
              + "; production traffic now: "
              + world.percentTo(world.productionListener, world.green)
              + "% on the green target group; task sets: "
              + world.taskSets().stream()
                  .map(
                      t ->
                          t.status()
                              + " "
                              + t.taskDefinition()
                                  .substring(t.taskDefinition().lastIndexOf('/') + 1))
                  .collect(Collectors.joining(", ")));
      boolean succeeded = done.getStatus().status == DeploymentStatus.Succeeded;
      if (succeeded && keep()) {
        stayUp(kubectl, kubeconfig, operator.metricsEndpoint(), stop);
      }
      return succeeded ? 0 : 1;
    } finally {
      stop.run();
    }
  }

  /** {@code make demo KEEP=1}: the system property the Makefile sets from KEEP. */
  private static boolean keep() {
    String keep = System.getProperty("ecsdeploy.demo.keep", "").trim();
    return !keep.isEmpty() && !keep.equals("0") && !keep.equalsIgnoreCase("false");
  }

  /**
   * Prints where everything is and what to try, then waits until the process is interrupted
   * (Ctrl-C), when the shutdown hook stops the operator, the emulators and the API server.
   */
  private static void stayUp(String kubectl, Path kubeconfig, String metrics, StopOnce stop)
      throws InterruptedException {
    say("the operator, the API server and the emulators stay up until you press Ctrl-C");
    System.out.println(
        String.join(
            "\n",
            "",
            "    kubeconfig:  " + kubeconfig,
            "    metrics:     " + metrics,
            "",
            "  try, from another terminal:",
            "",
            "    export KUBECONFIG=" + kubeconfig,
            "    " + kubectl + " -n " + NAMESPACE + " get ecsd",
            "    " + kubectl + " -n " + NAMESPACE + " describe ecsd " + DEPLOYMENT,
            "    "
                + kubectl
                + " ecsdeploy status "
                + DEPLOYMENT
                + " -n "
                + NAMESPACE
                + "    # after make plugin, with ~/.local/bin on the PATH",
            "    curl -s " + metrics + " | grep '^ecsdeploy_'",
            ""));
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  stopped.countDown();
                },
                "demo-stop"));
    stopped.await();
  }

  /**
   * What stops the demo, last started first, run once: at the end of the demo, or at Ctrl-C while
   * it stays up.
   */
  private static final class StopOnce implements Runnable {
    private final java.util.Deque<Runnable> steps =
        new java.util.concurrent.LinkedBlockingDeque<>();
    private final java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();

    void add(Runnable step) {
      steps.push(step);
    }

    @Override
    public void run() {
      if (done.compareAndSet(false, true)) {
        steps.forEach(Runnable::run);
      }
    }
  }

  /** Prints each change of status, event and traffic until the deployment finishes. */
  private static EcsDeployment follow(KubernetesClient client, String name, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      EcsDeployment deployment =
          client.resources(EcsDeployment.class).inNamespace(NAMESPACE).withName(name).get();
      if (deployment != null
          && deployment.getStatus() != null
          && deployment.getStatus().status != null) {
        var status = deployment.getStatus();
        String line =
            String.format(
                "%-10s %-22s traffic %-7s events %s",
                status.status,
                status.currentEvent == null ? "-" : status.currentEvent,
                status.trafficSplit == null ? "-" : status.trafficSplit,
                status.lifecycleEvents.stream()
                    .map(Demo::shortEvent)
                    .collect(Collectors.joining(" ")));
        if (!line.equals(last)) {
          System.out.println("  " + Instant.now().toString().substring(11, 19) + "  " + line);
          last = line;
        }
        if (status.status.isTerminal()) {
          return deployment;
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not finish within " + timeout);
  }

  private static String shortEvent(LifecycleEventInfo event) {
    String mark =
        switch (event.status) {
          case Succeeded -> "ok";
          case InProgress -> "..";
          case Failed -> "FAILED";
          case Skipped -> "skip";
          default -> "";
        };
    return event.lifecycleEventName + (mark.isEmpty() ? "" : "(" + mark + ")");
  }

  private static String manifests(DemoWorld world) {
    return String.join(
        "\n",
        "apiVersion: ecsdeploy.io/v1alpha1",
        "kind: EcsApplication",
        "metadata: {name: web}",
        "spec: {description: Demo web front end, region: us-east-1}",
        "---",
        "apiVersion: ecsdeploy.io/v1alpha1",
        "kind: EcsDeploymentConfig",
        "metadata: {name: canary-20-percent-15-seconds}",
        "spec:",
        "  trafficRouting:",
        "    type: TimeBasedCanary",
        "    timeBasedCanary: {canaryPercentage: 20, canaryInterval: 15s}",
        "---",
        "apiVersion: ecsdeploy.io/v1alpha1",
        "kind: EcsDeploymentGroup",
        "metadata: {name: web}",
        "spec:",
        "  applicationName: web",
        "  service: {clusterName: " + world.cluster + ", serviceName: " + world.service + "}",
        "  loadBalancer:",
        "    targetGroups: [{arn: " + world.blue + "}, {arn: " + world.green + "}]",
        "    productionRoute: {listenerArn: " + world.productionListener + "}",
        "    testRoute: {listenerArn: " + world.testListener + "}",
        "  deploymentConfigName: canary-20-percent-15-seconds",
        "  blueGreen:",
        "    terminateOriginal: {action: TERMINATE, wait: 5s}",
        "  autoRollback: {enabled: true, events: [DEPLOYMENT_FAILURE]}",
        "---",
        "apiVersion: ecsdeploy.io/v1alpha1",
        "kind: EcsDeployment",
        "metadata: {name: web-release-2}",
        "spec:",
        "  deploymentGroupName: web",
        "  description: nginx 1.26 -> 1.27",
        "  revision:",
        "    appSpecContent:",
        "      content: |",
        "        version: 0.0",
        "        Resources:",
        "          - TargetService:",
        "              Type: AWS::ECS::Service",
        "              Properties:",
        "                TaskDefinition: \"" + world.taskDefinitionV2 + "\"",
        "                LoadBalancerInfo:",
        "                  ContainerName: \"web\"",
        "                  ContainerPort: 80",
        "                NetworkConfiguration:",
        "                  AwsvpcConfiguration:",
        "                    Subnets: [\"" + String.join("\", \"", world.subnets) + "\"]",
        "                    SecurityGroups: [\"" + world.securityGroup + "\"]",
        "                    AssignPublicIp: \"DISABLED\"",
        "        Hooks:",
        "          - AfterAllowTestTraffic: \"" + DemoWorld.HOOK_CALLS_BACK + "\"",
        "          - BeforeAllowTraffic: \"" + DemoWorld.HOOK_SUCCEEDS + "\"",
        "");
  }

  private static void apply(KubernetesClient client, String yaml) {
    List<HasMetadata> items =
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata item : items) {
      client.resource(item).inNamespace(NAMESPACE).createOr(existing -> existing.update());
    }
  }

  private static Path cache() {
    String configured = System.getProperty("ecsdeploy.cache", System.getenv("ECSDEPLOY_CACHE"));
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "ecs-deploy-operator");
  }

  private static void say(String message) {
    System.out.println("[demo] " + message);
  }
}
