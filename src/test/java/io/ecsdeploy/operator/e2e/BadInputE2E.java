package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.AppSpecContent;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.S3Location;
import io.ecsdeploy.operator.appspec.AppSpecParser;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.BadInputReport;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorUnderTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The bad-input catalogue against one running operator: every bad revision ({@link BadRevisions})
 * fails its deployment with the exact error a user reads in {@code status.errorInformation}, every
 * bad hook report ({@link BadHookRequests}) gets CodeDeploy's error in CodeDeploy's shape, and
 * afterwards the operator is as it was: {@code /readyz} answers 200 and a normal deployment of the
 * same group runs to Succeeded. The counts go to {@code target/reliability/bad-input.md}.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputE2E {
  /** Short, so that the slow clients of the catalogue are cut off in seconds. */
  static final Duration HOOK_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private static final String BUCKET = "bad-input-revisions";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static KubernetesClient client;
  private static OperatorUnderTest operator;
  private static E2EScenario scenario;
  private static final Map<String, String> PLACEHOLDERS = new java.util.LinkedHashMap<>();
  private static final Map<BadInputReport.Kind, Integer> PASSED =
      new EnumMap<>(BadInputReport.Kind.class);
  private static String health = "not checked";

  @BeforeAll
  static void operatorAndRevisions(KubernetesClient kubernetes) throws IOException {
    client = kubernetes;
    long started = System.nanoTime();
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    operator =
        OperatorUnderTest.start(
            settings -> settings.withHooksRequestTimeout(HOOK_REQUEST_TIMEOUT),
            KubeApiServerExtension.newAdminClient());
    DemoWorld.createHookFunctions(operator.hookEndpoint());
    scenario = E2EScenario.create(client, "bad-input");
    scenario.group("web", spec -> {});
    PLACEHOLDERS.put("{td}", scenario.world.taskDefinitionV2);
    PLACEHOLDERS.put("{bucket}", BUCKET);
    putRevisions();
    System.out.printf(
        "bad-input: operator, scenario and revisions ready in %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  /** The bucket: a versioned AppSpec, objects of the wrong size or kind, one object per case. */
  private static void putRevisions() throws IOException {
    try (S3Client s3 = EmulatorClients.s3()) {
      s3.createBucket(r -> r.bucket(BUCKET));
      s3.putBucketVersioning(
          r ->
              r.bucket(BUCKET)
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
      String first = BadRevisions.VALID.replace("{td}", scenario.world.taskDefinitionV1);
      String second = fill(BadRevisions.VALID);
      PutObjectResponse v1 = put(s3, "web/appspec.yaml", BadRevisions.bytes(first));
      PutObjectResponse v2 = put(s3, "web/appspec.yaml", BadRevisions.bytes(second));
      put(s3, "web/other.yaml", BadRevisions.bytes(second));
      PLACEHOLDERS.put("{v1}", v1.versionId());
      PLACEHOLDERS.put("{v2}", v2.versionId());
      PLACEHOLDERS.put("{etag1}", v1.eTag().replace("\"", ""));
      PLACEHOLDERS.put("{etag2}", v2.eTag().replace("\"", ""));
      PLACEHOLDERS.put("{sha1}", AppSpecParser.sha256Hex(BadRevisions.bytes(first)));
      PLACEHOLDERS.put("{sha2}", AppSpecParser.sha256Hex(BadRevisions.bytes(second)));
      byte[] fiveMegabytes = new byte[5 * 1024 * 1024];
      java.util.Arrays.fill(fiveMegabytes, (byte) '#');
      put(s3, "big/5mb.yaml", fiveMegabytes);
      put(s3, "big/64kib-plus-1.yaml", new byte[AppSpecParser.MAX_DOCUMENT_BYTES + 1]);
      put(s3, "empty.yaml", new byte[0]);
      put(s3, "bundle.zip", zipBundle());
      for (BadRevisions.Case c : BadRevisions.all()) {
        if (c.source() == BadRevisions.Source.S3_OBJECT) {
          put(s3, "appspecs/" + c.name(), c.content());
        }
      }
    }
  }

  @AfterAll
  static void stopOperatorAndReport() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
    PASSED.forEach((kind, passed) -> BadInputReport.record(kind, passed, health));
  }

  @Test
  @Order(1)
  void everyBadRevisionFailsItsDeploymentWithTheExactError() {
    List<BadRevisions.Case> cases = BadRevisions.all();
    // A deployment whose hook never reports, for the hook reports; it runs meanwhile.
    scenario.deploy(
        "hooked",
        "web",
        scenario.revision(hooks -> hooks.beforeAllowTraffic = DemoWorld.HOOK_SILENT),
        spec -> {});
    long started = System.nanoTime();
    for (BadRevisions.Case c : cases) {
      scenario.deploy(c.name(), "web", revision(c), spec -> {});
    }
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                cases.stream()
                    .map(c -> scenario.get(c.name()))
                    .allMatch(
                        d ->
                            d.getStatus() != null
                                && d.getStatus().status != null
                                && d.getStatus().status.isTerminal()));
    System.out.printf(
        "bad-input: %d bad revisions failed in %d ms%n",
        cases.size(), Duration.ofNanos(System.nanoTime() - started).toMillis());

    List<String> mismatches = new ArrayList<>();
    Map<BadInputReport.Kind, Integer> passed = new EnumMap<>(BadInputReport.Kind.class);
    for (BadRevisions.Case c : cases) {
      EcsDeployment deployment = scenario.get(c.name());
      var error = deployment.getStatus().errorInformation;
      String expected = fill(c.message());
      boolean matches =
          deployment.getStatus().status == DeploymentStatus.Failed
              && error != null
              && error.code == c.code()
              && expected.equals(error.message);
      if (matches) {
        passed.merge(c.kind(), 1, Integer::sum);
      } else {
        mismatches.add(
            c.name()
                + "\n  expected: "
                + c.code()
                + " "
                + expected
                + "\n  actual:   "
                + deployment.getStatus().status
                + " "
                + (error == null ? "no errorInformation" : error.code + " " + error.message));
      }
    }
    assertThat(mismatches).as("cases whose deployment did not fail as expected").isEmpty();
    PASSED.putAll(passed);
  }

  @Test
  @Order(2)
  void everyBadHookReportIsRefusedWithCodeDeploysErrorAndTheHookStillWaits() throws Exception {
    EcsDeployment waiting =
        scenario.awaitDeployment(
            "hooked",
            Duration.ofSeconds(120),
            d -> "BeforeAllowTraffic".equals(d.getStatus().currentEvent) && pending(d) != null);
    String deploymentId = waiting.getStatus().deploymentId;
    String executionId = pending(waiting);
    PLACEHOLDERS.put("{deploymentIdLowerCase}", deploymentId.toLowerCase(java.util.Locale.ROOT));
    PLACEHOLDERS.put("{deploymentId}", deploymentId);
    PLACEHOLDERS.put("{executionId}", executionId);
    PLACEHOLDERS.put("{failedId}", scenario.get("no-such-key").getStatus().deploymentId);
    HookEndpointClient endpoint = new HookEndpointClient(operator.hookEndpoint());

    List<String> mismatches = new ArrayList<>();
    int passed = 0;
    for (BadHookRequests.Case c : BadHookRequests.requests()) {
      HookEndpointClient.Answer answer = endpoint.send(c, BadInputE2E::fill);
      String expected = c.status() + " " + c.type() + " " + fill(c.message());
      if (expected.equals(answer.toString())) {
        passed++;
      } else {
        mismatches.add(c.name() + "\n  expected: " + expected + "\n  actual:   " + answer);
      }
    }

    // Scenarios: none of the above moved the hook; then races, replays and slow clients.
    List<String> scenarios = new ArrayList<>();
    EcsDeployment stillWaiting = scenario.get("hooked");
    if ("BeforeAllowTraffic".equals(stillWaiting.getStatus().currentEvent)
        && executionId.equals(pending(stillWaiting))
        && stillWaiting.getStatus().status == DeploymentStatus.InProgress) {
      scenarios.add("forged-ids-leave-the-hook-waiting");
    } else {
      mismatches.add("forged-ids-leave-the-hook-waiting: " + stillWaiting.getStatus().currentEvent);
    }
    List<HookEndpointClient.Answer> race =
        endpoint.concurrently(2, BadHookRequests.report(deploymentId, executionId, "Succeeded"));
    List<String> raced = race.stream().map(HookEndpointClient.Answer::toString).sorted().toList();
    String alreadyCompleted =
        "400 "
            + BadHookRequests.ALREADY_COMPLETED
            + " the lifecycle event of this hook execution has already completed";
    if (raced.equals(List.of("200 " + executionId, alreadyCompleted))) {
      scenarios.add("same-id-reported-twice-at-once");
    } else {
      mismatches.add("same-id-reported-twice-at-once: " + raced);
    }
    for (String status : List.of("Succeeded", "Failed")) {
      String name =
          status.equals("Succeeded")
              ? "replayed-after-it-was-accepted"
              : "replayed-with-the-opposite-status";
      HookEndpointClient.Answer replay =
          endpoint.post(BadHookRequests.report(deploymentId, executionId, status));
      if (replay.toString().equals(alreadyCompleted)) {
        scenarios.add(name);
      } else {
        mismatches.add(name + ": " + replay);
      }
    }
    scenarios.addAll(slowClients(endpoint, mismatches));
    EcsDeployment hooked = scenario.awaitStatus("hooked", DeploymentStatus.Succeeded);
    assertThat(hooked.getStatus().lifecycleEvents)
        .filteredOn(e -> "BeforeAllowTraffic".equals(e.lifecycleEventName))
        .extracting(e -> e.status.name())
        .containsExactly("Succeeded");

    assertThat(mismatches).as("hook reports not refused as expected").isEmpty();
    assertThat(scenarios).containsExactlyInAnyOrderElementsOf(BadHookRequests.SCENARIOS);
    PASSED.put(BadInputReport.Kind.HOOK_REQUEST, passed + scenarios.size());
  }

  /**
   * Clients that send a request a byte at a time are cut off after the request timeout, and the
   * endpoint answers others meanwhile: five slow clients (one sending its headers slowly, four
   * their bodies) against four workers, and a report sent after them. Each slow client would take a
   * minute to finish, so a connection closed within the wait was closed by the endpoint.
   */
  private static List<String> slowClients(HookEndpointClient endpoint, List<String> mismatches)
      throws Exception {
    List<String> passed = new ArrayList<>();
    byte[] unknown = BadHookRequests.report("d-NOSUCHONE", "x", "Succeeded");
    String unknownAnswer =
        "400 DeploymentDoesNotExistException deployment d-NOSUCHONE does not exist";
    byte[] minuteLongBody = BadHookRequests.report("d-NOSUCHONE", "x".repeat(600), "Succeeded");
    List<HookEndpointClient.SlowClient> crowd = new ArrayList<>();
    try {
      crowd.add(endpoint.slowHeaders(600));
      for (int i = 0; i < 4; i++) {
        crowd.add(endpoint.slowBody(minuteLongBody));
      }
      long started = System.nanoTime();
      HookEndpointClient.Answer answer = endpoint.post(unknown);
      long answeredAfter = Duration.ofNanos(System.nanoTime() - started).toMillis();
      List<Optional<Duration>> closed = new ArrayList<>();
      for (HookEndpointClient.SlowClient slow : crowd) {
        closed.add(slow.awaitClosed(Duration.ofSeconds(30)));
      }
      System.out.printf(
          "bad-input: slow clients cut off after %s ms (headers first, then bodies); a report sent"
              + " meanwhile answered after %d ms%n",
          closed.stream().map(c -> c.map(d -> String.valueOf(d.toMillis())).orElse("-")).toList(),
          answeredAfter);
      if (closed.get(0).isPresent()) {
        passed.add("headers-sent-byte-by-byte");
      } else {
        mismatches.add("headers-sent-byte-by-byte: not cut off within 30 s");
      }
      if (closed.stream().skip(1).allMatch(Optional::isPresent)) {
        passed.add("body-sent-byte-by-byte");
      } else {
        mismatches.add("body-sent-byte-by-byte: not all cut off within 30 s: " + closed);
      }
      if (answer.toString().equals(unknownAnswer)) {
        passed.add("five-slow-clients-at-once");
      } else {
        mismatches.add("five-slow-clients-at-once: " + answer);
      }
    } finally {
      for (HookEndpointClient.SlowClient slow : crowd) {
        slow.close();
      }
    }
    // Refused on its headers: an answer at all shows the endpoint did not wait for the body.
    long started = System.nanoTime();
    HookEndpointClient.Answer announced = endpoint.announceBody(5 * 1024 * 1024);
    System.out.printf(
        "bad-input: a request announcing 5 MiB was refused after %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    if (announced
        .toString()
        .equals(
            "413 SerializationException the request body is larger than 16384 bytes; a report"
                + " is a few hundred")) {
      passed.add("five-megabytes-announced");
    } else {
      mismatches.add("five-megabytes-announced: " + announced);
    }
    return passed;
  }

  @Test
  @Order(3)
  void theOperatorStaysReadyAndDeploysAsBefore() throws Exception {
    HttpResponse<String> ready =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(operator.metricsEndpoint().replace("/metrics", "/readyz")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

    long started = System.nanoTime();
    scenario.deploy(
        "after-the-batch",
        "web",
        scenario.revision(hooks -> hooks.beforeAllowTraffic = DemoWorld.HOOK_SUCCEEDS),
        spec -> {});
    EcsDeployment done = scenario.awaitStatus("after-the-batch", DeploymentStatus.Succeeded);
    assertThat(done.getStatus().errorInformation).isNull();
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.printf("bad-input: a normal deployment succeeded %d ms after the batch%n", millis);
    health =
        String.format(
            java.util.Locale.ROOT,
            "/readyz 200; a normal deployment Succeeded in %.1f s",
            millis / 1000.0);
  }

  /** The execution id the deployment waits on, as the operator stored it. */
  private static String pending(EcsDeployment deployment) {
    try {
      var record =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(deployment.getStatus().runRecord);
      var execution = record.path("state").path("hookExecution").path("executionId");
      return execution.isTextual() ? execution.asText() : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static Revision revision(BadRevisions.Case c) {
    Revision revision = new Revision();
    switch (c.source()) {
      case INLINE -> {
        revision.appSpecContent = new AppSpecContent();
        revision.appSpecContent.content = fill(new String(c.content(), StandardCharsets.UTF_8));
      }
      case S3_OBJECT -> {
        revision.s3Location = new S3Location();
        revision.s3Location.bucket = BUCKET;
        revision.s3Location.key = "appspecs/" + c.name();
      }
      case S3_LOCATION -> {
        String[] at = c.s3Location();
        revision.s3Location = new S3Location();
        revision.s3Location.bucket = fill(at[0]);
        revision.s3Location.key = fill(at[1]);
        revision.s3Location.version = at[2] == null ? null : fill(at[2]);
        revision.s3Location.eTag = at[3] == null ? null : fill(at[3]);
        revision.s3Location.sha256 = at[4] == null ? null : fill(at[4]);
      }
    }
    return revision;
  }

  static String fill(String text) {
    String filled = text;
    for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
      filled = filled.replace(placeholder.getKey(), placeholder.getValue());
    }
    return filled;
  }

  private static PutObjectResponse put(S3Client s3, String key, byte[] content) {
    return s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
  }

  /** What CodeDeploy takes for EC2: a zip with an appspec.yml, which is no ECS AppSpec. */
  private static byte[] zipBundle() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("appspec.yml"));
      zip.write(BadRevisions.bytes("version: 0.0\nos: linux\n"));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
