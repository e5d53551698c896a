package io.ecsdeploy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's logging configuration ({@code src/main/resources/logback.xml}) in a JVM of its
 * own, with the environment variables the Helm chart sets for {@code logLevel} and {@code
 * logFormat}.
 */
class LoggingConfigurationTest {

  /** Logs one line at each level from an operator logger, then exits. */
  public static final class LogLines {
    public static void main(String[] args) {
      Logger log = LoggerFactory.getLogger("io.ecsdeploy.operator.reconciler.Example");
      log.debug("debug line");
      log.info("info line for {}", "web-release-2");
      log.warn("warn line");
    }
  }

  /** Logs one line about a deployment, as the deployment controller does during a reconcile. */
  public static final class DeploymentLine {
    public static void main(String[] args) {
      EcsDeployment deployment = new EcsDeployment();
      deployment.getMetadata().setNamespace("apps");
      deployment.getMetadata().setName("web-release-2");
      deployment.setSpec(new EcsDeploymentSpec());
      deployment.getSpec().deploymentGroupName = "web";
      deployment.setStatus(new EcsDeploymentStatus());
      deployment.getStatus().deploymentId = "d-ABCDEFGHI";
      try (var context = DeploymentLogContext.of(deployment)) {
        LoggerFactory.getLogger("io.ecsdeploy.operator.reconciler.Example")
            .info("shifting traffic");
      }
      LoggerFactory.getLogger("io.ecsdeploy.operator.reconciler.Example").info("after");
    }
  }

  @Test
  void textAtInfoByDefault() throws Exception {
    List<String> lines = run(Map.of());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z? *\\S* INFO .*")
        .endsWith("info line for web-release-2");
    assertThat(lines.get(1)).contains(" WARN ").endsWith("warn line");
  }

  @Test
  void debugLevelShowsTheOperatorsDebugLines() throws Exception {
    assertThat(run(Map.of("ECSDEPLOY_LOG_LEVEL", "DEBUG")))
        .hasSize(3)
        .first()
        .asString()
        .contains("DEBUG")
        .endsWith("debug line");
  }

  @Test
  void jsonFormatWritesOneObjectPerLine() throws Exception {
    List<String> lines = run(Map.of("ECSDEPLOY_LOG_FORMAT", "json"));
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode info = json.readTree(lines.get(0));
    assertThat(info.get("level").asText()).isEqualTo("INFO");
    assertThat(info.get("loggerName").asText())
        .isEqualTo("io.ecsdeploy.operator.reconciler.Example");
    assertThat(info.get("formattedMessage").asText()).isEqualTo("info line for web-release-2");
    assertThat(info.has("timestamp")).isTrue();
    assertThat(json.readTree(lines.get(1)).get("level").asText()).isEqualTo("WARN");
  }

  @Test
  void textNamesTheDeploymentALineIsAbout() throws Exception {
    List<String> lines = run(DeploymentLine.class, Map.of());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .endsWith("Example - " + "[apps/web-release-2 group=web id=d-ABCDEFGHI] shifting traffic");
    assertThat(lines.get(1)).endsWith("Example - after");
  }

  @Test
  void jsonNamesTheDeploymentALineIsAboutUnderMdc() throws Exception {
    List<String> lines = run(DeploymentLine.class, Map.of("ECSDEPLOY_LOG_FORMAT", "json"));
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode about = json.readTree(lines.get(0));
    assertThat(about.get("formattedMessage").asText()).isEqualTo("shifting traffic");
    assertThat(json.convertValue(about.get("mdc"), Map.class))
        .isEqualTo(
            Map.of(
                "namespace", "apps",
                "deployment", "web-release-2",
                "deploymentGroup", "web",
                "deploymentId", "d-ABCDEFGHI"));
    JsonNode after = json.readTree(lines.get(1));
    assertThat(after.path("mdc").size()).as("no deployment once its work is done").isZero();
  }

  private static List<String> run(Map<String, String> environment)
      throws IOException, InterruptedException {
    return run(LogLines.class, environment);
  }

  private static List<String> run(Class<?> main, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // The main configuration, not the test one that the test classpath also holds.
                "-Dlogback.configurationFile=logback.xml",
                main.getName())
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("ECSDEPLOY_LOG_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    List<String> lines = new ArrayList<>();
    output.lines().filter(l -> !l.isBlank()).forEach(lines::add);
    return lines;
  }
}
