package io.ecsdeploy.operator.testsupport;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real helm client (built by {@code hack/helm.sh}) run on the repository's chart, against the
 * test API server when one is running. Helm keeps its caches and settings in a temporary home.
 */
public final class Helm {
  private Helm() {}

  public static Path chart() {
    return TestPeers.repoDir().resolve("helm");
  }

  /** Runs {@code helm args...}; the API server is the test one if it runs. */
  public static Commands.Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestPeers.helm().toString());
    command.addAll(List.of(args));
    return Commands.run(command);
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
}
