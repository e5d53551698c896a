package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.Helm;
import io.ecsdeploy.operator.testsupport.ImageContainer;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OciImage;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator as its container image runs it: the image's layers as a read-only root, its
 * entrypoint, user and environment, an emptyDir-like /tmp, and Kubernetes access the way a pod has
 * it (the {@code KUBERNETES_SERVICE_*} variables and a ServiceAccount token mounted at {@code
 * /var/run/secrets/kubernetes.io/serviceaccount}), with the chart's environment (leader election,
 * ports, AWS endpoints). It takes the Lease, serves health, runs a blue/green deployment with a
 * Lambda hook, a hook that reports through its hook endpoint and a CloudWatch alarm, and stops on
 * SIGTERM. Its ServiceAccount and RBAC are the Helm chart's, installed to watch the scenario's
 * namespace, and its token is one the API server issued for that ServiceAccount.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
class OperatorImageE2E {
  private static final String NAMESPACE = "ecs-deploy-operator-image";
  private static final String RELEASE = "image";
  private static final String SERVICE_ACCOUNT = "image-ecs-deploy-operator";
  private static final String POD = "ecs-deploy-operator-5f7c9d-x2x4q";
  private static final String LEASE = "image-ecs-deploy-operator";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static ImageContainer operator;

  @Test
  void operatorFromTheImageRunsABlueGreenDeploymentAsAPodWould(KubernetesClient admin)
      throws Exception {
    AwsEmulatorsExtension.reset();
    Crds.install(admin);
    DemoWorld.createAlarm();
    E2EScenario scenario = E2EScenario.create(admin, "from-image");
    Path serviceAccount = serviceAccountFiles(admin, scenario.namespace);
    Config apiServer = Config.fromKubeconfig(KubeApiServerExtension.adminKubeConfigYaml());
    URI master = URI.create(apiServer.getMasterUrl());
    int httpPort = freePort();
    int hooksPort = freePort();

    operator =
        ImageContainer.of(OciImage.built())
            .mount(serviceAccount, "/var/run/secrets/kubernetes.io/serviceaccount")
            .env(
                Map.of(
                    "KUBERNETES_SERVICE_HOST",
                    master.getHost(),
                    "KUBERNETES_SERVICE_PORT",
                    Integer.toString(master.getPort()),
                    "HOSTNAME",
                    POD,
                    "POD_NAME",
                    POD,
                    "POD_NAMESPACE",
                    NAMESPACE,
                    "AWS_REGION",
                    "us-east-1",
                    "AWS_ACCESS_KEY_ID",
                    "testing",
                    "AWS_SECRET_ACCESS_KEY",
                    "testing"))
            .env(
                Map.of(
                    "ECSDEPLOY_AWS_ENDPOINT", AwsEmulatorsExtension.motoEndpoint().toString(),
                    "ECSDEPLOY_CLOUDWATCH_ENDPOINT",
                        AwsEmulatorsExtension.cloudWatchEndpoint().toString(),
                    "ECSDEPLOY_LAMBDA_ENDPOINT",
                        AwsEmulatorsExtension.cloudWatchEndpoint().toString(),
                    "ECSDEPLOY_WATCH_NAMESPACES", scenario.namespace,
                    "ECSDEPLOY_HTTP_PORT", Integer.toString(httpPort),
                    "ECSDEPLOY_HOOKS_PORT", Integer.toString(hooksPort),
                    "ECSDEPLOY_POLL_INTERVAL", "1",
                    "ECSDEPLOY_LEADER_ELECTION", "true",
                    "ECSDEPLOY_LEASE_NAME", LEASE))
            .start();

    ProcessHandle java = operator.mainProcess("java", Duration.ofSeconds(30));
    assertThat(ImageContainer.status(java, "Uid")).isEqualTo("65532\t65532\t65532\t65532");
    assertThat(ImageContainer.status(java, "Groups")).isEmpty();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(IOException.class)
        .failFast("the operator stopped", () -> !operator.isAlive())
        .untilAsserted(
            () -> assertThat(get("http://127.0.0.1:" + httpPort + "/readyz")).isEqualTo("ready\n"));
    // A replica reports ready while it waits for the Lease too: wait for it to hold it.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Lease lease = admin.leases().inNamespace(NAMESPACE).withName(LEASE).get();
              assertThat(lease).isNotNull();
              assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(POD);
            });

    DemoWorld.createHookFunctions("http://127.0.0.1:" + hooksPort);
    scenario.group("web", spec -> spec.alarmConfiguration = E2EScenario.alarms(DemoWorld.ALARM));
    scenario.deploy(
        "release-2",
        "web",
        scenario.revision(
            hooks -> {
              hooks.beforeInstall = DemoWorld.HOOK_SUCCEEDS;
              hooks.afterAllowTestTraffic = DemoWorld.HOOK_CALLS_BACK;
            }),
        spec -> {});
    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);

    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> "AfterAllowTestTraffic".equals(e.lifecycleEventName))
        .singleElement()
        .satisfies(e -> assertThat(e.status.toString()).isEqualTo("Succeeded"));
    assertThat(scenario.world.percentTo(scenario.world.productionListener, scenario.world.green))
        .isEqualTo(100);
    String metrics = get("http://127.0.0.1:" + httpPort + "/metrics");
    assertThat(metrics)
        .containsPattern(
            "ecsdeploy_deployments_finished_total\\{[^}]*outcome=\"Succeeded\"[^}]*} 1\\.0")
        .containsPattern("ecsdeploy_aws_calls_total\\{[^}]*operation=\"DescribeAlarms\"")
        .containsPattern("ecsdeploy_aws_calls_total\\{[^}]*operation=\"Invoke\"")
        .containsPattern("ecsdeploy_aws_calls_total\\{[^}]*operation=\"CreateTaskSet\"")
        .as("the version the build wrote into the image's classes")
        .contains(
            "ecsdeploy_build_info{version=\""
                + System.getProperty("ecsdeploy.version", "0.1.0")
                + "\"} 1");

    operator.close();
    assertThat(operator.isAlive()).isFalse();
    assertThat(operator.exitCode())
        .as("stopped by SIGTERM through its shutdown hook, within the grace period")
        .isIn(0, 143);
    assertThat(operator.output())
        .contains("ecs-deploy-operator started")
        .as("lines about the deployment name it")
        .contains(
            "["
                + scenario.namespace
                + "/release-2 group=web id="
                + done.getStatus().deploymentId
                + "] ")
        .doesNotContain("Read-only file system")
        .as("nothing refused by the chart's RBAC")
        .doesNotContainIgnoringCase("forbidden")
        .doesNotContain(" ERROR ");
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
  }

  /**
   * What the kubelet mounts for a pod's ServiceAccount: a token, the cluster's CA, the namespace.
   */
  private static Path serviceAccountFiles(KubernetesClient admin, String watchedNamespace)
      throws IOException {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    // The chart's ServiceAccount, Role in the watched namespace and Lease Role.
    Helm.run(
            "install",
            RELEASE,
            Helm.chart().toString(),
            "-n",
            NAMESPACE,
            "--skip-crds",
            "--set",
            "watchNamespaces={" + watchedNamespace + "}")
        .orFail();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName(SERVICE_ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config adminConfig = Config.fromKubeconfig(KubeApiServerExtension.adminKubeConfigYaml());
    Path dir = Files.createTempDirectory("serviceaccount");
    Files.writeString(dir.resolve("token"), token);
    Files.write(
        dir.resolve("ca.crt"),
        adminConfig.getCaCertData() != null
            ? Base64.getDecoder().decode(adminConfig.getCaCertData())
            : Files.readAllBytes(Path.of(adminConfig.getCaCertFile())));
    Files.writeString(dir.resolve("namespace"), NAMESPACE);
    for (Path file :
        new Path[] {dir, dir.resolve("token"), dir.resolve("ca.crt"), dir.resolve("namespace")}) {
      Files.setPosixFilePermissions(
          file,
          java.nio.file.attribute.PosixFilePermissions.fromString(
              Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
    }
    return dir;
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
