package io.ecsdeploy.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ecsdeploy.operator.testsupport.ImageContainer;
import io.ecsdeploy.operator.testsupport.OciImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image {@code make image} writes (target/jib-image.tar) is a real OCI image: its
 * blobs match their digests, its configuration runs the operator as a non-root user on the ports
 * and with the user the Helm chart expects, and its Java runtime, run from the unpacked layers
 * under the chart's restrictions (read-only root, tmpfs on /tmp, the image's user), has what the
 * operator needs. OperatorImageE2E runs the operator itself from the image through a deployment.
 */
class OperatorImageIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static OciImage image;
  private static JsonNode config;

  @BeforeAll
  static void readImage() {
    image = OciImage.built();
    config = image.config().get("config");
  }

  @Test
  void archiveIsAnOciImageLayoutWhoseBlobsMatchTheirDigests() throws IOException {
    assertThat(Files.readString(image.layout().resolve("oci-layout")))
        .contains("\"imageLayoutVersion\"");
    JsonNode index = image.index();
    assertThat(index.get("schemaVersion").asInt()).isEqualTo(2);
    assertThat(index.get("manifests")).hasSize(1);
    JsonNode entry = index.get("manifests").get(0);
    assertThat(entry.get("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(entry.at("/annotations/org.opencontainers.image.ref.name").asText())
        .as("the name the archive loads as")
        .isEqualTo(System.getProperty("ecsdeploy.image.reference", "ecs-deploy-operator:0.1.0"));
    assertBlob(entry);

    JsonNode manifest = image.manifest();
    assertThat(manifest.at("/config/mediaType").asText())
        .isEqualTo("application/vnd.oci.image.config.v1+json");
    assertBlob(manifest.get("config"));
    List<String> diffIds = new ArrayList<>();
    image.config().at("/rootfs/diff_ids").forEach(id -> diffIds.add(id.asText()));
    assertThat(manifest.get("layers")).hasSameSizeAs(diffIds).hasSizeGreaterThanOrEqualTo(2);
    for (int i = 0; i < diffIds.size(); i++) {
      JsonNode layer = manifest.get("layers").get(i);
      assertThat(layer.get("mediaType").asText())
          .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      assertBlob(layer);
      assertThat(OciImage.sha256(image.blob(layer.get("digest").asText()), true))
          .as("layer %d's uncompressed digest is its diff_id", i)
          .isEqualTo(diffIds.get(i));
    }
    assertThat(image.config().get("os").asText()).isEqualTo("linux");
    assertThat(image.config().get("architecture").asText()).isEqualTo("amd64");
  }

  @Test
  void configRunsTheOperatorAsANonRootUserWithThePortsAndUserTheChartExpects() throws IOException {
    String user = config.get("User").asText();
    assertThat(user).as("numeric uid:gid, so runAsNonRoot can check it").matches("\\d+:\\d+");
    int uid = Integer.parseInt(user.split(":")[0]);
    assertThat(uid).isNotZero();

    List<String> command = image.command();
    assertThat(command.get(0)).isEqualTo("java");
    assertThat(command.subList(command.size() - 3, command.size()))
        .containsExactly("-cp", "@/app/jib-classpath-file", "io.ecsdeploy.operator.OperatorMain");
    assertThat(config.get("WorkingDir").asText()).isEqualTo("/tmp");
    Set<String> ports = new java.util.TreeSet<>();
    config.get("ExposedPorts").fieldNames().forEachRemaining(ports::add);
    assertThat(ports).containsExactly("8080/tcp", "8081/tcp");
    Map<String, String> env = image.environment();
    assertThat(env.get("PATH")).startsWith("/opt/java/openjdk/bin:");
    assertThat(env.get("LANG")).isEqualTo("C.UTF-8");

    // The chart runs the image with these; they must agree with the image.
    Path repo = Path.of(System.getProperty("ecsdeploy.repo.dir", "."));
    JsonNode values = YAML.readTree(repo.resolve("helm/values.yaml").toFile());
    JsonNode chart = YAML.readTree(repo.resolve("helm/Chart.yaml").toFile());
    assertThat(values.at("/podSecurityContext/runAsUser").asInt()).isEqualTo(uid);
    assertThat(values.at("/podSecurityContext/runAsGroup").asText()).isEqualTo(user.split(":")[1]);
    assertThat(values.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(
            List.of(
                values.at("/service/httpPort").asText(), values.at("/hookService/port").asText()))
        .containsExactly("8080", "8081");
    assertThat(
            image.index().at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText())
        .isEqualTo(
            values.at("/image/repository").asText() + ":" + chart.get("appVersion").asText());
    assertThat(env.get("JAVA_TOOL_OPTIONS"))
        .as("the image's JVM defaults are the chart's javaOptions default, which replaces them")
        .isEqualTo(values.get("javaOptions").asText())
        .contains("-XX:MaxRAMPercentage=25");
    assertThat(env.get("MALLOC_ARENA_MAX")).as("the C library's allocator arenas").isEqualTo("2");
  }

  @Test
  void theVersionLabelIsTheTagIsTheProjectsVersion() {
    String reference =
        image.index().at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText();
    String tag = reference.substring(reference.lastIndexOf(':') + 1);
    assertThat(config.at("/Labels/org.opencontainers.image.version").asText())
        .isEqualTo(tag)
        .isEqualTo(System.getProperty("ecsdeploy.version", tag));
    assertThat(config.at("/Labels/org.opencontainers.image.title").asText())
        .isEqualTo("ecs-deploy-operator");
  }

  /**
   * {@code make image} writes the image's CycloneDX SBOM beside it: the operator, and one component
   * for each dependency jar in the image, no more (no test or build-only libraries) and no less.
   */
  @Test
  void sbomBesideTheImageListsTheDependenciesInTheImage() throws IOException {
    Path archive =
        Path.of(
            System.getProperty(
                "ecsdeploy.image.archive",
                Path.of(System.getProperty("ecsdeploy.repo.dir", "."))
                    .resolve("target/jib-image.tar")
                    .toString()));
    Path bom = archive.resolveSibling("bom.json");
    assertThat(bom).as("written by the build beside the image").isRegularFile();
    JsonNode sbom = new ObjectMapper().readTree(bom.toFile());
    assertThat(sbom.get("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(sbom.at("/metadata/component/name").asText()).isEqualTo("ecs-deploy-operator");
    assertThat(sbom.at("/metadata/component/version").asText())
        .isEqualTo(config.at("/Labels/org.opencontainers.image.version").asText());

    Set<String> components = new java.util.TreeSet<>();
    Set<String> jars = new java.util.TreeSet<>();
    for (JsonNode component : sbom.get("components")) {
      components.add(component.get("group").asText() + ":" + component.get("name").asText());
      jars.add(component.get("name").asText() + "-" + component.get("version").asText() + ".jar");
    }
    assertThat(components)
        .contains(
            "com.fasterxml.jackson.core:jackson-databind",
            "io.javaoperatorsdk:operator-framework-core",
            "io.fabric8:kubernetes-client",
            "software.amazon.awssdk:ecs",
            "software.amazon.awssdk:url-connection-client",
            "ch.qos.logback:logback-classic")
        .as("the HTTP clients the operator does not use, and test libraries")
        .doesNotContain(
            "software.amazon.awssdk:apache-client",
            "software.amazon.awssdk:apache5-client",
            "software.amazon.awssdk:netty-nio-client",
            "org.apache.httpcomponents.client5:httpclient5",
            "org.junit.jupiter:junit-jupiter-api",
            "org.assertj:assertj-core");

    Set<String> inImage;
    try (Stream<Path> libs = Files.list(image.rootfs().resolve("app/libs"))) {
      inImage =
          libs.map(p -> p.getFileName().toString())
              .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
    assertThat(jars).as("the SBOM's components are the image's jars").isEqualTo(inImage);
  }

  @Test
  void rootFilesystemHasTheUserTheRuntimeAndTheOperatorAndNoShell() throws IOException {
    Path root = image.rootfs();
    assertThat(Files.readAllLines(root.resolve("etc/passwd")))
        .contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin");
    assertThat(Files.readAllLines(root.resolve("etc/group"))).contains("nonroot:x:65532:");
    assertThat(Files.getAttribute(root.resolve("home/nonroot"), "unix:uid")).isEqualTo(65532);
    assertThat(Files.getPosixFilePermissions(root.resolve("tmp")))
        .contains(PosixFilePermission.OTHERS_WRITE);
    assertThat(((Integer) Files.getAttribute(root.resolve("tmp"), "unix:mode")) & 01000)
        .as("sticky /tmp")
        .isNotZero();
    assertThat(root.resolve("app/classes/io/ecsdeploy/operator/OperatorMain.class"))
        .isRegularFile();
    assertThat(root.resolve("opt/java/openjdk/bin/java")).isExecutable();
    assertThat(root.resolve("bin/sh")).doesNotExist();
    assertThat(root.resolve("usr/bin/sh")).doesNotExist();
    assertThat(root.resolve("usr/share/doc/libc6/copyright")).isRegularFile();

    List<String> privileged;
    List<String> unreadable;
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> all = files.filter(p -> !Files.isSymbolicLink(p)).collect(Collectors.toList());
      privileged = new ArrayList<>();
      unreadable = new ArrayList<>();
      for (Path file : all) {
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 06000) != 0) {
          privileged.add(root.relativize(file).toString());
        }
        if ((mode & 0004) == 0) {
          unreadable.add(root.relativize(file).toString());
        }
      }
    }
    assertThat(privileged).as("setuid or setgid files").isEmpty();
    assertThat(unreadable).as("files the image's user cannot read").isEmpty();
  }

  @Test
  void javaRunsAsTheImagesUserUnderARestrictedRootWithTheContainerDefaults() {
    List<String> jvm = jvmOfTheEntrypoint();
    jvm.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    ImageContainer.Result defaults =
        ImageContainer.of(image).command(jvm).run(Duration.ofSeconds(60));
    assertThat(defaults.exitCode()).as(defaults.output()).isZero();
    assertThat(defaults.output())
        .contains("openjdk version \"17")
        .containsPattern("double MaxRAMPercentage\\s+= 25\\.0+ ")
        .containsPattern("bool ExitOnOutOfMemoryError\\s+= true ");

    // The chart's javaOptions reaches the JVM as JAVA_TOOL_OPTIONS and wins over the image's.
    ImageContainer.Result chartOptions =
        ImageContainer.of(image)
            .env("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50")
            .command(jvm)
            .run(Duration.ofSeconds(60));
    assertThat(chartOptions.output())
        .containsPattern("double MaxRAMPercentage\\s+= 50\\.0+ ")
        .containsPattern("bool ExitOnOutOfMemoryError\\s+= false ");

    // The runtime has its class-data sharing archive: -Xshare:on refuses to start without one.
    List<String> sharing = jvmOfTheEntrypoint();
    sharing.addAll(List.of("-Xshare:on", "-version"));
    ImageContainer.Result shared =
        ImageContainer.of(image).command(sharing).run(Duration.ofSeconds(60));
    assertThat(shared.exitCode()).as(shared.output()).isZero();
    assertThat(shared.output()).contains("sharing");
  }

  @Test
  void runtimeTrustsAwsSpeaksModernTlsResolvesNamesAndWritesOnlyToTmp() {
    List<String> command = jvmOfTheEntrypoint();
    command.addAll(List.of("-cp", "/probe", InImageProbe.class.getName()));
    ImageContainer.Result probe =
        ImageContainer.of(image)
            .mount(Path.of("target/test-classes").toAbsolutePath(), "/probe")
            .command(command)
            .run(Duration.ofSeconds(60));
    assertThat(probe.exitCode()).as(probe.output()).isZero();
    Map<String, String> found = new LinkedHashMap<>();
    probe
        .output()
        .lines()
        .filter(line -> line.contains("=") && !line.startsWith("Picked up"))
        .forEach(
            line ->
                found.put(
                    line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));

    assertThat(found.get("process.Uid")).isEqualTo("65532\t65532\t65532\t65532");
    assertThat(found.get("process.Gid")).isEqualTo("65532\t65532\t65532\t65532");
    assertThat(found.get("process.Groups")).as("no supplementary groups").isEmpty();
    assertThat(found)
        .containsEntry("user.name", "nonroot")
        .containsEntry("user.home", "/home/nonroot")
        .containsEntry("user.dir", "/tmp")
        .containsEntry("java.home", "/opt/java/openjdk")
        .containsEntry("java.io.tmpdir", "/tmp")
        .containsEntry("java.specification.version", "17")
        .containsEntry("file.encoding", "UTF-8")
        .containsEntry("sun.jnu.encoding", "UTF-8");

    assertThat(Integer.parseInt(found.get("trust.anchors"))).isGreaterThan(50);
    assertThat(found.get("trust.amazon"))
        .as("the roots AWS endpoints chain to")
        .contains("Amazon Root CA 1", "Amazon Root CA 2", "Amazon Root CA 3", "Amazon Root CA 4")
        .contains("Starfield Services Root Certificate Authority - G2");
    assertThat(found.get("tls.protocols")).contains("TLSv1.3", "TLSv1.2");
    assertThat(found)
        .containsEntry("tls.ecdhe", "true")
        .containsEntry("keys.EC", "ok")
        .containsEntry("keys.X25519", "ok")
        .containsEntry("keys.RSA", "ok");
    assertThat(found.get("resolve.localhost")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");

    assertThat(found.get("write.tmp")).isEqualTo("ok");
    assertThat(found.get("write.home"))
        .as("the root filesystem is read-only, as under the chart")
        .contains("Read-only file system");
  }

  @Test
  void operatorExitsWithOneClearLineWhenTheApiServerDoesNotAnswer() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ImageContainer.Result run =
        ImageContainer.of(image)
            // In a pod: the API server's Service address; nothing listens here.
            .env("KUBERNETES_SERVICE_HOST", "127.0.0.1")
            .env("KUBERNETES_SERVICE_PORT", Integer.toString(closedPort))
            // Fail on the first refusal instead of after the client's retries.
            .env("KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT", "0")
            .env("ECSDEPLOY_HTTP_PORT", "0")
            .env("ECSDEPLOY_HOOKS_PORT", "0")
            .run(Duration.ofSeconds(90));
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains(
            "ecs-deploy-operator cannot start: the Kubernetes API server at https://127.0.0.1:"
                + closedPort
                + "/ did not answer GET /version: ConnectException: Connection refused")
        .doesNotContain("\tat ");
  }

  /** The image's java and the JVM options its entrypoint gives (without class path and main). */
  private static List<String> jvmOfTheEntrypoint() {
    List<String> command = image.command();
    return new ArrayList<>(command.subList(0, command.indexOf("-cp")));
  }

  private static void assertBlob(JsonNode descriptor) {
    Path blob = image.blob(descriptor.get("digest").asText());
    assertThat(blob).isRegularFile().hasSize(descriptor.get("size").asLong());
    assertThat(OciImage.sha256(blob, false)).isEqualTo(descriptor.get("digest").asText());
  }
}
