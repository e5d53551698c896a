package io.ecsdeploy.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The CRDs committed under crds/ and helm/crds/ are exactly what the resource classes generate. */
class CrdsUpToDateTest {

  @ParameterizedTest
  @FieldSource("io.ecsdeploy.operator.api.v1alpha1.CrdGenerator#OUTPUT_DIRS")
  void committedCrdsMatchTheResourceClasses(String dir, @TempDir Path generated) throws Exception {
    CrdGenerator.generate(generated);
    Path committed = Path.of(System.getProperty("ecsdeploy.repo.dir", ".")).resolve(dir);

    List<String> generatedFiles = fileNames(generated);
    assertThat(fileNames(committed))
        .as("files in %s/ (run `make crds` after changing the resource classes)", dir)
        .containsExactlyElementsOf(generatedFiles);
    for (String file : generatedFiles) {
      assertThat(Files.readString(committed.resolve(file)))
          .as("%s/%s is out of date: run `make crds` and commit the result", dir, file)
          .isEqualTo(Files.readString(generated.resolve(file)));
    }
  }

  private static List<String> fileNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
