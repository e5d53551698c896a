package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The krew manifest template installs what {@code make plugin-archive} packs, in the layout the
 * launcher looks for its jars in ({@code ../lib/ecs-deploy-operator} from its own directory).
 */
class KrewManifestTest {
  private static final Path REPO = Path.of(System.getProperty("ecsdeploy.repo.dir", "."));

  @Test
  void installsTheLauncherAndItsJarsWhereTheLauncherLooks() throws IOException {
    String template = Files.readString(REPO.resolve("operator/kubectl-plugin/krew-ecsdeploy.yaml"));
    assertThat(template).contains("${VERSION}", "${ARCHIVE_URI}", "${ARCHIVE_SHA256}");

    JsonNode manifest =
        new YAMLMapper()
            .readTree(
                template
                    .replace("${VERSION}", "0.1.0")
                    .replace("${ARCHIVE_URI}", "https://example.com/kubectl-ecsdeploy.tar.gz")
                    .replace("${ARCHIVE_SHA256}", "0".repeat(64)));

    assertThat(manifest.path("kind").asText()).isEqualTo("Plugin");
    assertThat(manifest.path("metadata").path("name").asText()).isEqualTo("ecsdeploy");
    assertThat(manifest.path("spec").path("version").asText()).isEqualTo("v0.1.0");
    JsonNode platform = manifest.path("spec").path("platforms").get(0);
    assertThat(platform.path("bin").asText()).isEqualTo("bin/kubectl-ecsdeploy");
    assertThat(platform.path("files").findValuesAsText("to"))
        .containsExactly("bin", "lib/ecs-deploy-operator");
    assertThat(Files.readString(REPO.resolve("operator/kubectl-plugin/kubectl-ecsdeploy")))
        .contains("$here/../lib/ecs-deploy-operator/*");
    assertThat(Files.readString(REPO.resolve("Makefile")))
        .contains(
            "tar -czf target/kubectl-ecsdeploy.tar.gz -C target/krew/kubectl-ecsdeploy bin lib");
  }
}
