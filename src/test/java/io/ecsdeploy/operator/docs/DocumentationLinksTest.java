package io.ecsdeploy.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ hold together: every relative link reaches a file (and a heading, when it
 * names one), and every manifest a page shows as a copy of a sample is that sample, word for word
 * (the samples themselves are applied to a real API server by ResourceSchemaIT).
 */
class DocumentationLinksTest {
  private static final Path REPO = Path.of(System.getProperty("ecsdeploy.repo.dir", "."));
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
  private static final Pattern SAMPLE =
      Pattern.compile("<!-- sample: (\\S+) -->\\n```yaml\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyRelativeLinkReachesAFileAndHeading() throws IOException {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages()) {
      String text = withoutCodeBlocks(Files.readString(page));
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        links++;
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(REPO.relativize(page) + ": " + target + " (no such file)");
        } else if (anchor != null && !anchors(resolved).contains(anchor)) {
          broken.add(REPO.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(links).as("relative links checked").isGreaterThan(30);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void theReadmeLeadsToEveryPageInDocs() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      for (Path page : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
        assertThat(readme).contains("](docs/" + page.getFileName() + ")");
      }
    }
  }

  @Test
  void manifestsShownAsSamplesAreTheSamples() throws IOException {
    int shown = 0;
    for (Path page : pages()) {
      Matcher sample = SAMPLE.matcher(Files.readString(page));
      while (sample.find()) {
        shown++;
        assertThat(sample.group(2))
            .as("%s shows %s", REPO.relativize(page), sample.group(1))
            .isEqualTo(Files.readString(REPO.resolve(sample.group(1))));
      }
    }
    assertThat(shown).as("sample manifests shown in the docs").isGreaterThanOrEqualTo(2);
  }

  @Test
  void findsHeadingsTheWayGitHubNamesThem() {
    assertThat(slug("Install on a cluster (Helm, EKS with IRSA)"))
        .isEqualTo("install-on-a-cluster-helm-eks-with-irsa");
    assertThat(slug("Moving the service to the `EXTERNAL` deployment controller"))
        .isEqualTo("moving-the-service-to-the-external-deployment-controller");
    assertThat(slug("Try it, and test it")).isEqualTo("try-it-and-test-it");
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(REPO.resolve("README.md"));
    try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  private static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!file.toString().endsWith(".md")) {
      return anchors;
    }
    Matcher heading = HEADING.matcher(withoutCodeBlocks(Files.readString(file)));
    while (heading.find()) {
      anchors.add(slug(heading.group(1)));
    }
    return anchors;
  }

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
  static String slug(String heading) {
    return heading
        .trim()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "")
        .replace(' ', '-');
  }

  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?s)```.*?```", "");
  }
}
