package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.HttpHooks;
import io.ecsdeploy.operator.api.v1alpha1.SecretKeyRef;
import io.ecsdeploy.operator.api.v1alpha1.TargetHealthGate;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.reconciler.Conditions;
import io.ecsdeploy.operator.testsupport.CodeDeployClient;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * HTTP hooks and the target-health gate, end to end: the operator POSTs signed hooks to a receiver
 * in this test (which verifies the signature the way the docs tell receivers to), and reads the
 * replacement target group's health in the ELB emulator before it moves traffic.
 */
class HttpHooksAndTargetHealthE2E extends OperatorE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIGNING_KEY = "a-hook-signing-key-of-the-test";

  /** One delivery to the receiver, and whether its signature and timestamp checked out. */
  record Delivery(String path, JsonNode body, boolean signatureValid) {}

  final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  HttpServer receiver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", this::receive);
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  /**
   * A receiver as docs/hooks.md describes one: it checks the signature over the timestamp and the
   * raw body with the shared key (constant-time), and refuses a timestamp more than five minutes
   * off. {@code /succeeds} answers Succeeded, {@code /fails} Failed, {@code /accepts} 202.
   */
  private void receive(HttpExchange exchange) throws IOException {
    byte[] raw = exchange.getRequestBody().readAllBytes();
    String timestamp = exchange.getRequestHeaders().getFirst("X-EcsDeploy-Timestamp");
    String signature = exchange.getRequestHeaders().getFirst("X-EcsDeploy-Signature");
    boolean valid = false;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(raw));
      boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) <= 300;
      valid =
          fresh
              && signature != null
              && MessageDigest.isEqual(
                  expected.getBytes(StandardCharsets.UTF_8),
                  signature.getBytes(StandardCharsets.UTF_8));
    } catch (Exception malformed) {
      valid = false;
    }
    String path = exchange.getRequestURI().getPath();
    deliveries.add(new Delivery(path, JSON.readTree(raw), valid));
    int status;
    String answer;
    if (!valid) {
      status = 401;
      answer = "";
    } else if (path.endsWith("/accepts")) {
      status = 202;
      answer = "";
    } else {
      status = 200;
      answer = path.endsWith("/fails") ? "{\"status\":\"Failed\"}" : "{\"status\":\"Succeeded\"}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  /** A scenario with the signing Secret in its namespace. */
  E2EScenario scenario(String name) {
    E2EScenario scenario = E2EScenario.create(client, name);
    client
        .secrets()
        .inNamespace(scenario.namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("hook-signing")
                .endMetadata()
                .withStringData(Map.of("key", SIGNING_KEY))
                .build())
        .create();
    return scenario;
  }

  static HttpHooks httpHooks(Consumer<HttpHooks> endpoints) {
    HttpHooks hooks = new HttpHooks();
    hooks.signingSecret = new SecretKeyRef();
    hooks.signingSecret.name = "hook-signing";
    endpoints.accept(hooks);
    return hooks;
  }

  @Test
  void signedHttpHooksThatSucceedLetTheDeploymentSucceed() {
    E2EScenario scenario = scenario("http-hook-ok");
    scenario.group(
        "web",
        spec ->
            spec.httpHooks =
                httpHooks(
                    hooks -> {
                      hooks.afterInstall = url("/installed/succeeds");
                      hooks.beforeAllowTraffic = url("/before-traffic/succeeds");
                    }));
    long start = System.nanoTime();
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    System.out.printf(
        "HTTP hooks: deployment with two hooks succeeded in %d ms%n",
        (System.nanoTime() - start) / 1_000_000);

    assertThat(deliveries)
        .extracting(Delivery::path)
        .containsExactly("/installed/succeeds", "/before-traffic/succeeds");
    assertThat(deliveries).allMatch(Delivery::signatureValid);
    JsonNode body = deliveries.get(1).body();
    assertThat(body.get("DeploymentId").asText()).isEqualTo(done.getStatus().deploymentId);
    assertThat(body.get("LifecycleEventName").asText()).isEqualTo("BeforeAllowTraffic");
    assertThat(body.get("Namespace").asText()).isEqualTo(scenario.namespace);
    assertThat(body.get("ServiceName").asText()).isEqualTo(scenario.world.service);
    assertThat(body.get("LifecycleEventHookExecutionId").asText()).isNotBlank();
    assertThat(done.getStatus().lifecycleEvents)
        .filteredOn(e -> "BeforeAllowTraffic".equals(e.lifecycleEventName))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.hookFunction).isEqualTo(url("/before-traffic/succeeds"));
              assertThat(e.status.name()).isEqualTo("Succeeded");
            });
    assertThat(scenario.world.percentTo(scenario.world.productionListener, scenario.world.green))
        .isEqualTo(100);
  }

  @Test
  void anHttpHookThatAnswersFailedRollsTheDeploymentBack() {
    E2EScenario scenario = scenario("http-hook-fails");
    scenario.group(
        "web",
        spec -> {
          spec.httpHooks = httpHooks(hooks -> hooks.afterAllowTraffic = url("/after/fails"));
          spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_FAILURE);
        });
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);

    assertThat(failed.getStatus().errorInformation.code)
        .isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
    assertThat(failed.getStatus().errorInformation.message).contains(url("/after/fails"));
    assertThat(failed.getStatus().rollbackInfo).isNotNull();
    assertThat(deliveries).singleElement().satisfies(d -> assertThat(d.signatureValid()).isTrue());
    DemoWorld world = scenario.world;
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
    assertThat(world.percentTo(world.testListener, world.blue)).isEqualTo(100);
  }

  @Test
  void anHttpHookThatAcceptsReportsItsResultThroughTheCallbackEndpoint() throws Exception {
    E2EScenario scenario = scenario("http-hook-accepts");
    scenario.group(
        "web", spec -> spec.httpHooks = httpHooks(hooks -> hooks.afterInstall = url("/accepts")));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !deliveries.isEmpty());
    assertThat(scenario.get("release-2").getStatus().currentEvent).isEqualTo("AfterInstall");

    JsonNode body = deliveries.get(0).body();
    assertThat(
            new CodeDeployClient(operator.hookEndpoint())
                .report(
                    body.get("DeploymentId").asText(),
                    body.get("LifecycleEventHookExecutionId").asText(),
                    "Succeeded"))
        .isEqualTo("OK");

    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(deliveries).hasSize(1);
  }

  static TargetHealthGate oneHealthyTargetWithin(String timeout) {
    TargetHealthGate gate = new TargetHealthGate();
    gate.minHealthy = "1";
    gate.timeout = timeout;
    return gate;
  }

  @Test
  void aReplacementWhoseTargetsAreNeverHealthyNeverGetsTraffic() {
    E2EScenario scenario = scenario("unhealthy-targets");
    DemoWorld world = scenario.world;
    scenario.group(
        "web",
        spec -> {
          spec.targetHealth = oneHealthyTargetWithin("4s");
          spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_FAILURE);
        });
    long start = System.nanoTime();
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    // While it waits, the status says so, and neither listener sends anything to the replacement.
    EcsDeployment waiting =
        scenario.awaitDeployment(
            "release-2",
            Duration.ofSeconds(60),
            d -> {
              var reconciling = Conditions.find(d.getStatus().conditions, Conditions.RECONCILING);
              return reconciling != null
                  && "WaitingForHealthyTargets".equals(reconciling.getReason());
            });
    assertThat(Conditions.find(waiting.getStatus().conditions, Conditions.RECONCILING).getMessage())
        .contains(world.green)
        .contains("0 of 1 needed are healthy");
    assertThat(waiting.getStatus().nextDeadline).isNotNull();
    assertThat(world.percentTo(world.testListener, world.green)).isZero();
    assertThat(world.percentTo(world.productionListener, world.green)).isZero();

    EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);
    System.out.printf(
        "Target health: deployment failed for unhealthy targets in %d ms (gate timeout 4 s)%n",
        (System.nanoTime() - start) / 1_000_000);

    assertThat(failed.getStatus().errorInformation.code).isEqualTo(ErrorCode.HEALTH_CONSTRAINTS);
    assertThat(failed.getStatus().errorInformation.message)
        .contains("Only 0 of the 1 healthy targets needed")
        .contains(world.green)
        .contains("no test traffic was moved to it");
    assertThat(world.percentTo(world.testListener, world.blue)).isEqualTo(100);
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
  }

  @Test
  void aReplacementWithHealthyTargetsGetsTraffic() {
    E2EScenario scenario = scenario("healthy-targets");
    DemoWorld world = scenario.world;
    // ECS registers a task set's tasks in its target group; the emulator does not, so the test
    // registers one, which the emulator then reports healthy.
    try (ElasticLoadBalancingV2Client elb = EmulatorClients.elbv2()) {
      elb.registerTargets(r -> r.targetGroupArn(world.green).targets(t -> t.id("10.0.1.17")));
    }
    scenario.group("web", spec -> spec.targetHealth = oneHealthyTargetWithin("30s"));
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});

    scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);
    assertThat(world.percentTo(world.productionListener, world.green)).isEqualTo(100);
  }
}
