package io.ecsdeploy.operator.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real helm client (built by {@code hack/helm.sh}) run on the repository's chart, against the
 * test API server when one is running. Helm keeps its caches and settings in a temporary home.
 */
public final class Helm {
  public record Result(int exitCode, String stdout, String stderr) {
    public Result orFail() {
      if (exitCode != 0) {
        throw new AssertionError("helm exited with " + exitCode + ":\n" + stderr + stdout);
      }
      return this;
    }
  }

  private static Path home;
  private static Path kubeconfig;

  private Helm() {}

  public static Path chart() {
    return TestPeers.repoDir().resolve("helm");
  }

  /** Runs {@code helm args...}; the API server is the test one if it runs. */
  public static Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestPeers.helm().toString());
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(TestPeers.repoDir().toFile());
      Path helmHome = home();
      builder.environment().put("HELM_CACHE_HOME", helmHome.resolve("cache").toString());
      builder.environment().put("HELM_CONFIG_HOME", helmHome.resolve("config").toString());
      builder.environment().put("HELM_DATA_HOME", helmHome.resolve("data").toString());
      builder.environment().put("KUBECONFIG", kubeconfig().toString());
      Path out = Files.createTempFile(helmHome, "out", ".txt");
      Path err = Files.createTempFile(helmHome, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("helm " + String.join(" ", args) + " did not end in 120 s");
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

  /** {@code helm template} of the chart with {@code --set} values, parsed into resources. */
  public static List<HasMetadata> template(String release, String namespace, String... sets) {
    List<String> args =
        new ArrayList<>(List.of("template", release, chart().toString(), "-n", namespace));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    String yaml = run(args.toArray(String[]::new)).orFail().stdout();
    List<HasMetadata> resources = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (!document.isBlank() && document.contains("kind:")) {
        resources.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return resources;
  }

  private static synchronized Path home() throws IOException {
    if (home == null) {
      home = Files.createTempDirectory("helm-home");
    }
    return home;
  }

  /** The test API server's admin kubeconfig as a file, or an empty one when none runs. */
  private static synchronized Path kubeconfig() throws IOException {
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
