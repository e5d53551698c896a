package io.ecsdeploy.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pure packages stay pure: the engine must run (and be tested) without Kubernetes, AWS or JSON
 * on hand, CodeDeploy's vocabulary is plain Java that every layer may use, and the AppSpec reader
 * needs only Jackson.
 */
class PackageDependenciesTest {
  @ParameterizedTest(name = "{0} imports nothing from {1}")
  @CsvSource({
    "lifecycle, io.fabric8",
    "lifecycle, software.amazon",
    "lifecycle, com.fasterxml",
    "lifecycle, io.javaoperatorsdk",
    "appspec, io.fabric8",
    "appspec, software.amazon",
    "appspec, io.javaoperatorsdk",
    "codedeploy, io.fabric8",
    "codedeploy, software.amazon",
    "codedeploy, com.fasterxml",
    "codedeploy, io.javaoperatorsdk"
  })
  void importsNothingFromForbiddenLibraries(String pkg, String forbidden) throws IOException {
    Path root = Path.of(System.getProperty("ecsdeploy.repo.dir", "."));
    Path sources = root.resolve("src/main/java/io/ecsdeploy/operator/" + pkg);
    List<String> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> imports(file, forbidden))
              .map(file -> file.getFileName().toString())
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  private static boolean imports(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream()
          .anyMatch(
              line -> line.startsWith("import " + prefix) || line.contains(" " + prefix + "."));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
