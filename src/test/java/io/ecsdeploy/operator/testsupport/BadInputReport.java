package io.ecsdeploy.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The bad-input catalogue's counts, kind by kind, in {@code target/reliability/bad-input.md}. The
 * kinds are checked by different test classes, some by surefire and some by failsafe, in separate
 * JVMs: each class records its kind in {@code target/reliability/bad-input/KIND.tsv} once its cases
 * have passed, and the summary is written again from every kind recorded so far.
 */
public final class BadInputReport {

  /** The kinds of bad input, in the order the summary lists them. */
  public enum Kind {
    MANIFEST("Manifests rejected by the API server", "ResourceSchemaIT"),
    APPSPEC("AppSpecs (inline and in S3), failed by the operator", "BadInputE2E"),
    S3_REVISION("S3 revisions (missing, wrong version, digest, size)", "BadInputE2E"),
    HOOK_REQUEST("Hook endpoint requests (PutLifecycleEventHookExecutionStatus)", "BadInputE2E"),
    PLUGIN_ARGUMENTS("kubectl ecsdeploy arguments", "PluginArgumentsTest");

    final String description;
    final String checkedBy;

    Kind(String description, String checkedBy) {
      this.description = description;
      this.checkedBy = checkedBy;
    }
  }

  private BadInputReport() {}

  private static Path dir() {
    return TestPeers.repoDir().resolve("target/reliability");
  }

  /**
   * Records that {@code passed} cases of {@code kind} were each refused with their exact message
   * (and, where an operator runs, left it healthy), and writes the summary again.
   */
  public static synchronized void record(Kind kind, int passed, String healthCheck) {
    try {
      Path kinds = dir().resolve("bad-input");
      Files.createDirectories(kinds);
      Files.writeString(
          kinds.resolve(kind.name() + ".tsv"),
          passed + "\t" + healthCheck + "\t" + Instant.now() + "\n");
      Files.write(dir().resolve("bad-input.md"), summary(kinds));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> summary(Path kinds) throws IOException {
    Map<Kind, String[]> recorded = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      Path file = kinds.resolve(kind.name() + ".tsv");
      if (Files.exists(file)) {
        recorded.put(kind, Files.readString(file).strip().split("\t", -1));
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Bad input, counted");
    lines.add("");
    lines.add(
        "Each case is refused with the exact message a user sees (an API server's 422, a"
            + " deployment's errorInformation, an HTTP error body, the plugin's error line).");
    lines.add("");
    lines.add("| kind | cases | checked by | operator health afterwards | run at |");
    lines.add("|---|---|---|---|---|");
    int total = 0;
    for (Map.Entry<Kind, String[]> entry : recorded.entrySet()) {
      String[] fields = entry.getValue();
      total += Integer.parseInt(fields[0]);
      lines.add(
          "| "
              + entry.getKey().description
              + " | "
              + fields[0]
              + " | "
              + entry.getKey().checkedBy
              + " | "
              + fields[1]
              + " | "
              + fields[2]
              + " |");
    }
    lines.add("| **total** | **" + total + "** | | | |");
    List<String> missing = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      if (!recorded.containsKey(kind)) {
        missing.add(kind.checkedBy + " (" + kind.description + ")");
      }
    }
    if (!missing.isEmpty()) {
      lines.add("");
      lines.add("Not run in this build: " + String.join(", ", missing) + ".");
    }
    return lines;
  }
}
