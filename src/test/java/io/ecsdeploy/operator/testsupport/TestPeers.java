package io.ecsdeploy.operator.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the test peers built by {@code hack/kube-peers.sh}, {@code hack/aws-peers.sh} and {@code
 * hack/prometheus-peer.sh} live.
 */
public final class TestPeers {
  private TestPeers() {}

  static Path cacheDir() {
    String configured = System.getProperty("ecsdeploy.cache", System.getenv("ECSDEPLOY_CACHE"));
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "ecs-deploy-operator");
  }

  static String kubeVersion() {
    return System.getProperty("kube.version", "1.36.3");
  }

  static Path kubeApiTestDir() {
    return cacheDir().resolve("kubeapitest");
  }

  static Path kubeBinaryDir() {
    return kubeApiTestDir().resolve("k8s").resolve(kubeVersion() + "-linux-amd64");
  }

  /** The helm client that {@code hack/helm.sh} built. */
  public static Path helm() {
    String version = System.getProperty("helm.version", "3.22.0");
    return require(cacheDir().resolve("helm").resolve(version).resolve("helm"), "hack/helm.sh");
  }

  /** The kubectl built with the API server by {@code hack/kube-peers.sh}. */
  public static Path kubectl() {
    return require(kubeBinaryDir().resolve("kubectl"), "hack/kube-peers.sh");
  }

  static Path venv() {
    String configured = System.getenv("ECSDEPLOY_VENV");
    return configured != null ? Path.of(configured) : cacheDir().resolve("venv");
  }

  /**
   * Fails loudly instead of skipping: a test against a peer that is not there has not run. The
   * README's test command ({@code make test}) installs every peer first.
   */
  static Path require(Path file, String installedBy) {
    if (!Files.isExecutable(file)) {
      throw new IllegalStateException(
          file + " is missing; run `" + installedBy + "` (make test does this) to install it");
    }
    return file;
  }

  /** {@code target/<name>} of the repository, created if missing. */
  static Path targetSubdir(String name) {
    Path dir = repoDir().resolve("target").resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  public static Path repoDir() {
    return Path.of(System.getProperty("ecsdeploy.repo.dir", ".")).toAbsolutePath();
  }
}
