package io.ecsdeploy.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/reference.md is exactly what the committed CRDs generate, and it follows them. */
class ResourceReferenceUpToDateTest {
  private static final Path REPO = Path.of(System.getProperty("ecsdeploy.repo.dir", "."));

  @Test
  void committedReferenceMatchesTheCrds() throws Exception {
    String generated = ResourceReference.render(REPO.resolve(ResourceReference.CRD_DIR));
    assertThat(Files.readString(REPO.resolve(ResourceReference.OUTPUT)))
        .as("%s is out of date: run `make crds` and commit the result", ResourceReference.OUTPUT)
        .isEqualTo(generated);
  }

  @Test
  void everyKindAndEverySpecFieldIsListed() throws Exception {
    String reference = ResourceReference.render(REPO.resolve(ResourceReference.CRD_DIR));
    for (Class<?> resource : CrdGenerator.RESOURCES) {
      assertThat(reference).contains("\n## " + resource.getSimpleName() + "\n");
    }
    assertThat(reference)
        .contains("| `spec.loadBalancer.targetGroups[].arn` | string | yes |")
        .contains("| `spec.blueGreen.terminateOriginal.wait` | duration |  | `0s` |")
        .contains("rule: the termination wait may be at most 2880 minutes (48h)")
        .contains("| `spec.trafficRouting.type` | string | yes |  | one of `AllAtOnce`, `Steps`")
        .contains("| `status.lifecycleEvents[].status` | string |")
        .contains("| `spec.tags` | map[string]string |");
  }

  /** The check is only worth having if a change to a CRD changes the page. */
  @Test
  void aChangedCrdChangesTheReference(@TempDir Path crds) throws Exception {
    Path committed = REPO.resolve(ResourceReference.CRD_DIR);
    try (Stream<Path> files = Files.list(committed)) {
      for (Path file : files.toList()) {
        Files.copy(file, crds.resolve(file.getFileName()));
      }
    }
    Path groups = crds.resolve("ecsdeploymentgroups.ecsdeploy.io-v1.yml");
    String yaml = Files.readString(groups);
    String changed =
        yaml.replace(
            "description: Whether the alarms are watched.",
            "description: Whether the alarms are watched at all.");
    assertThat(changed).isNotEqualTo(yaml);
    Files.writeString(groups, changed);

    String reference = ResourceReference.render(crds);
    assertThat(reference)
        .isNotEqualTo(ResourceReference.render(committed))
        .contains("Whether the alarms are watched at all.");
  }
}
