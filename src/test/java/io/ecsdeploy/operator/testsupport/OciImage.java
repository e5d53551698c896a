package io.ecsdeploy.operator.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The operator's container image as {@code make image} (Jib) writes it: an OCI archive, {@code
 * target/jib-image.tar}. Reads its index, manifest and configuration, checks blobs against their
 * digests, and unpacks the layers into a root filesystem the way a container runtime does.
 */
public final class OciImage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OciImage built;

  private final Path layout;
  private final JsonNode index;
  private final JsonNode manifest;
  private final JsonNode config;
  private Path rootfs;

  private OciImage(Path layout) throws IOException {
    this.layout = layout;
    this.index = JSON.readTree(layout.resolve("index.json").toFile());
    this.manifest =
        JSON.readTree(blob(index.get("manifests").get(0).get("digest").asText()).toFile());
    this.config = JSON.readTree(blob(manifest.get("config").get("digest").asText()).toFile());
  }

  /** The image the build wrote ({@code ecsdeploy.image.archive}), read once per test JVM. */
  public static synchronized OciImage built() {
    if (built == null) {
      Path archive =
          Path.of(
              System.getProperty(
                  "ecsdeploy.image.archive",
                  TestPeers.repoDir().resolve("target/jib-image.tar").toString()));
      if (!Files.isRegularFile(archive)) {
        throw new IllegalStateException(
            archive + " is missing; `make image` or `mvn package` builds it (make test does)");
      }
      built = extract(archive, TestPeers.repoDir().resolve("target/image-under-test"));
    }
    return built;
  }

  /** Unpacks {@code archive} (an OCI image layout in a tar) into {@code dir}, replacing it. */
  public static OciImage extract(Path archive, Path dir) {
    try {
      deleteRecursively(dir);
      Path layout = Files.createDirectories(dir.resolve("layout"));
      run(List.of("tar", "-xf", archive.toString(), "-C", layout.toString()));
      return new OciImage(layout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode index() {
    return index;
  }

  public JsonNode manifest() {
    return manifest;
  }

  /** The image configuration: {@code config} (User, Entrypoint, Env, ...), rootfs, history. */
  public JsonNode config() {
    return config;
  }

  public Path layout() {
    return layout;
  }

  /** The file of a blob, by digest ({@code sha256:...}). */
  public Path blob(String digest) {
    String[] parts = digest.split(":", 2);
    return layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]);
  }

  /** {@code sha256:<hex>} of a file's bytes, gunzipped first when {@code gunzip}. */
  public static String sha256(Path file, boolean gunzip) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gunzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        DigestInputStream digesting =
            new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
      digesting.transferTo(java.io.OutputStream.nullOutputStream());
      return "sha256:" + HexFormat.of().formatHex(digesting.getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The configuration's environment ({@code KEY=value} entries) as a map, in order. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode entry : config.get("config").withArray("Env")) {
      String[] kv = entry.asText().split("=", 2);
      env.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    return env;
  }

  /** What the container runs: Entrypoint followed by Cmd. */
  public List<String> command() {
    List<String> command = new ArrayList<>();
    config.get("config").withArray("Entrypoint").forEach(n -> command.add(n.asText()));
    config.get("config").withArray("Cmd").forEach(n -> command.add(n.asText()));
    return command;
  }

  /**
   * The layers unpacked in order into one directory, owners and modes kept, as a container
   * runtime's snapshotter would; made once. Whiteouts (deletions by an upper layer) are refused:
   * Jib's layers only add files.
   */
  public synchronized Path rootfs() {
    if (rootfs == null) {
      try {
        Path dir = layout.resolveSibling("rootfs");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        for (JsonNode layer : manifest.get("layers")) {
          Path blob = blob(layer.get("digest").asText());
          String listing =
              run(List.of("tar", "--warning=no-unknown-keyword", "-tzf", blob.toString()));
          if (listing
              .lines()
              .anyMatch(name -> Path.of(name).getFileName().toString().startsWith(".wh."))) {
            throw new IllegalStateException("layer " + layer.get("digest") + " has whiteouts");
          }
          run(
              List.of(
                  "tar",
                  "--warning=no-unknown-keyword",
                  "--numeric-owner",
                  "--same-owner",
                  "-xpzf",
                  blob.toString(),
                  "-C",
                  dir.toString()));
        }
        rootfs = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rootfs;
  }

  static String run(List<String> command) {
    try {
      Path out = Files.createTempFile("oci-image", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not end in 5 minutes");
        }
        String output = Files.readString(out);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + output);
        }
        return output;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
