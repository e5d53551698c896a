package io.ecsdeploy.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated CRDs in a real kube-apiserver: every sample under operator/samples/ is accepted and
 * reads back as written, and every manifest in the invalid corpus is rejected at apply time with
 * exactly the message its file gives, which names the offending field. The corpus is the bad-input
 * catalogue's first kind; its count goes to {@code target/reliability/bad-input.md}.
 */
@ExtendWith(KubeApiServerExtension.class)
class ResourceSchemaIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SAMPLES = repo().resolve("operator/samples");
  private static final Path INVALID = repo().resolve("src/test/resources/invalid-manifests");
  private static final String NAMESPACE = "schema";

  private static KubernetesClient client;

  /** Cases of the corpus refused as expected, for the bad-input report. */
  private static final java.util.concurrent.atomic.AtomicInteger REFUSED_AS_EXPECTED =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void installCrds(KubernetesClient kubernetes) {
    client = kubernetes;
    Crds.install(client);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .createOr(existing -> existing.update());
  }

  @org.junit.jupiter.api.AfterAll
  static void reportTheCatalogue() {
    io.ecsdeploy.operator.testsupport.BadInputReport.record(
        io.ecsdeploy.operator.testsupport.BadInputReport.Kind.MANIFEST,
        REFUSED_AS_EXPECTED.get(),
        "no operator involved: the API server refuses");
  }

  @AfterEach
  void deleteEverything() {
    for (Class<? extends HasMetadata> kind : CrdGenerator.RESOURCES) {
      client.resources(kind).inNamespace(NAMESPACE).delete();
    }
  }

  @Test
  void everySampleIsAcceptedAndReadsBackAsWritten() throws IOException {
    List<Path> samples = yamlFiles(SAMPLES);
    assertThat(samples.stream().map(ResourceSchemaIT::kindOf).distinct())
        .as("at least one sample per kind")
        .containsExactlyInAnyOrder(
            "EcsApplication", "EcsDeploymentConfig", "EcsDeploymentGroup", "EcsDeployment");
    for (Path sample : samples) {
      for (HasMetadata written : load(sample)) {
        HasMetadata created = client.resource(written).inNamespace(NAMESPACE).create();
        JsonNode expected = JSON.valueToTree(written).get("spec");
        JsonNode actual = JSON.valueToTree(created).get("spec");
        assertContains(actual, expected, sample.getFileName() + " spec");
      }
    }
  }

  @Test
  void readBackAsTypedResourcesWithDefaultsApplied() throws IOException {
    for (Path sample : yamlFiles(SAMPLES)) {
      for (HasMetadata item : load(sample)) {
        client.resource(item).inNamespace(NAMESPACE).create();
      }
    }
    EcsDeploymentGroup group =
        client
            .resources(EcsDeploymentGroup.class)
            .inNamespace(NAMESPACE)
            .withName("api-production")
            .get();
    assertThat(group.getSpec().loadBalancer.productionRoute.listenerRuleArn)
        .endsWith("/00000000000000cc");
    assertThat(group.getSpec().hookTimeout).as("default hook timeout").isEqualTo("1h");
    assertThat(group.getSpec().revision.appSpec.containerPort).isEqualTo(9000);

    EcsDeployment deployment =
        client
            .resources(EcsDeployment.class)
            .inNamespace(NAMESPACE)
            .withName("web-release-42")
            .get();
    assertThat(deployment.getSpec().revision.appSpecContent.content)
        .contains("LambdaFunctionToValidateAfterTestTrafficStarts");

    EcsDeploymentConfig steps =
        client
            .resources(EcsDeploymentConfig.class)
            .inNamespace(NAMESPACE)
            .withName("gradual-steps")
            .get();
    assertThat(steps.getSpec().trafficRouting.steps)
        .extracting(s -> s.weight)
        .containsExactly(5, 25, 50, 100);
    assertThat(steps.getSpec().trafficRouting.steps.get(3).wait)
        .as("default step wait")
        .isEqualTo("0s");
  }

  @ParameterizedTest(name = "kubectl explain {0}")
  @org.junit.jupiter.params.provider.CsvSource({
    "ecsd, A blue/green deployment of a revision",
    "ecsd.spec, The group to deploy to",
    "ecsd.status, What CodeDeploy's GetDeployment would show",
    "ecsdg, A deployment group, as in CodeDeploy for ECS",
    "ecsdg.status, the deployment allowed to run now",
    "ecsdc, A deployment configuration, as in CodeDeploy",
    "ecsapp, An application, as in CodeDeploy"
  })
  void kubectlExplainDescribesEveryKindItsSpecAndItsStatus(String field, String description) {
    // kubectl finds new kinds through API discovery, which may lag the CRDs' installation.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var explained = io.ecsdeploy.operator.testsupport.Commands.kubectl("explain", field);
              assertThat(explained.exitCode()).as(explained.stderr()).isZero();
              assertThat(explained.stdout().replaceAll("\\s+", " ")).contains(description);
            });
  }

  @Test
  void theInvalidCorpusHasAtLeastNinetyCases() throws IOException {
    assertThat(yamlFiles(INVALID)).hasSizeGreaterThanOrEqualTo(90);
  }

  static Stream<String> invalidManifests() throws IOException {
    return yamlFiles(INVALID).stream().map(p -> p.getFileName().toString());
  }

  /**
   * Each file holds one or more documents: all but the last are applied and must be accepted (the
   * set-up, e.g. for an update that must be refused); the last must be rejected with exactly the
   * message of the file's {@code # message:} line, which contains every {@code # expect:} line.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void invalidManifestIsRejectedWithAMessageNamingTheField(String fileName) throws IOException {
    Path file = INVALID.resolve(fileName);
    List<String> expectations =
        Files.readAllLines(file).stream()
            .filter(line -> line.startsWith("# expect:"))
            .map(line -> line.substring("# expect:".length()).trim())
            .toList();
    assertThat(expectations).as("%s needs at least one '# expect:' line", fileName).isNotEmpty();
    List<String> messages =
        Files.readAllLines(file).stream()
            .filter(line -> line.startsWith("# message: "))
            .map(line -> line.substring("# message: ".length()))
            .toList();

    String[] documents = Files.readString(file).split("(?m)^---\\s*$");
    for (int i = 0; i < documents.length - 1; i++) {
      client.resource(parse(documents[i])).inNamespace(NAMESPACE).create();
    }
    GenericKubernetesResource rejected = parse(documents[documents.length - 1]);
    assertThatThrownBy(
            () -> {
              if (documents.length > 1) {
                client.resource(rejected).inNamespace(NAMESPACE).forceConflicts().serverSideApply();
              } else {
                client.resource(rejected).inNamespace(NAMESPACE).create();
              }
            })
        .as(fileName)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as("%s: HTTP status", fileName).isEqualTo(422);
              for (String expected : expectations) {
                assertThat(e.getStatus().getMessage()).as(fileName).contains(expected);
              }
              assertThat(messages).as("%s: its '# message:' line", fileName).hasSize(1);
              assertThat(e.getStatus().getMessage()).as(fileName).isEqualTo(messages.get(0));
            });
    REFUSED_AS_EXPECTED.incrementAndGet();
  }

  private static final String LONG_NAME = "w".repeat(254);

  /** Manifests too large to keep as files, made here. */
  static Stream<Arguments> generatedInvalidManifests() {
    return Stream.of(
        Arguments.of(
            "inline AppSpec of 5 MiB",
            deployment("web-1", 5 * 1024 * 1024),
            413,
            "Request entity too large: limit is 3145728"),
        Arguments.of(
            "inline AppSpec of 65537 characters",
            deployment("web-1", 65_537),
            422,
            "EcsDeployment.ecsdeploy.io \"web-1\" is invalid: [spec.revision.appSpecContent.content:"
                + " Too long: may not be more than 65536 bytes, <nil>: Invalid value: null: some"
                + " validation rules were not checked because the object was invalid; correct the"
                + " existing errors to complete validation]"),
        Arguments.of(
            "deployment name of 254 characters",
            deployment(LONG_NAME, 100),
            422,
            "EcsDeployment.ecsdeploy.io \""
                + LONG_NAME
                + "\" is invalid: metadata.name: Invalid value: \""
                + LONG_NAME
                + "\": must be no more than 253 characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generatedInvalidManifests")
  void generatedInvalidManifestIsRejectedWithItsMessage(
      String description, EcsDeployment manifest, int status, String message) {
    assertThatThrownBy(() -> client.resource(manifest).inNamespace(NAMESPACE).create())
        .as(description)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              String actual = e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage();
              assertThat(e.getCode()).as("%s: HTTP status", description).isEqualTo(status);
              assertThat(actual).as(description).isEqualTo(message);
            });
    REFUSED_AS_EXPECTED.incrementAndGet();
  }

  /** A deployment whose inline AppSpec is {@code contentLength} characters long. */
  private static EcsDeployment deployment(String name, int contentLength) {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setName(name);
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = "web";
    deployment.getSpec().revision = new Revision();
    deployment.getSpec().revision.appSpecContent = new AppSpecContent();
    deployment.getSpec().revision.appSpecContent.content = "#".repeat(contentLength);
    return deployment;
  }

  private static GenericKubernetesResource parse(String document) {
    return client
        .getKubernetesSerialization()
        .unmarshal(
            new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)),
            GenericKubernetesResource.class);
  }

  private static List<HasMetadata> load(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return client.load(in).items();
    }
  }

  private static String kindOf(Path file) {
    try {
      return load(file).get(0).getKind();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every field of {@code expected} is in {@code actual} with the same value. */
  private static void assertContains(JsonNode actual, JsonNode expected, String path) {
    if (expected.isObject()) {
      assertThat(actual != null && actual.isObject()).as(path + " is an object").isTrue();
      Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        assertContains(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey());
      }
    } else if (expected.isArray()) {
      assertThat(actual != null && actual.isArray() && actual.size() == expected.size())
          .as(path + " is an array of " + expected.size())
          .isTrue();
      for (int i = 0; i < expected.size(); i++) {
        assertContains(actual.get(i), expected.get(i), path + "[" + i + "]");
      }
    } else if (!expected.equals(actual)) {
      fail(path + ": expected " + expected + " but read back " + actual);
    }
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static Path repo() {
    return Path.of(System.getProperty("ecsdeploy.repo.dir", ".")).toAbsolutePath();
  }
}
