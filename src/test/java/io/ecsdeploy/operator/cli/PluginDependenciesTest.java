package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kubectl plugin runs on a classpath without the operator's dependencies (the AWS SDK,
 * java-operator-sdk, metrics): {@code make plugin} installs only fabric8's client, Jackson, picocli
 * and logging. So the plugin, and the packages it uses, import nothing else.
 */
class PluginDependenciesTest {
  private static final List<String> ALWAYS = List.of("java.", "io.fabric8.");

  @ParameterizedTest(name = "{0} imports only {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "cli; picocli. io.ecsdeploy.operator.cli. io.ecsdeploy.operator.api."
            + " io.ecsdeploy.operator.codedeploy. com.fasterxml.jackson.core."
            + " com.fasterxml.jackson.databind.",
        "api; io.ecsdeploy.operator.api. io.ecsdeploy.operator.codedeploy."
            + " com.fasterxml.jackson.annotation.",
        "codedeploy; io.ecsdeploy.operator.codedeploy."
      })
  void importsOnlyWhatThePluginsClasspathHolds(String pkg, String allowed) throws IOException {
    List<String> prefixes = Stream.concat(ALWAYS.stream(), Stream.of(allowed.split(" "))).toList();
    Path sources =
        Path.of(System.getProperty("ecsdeploy.repo.dir", "."))
            .resolve("src/main/java/io/ecsdeploy/operator/" + pkg);
    List<String> offending;
    try (Stream<Path> files = Files.walk(sources)) {
      offending =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .flatMap(PluginDependenciesTest::imports)
              .filter(imported -> prefixes.stream().noneMatch(imported::startsWith))
              .toList();
    }
    assertThat(offending).isEmpty();
  }

  private static Stream<String> imports(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith("import "))
          .map(line -> line.replace("import static ", "").replace("import ", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
