package io.ecsdeploy.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool from the repository directory, pointed at the test API server (its admin
 * kubeconfig in {@code KUBECONFIG}) when one runs, with helm's caches and settings in a temporary
 * home under {@code target/}.
 */
public final class Commands {
  /** What a command printed, and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result orFail() {
      if (exitCode != 0) {
        throw new AssertionError("exited with " + exitCode + ":\n" + stderr + stdout);
      }
      return this;
    }
  }

  private static Path home;
  private static Path kubeconfig;

  private Commands() {}

  public static Result run(List<String> command) {
    return run(command, Map.of());
  }

  /** Runs the real {@code kubectl args...} against the test API server as its administrator. */
  public static Result kubectl(String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(TestPeers.kubectl().toString());
    command.addAll(List.of(args));
    return run(command);
  }

  public static Result run(List<String> command, Map<String, String> extraEnvironment) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(TestPeers.repoDir().toFile());
      Path helmHome = home();
      Map<String, String> env = builder.environment();
      env.put("HELM_CACHE_HOME", helmHome.resolve("cache").toString());
      env.put("HELM_CONFIG_HOME", helmHome.resolve("config").toString());
      env.put("HELM_DATA_HOME", helmHome.resolve("data").toString());
      env.put("KUBECONFIG", kubeconfig().toString());
      env.putAll(extraEnvironment);
      Path out = Files.createTempFile(helmHome, "out", ".txt");
      Path err = Files.createTempFile(helmHome, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not end in 120 s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static synchronized Path home() throws IOException {
    if (home == null) {
      home =
          Files.createTempDirectory(
              Files.createDirectories(TestPeers.repoDir().resolve("target")), "commands-home");
    }
    return home;
  }

  /** The test API server's admin kubeconfig as a file, or an empty one when none runs. */
  static synchronized Path kubeconfig() throws IOException {
    if (kubeconfig == null) {
      kubeconfig = home().resolve("kubeconfig");
      String yaml;
      try {
        yaml = KubeApiServerExtension.adminKubeConfigYaml();
      } catch (IllegalStateException noApiServer) {
        yaml = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n";
      }
      Files.writeString(kubeconfig, yaml);
    }
    return kubeconfig;
  }
}
