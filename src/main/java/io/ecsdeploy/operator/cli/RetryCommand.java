package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code retry DEPLOYMENT}: the same group, revision and overrides again, as a new deployment. */
@Command(
    name = "retry",
    description =
        "Deploy again what an ended deployment deployed: a new deployment of the same group,"
            + " revision and overrides, named DEPLOYMENT-retry-N and labelled like it.")
final class RetryCommand extends PluginCommand {
  static final String RETRY_OF = "ecsdeploy.io/retry-of";
  private static final Pattern RETRY = Pattern.compile("^(.+)-retry-([0-9]+)$");
  private static final int MAX_NAME = 253;
  private static final int GENERATED_SUFFIX = 5;
  private static final int MAX_DESCRIPTION = 1024;

  @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment to retry.")
  String name;

  @Override
  int run(Cluster cluster) {
    EcsDeployment original = cluster.deployment(name);
    if (!Deployments.ended(original)) {
      throw new UserError(
          name
              + " has not ended ("
              + Deployments.status(original)
              + "); retry it once it has, or stop it first: kubectl ecsdeploy stop "
              + name
              + " -n "
              + cluster.namespace);
    }
    for (int attempt = 0; ; attempt++) {
      Collection<String> taken =
          cluster
              .client
              .resources(EcsDeployment.class)
              .inNamespace(cluster.namespace)
              .list()
              .getItems()
              .stream()
              .map(d -> d.getMetadata().getName())
              .toList();
      EcsDeployment retry = copy(original, retryName(name, taken));
      try {
        EcsDeployment created =
            cluster.client.resource(retry).inNamespace(cluster.namespace).create();
        plugin.out.printf(
            "Created %s: a retry of %s (group %s); follow it with: kubectl ecsdeploy status %s -n"
                + " %s --watch%n",
            created.getMetadata().getName(),
            name,
            created.getSpec().deploymentGroupName,
            created.getMetadata().getName(),
            cluster.namespace);
        return 0;
      } catch (KubernetesClientException e) {
        // Another retry took the name between the list and the create: count again.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= 2) {
          throw e;
        }
      }
    }
  }

  /**
   * {@code <name>-retry-<n>}, one past the highest retry of the same deployment (a retry of a retry
   * counts on from the first); null when that name would be too long, for the API server to
   * generate one.
   */
  static String retryName(String original, Collection<String> taken) {
    Matcher retryOfRetry = RETRY.matcher(original);
    String base = retryOfRetry.matches() ? retryOfRetry.group(1) : original;
    int highest = 0;
    for (String name : taken) {
      Matcher m = RETRY.matcher(name);
      if (m.matches() && m.group(1).equals(base) && m.group(2).length() < 10) {
        highest = Math.max(highest, Integer.parseInt(m.group(2)));
      }
    }
    String name = base + "-retry-" + (highest + 1);
    return name.length() <= MAX_NAME ? name : null;
  }

  /** The original's group, revision, overrides and labels, under a new name; no operations. */
  static EcsDeployment copy(EcsDeployment original, String name) {
    EcsDeployment retry = new EcsDeployment();
    String originalName = original.getMetadata().getName();
    if (name != null) {
      retry.getMetadata().setName(name);
    } else {
      retry
          .getMetadata()
          .setGenerateName(
              originalName.substring(
                      0,
                      Math.min(
                          originalName.length(), MAX_NAME - GENERATED_SUFFIX - "-retry-".length()))
                  + "-retry-");
    }
    if (original.getMetadata().getLabels() != null) {
      retry.getMetadata().setLabels(new HashMap<>(original.getMetadata().getLabels()));
    }
    retry.getMetadata().setAnnotations(Map.of(RETRY_OF, originalName));
    EcsDeploymentSpec spec = new EcsDeploymentSpec();
    spec.deploymentGroupName = original.getSpec().deploymentGroupName;
    spec.revision = original.getSpec().revision;
    spec.overrides = original.getSpec().overrides;
    String description =
        "Retry of "
            + originalName
            + (original.getSpec().description == null ? "" : ": " + original.getSpec().description);
    spec.description =
        description.length() <= MAX_DESCRIPTION
            ? description
            : description.substring(0, MAX_DESCRIPTION);
    retry.setSpec(spec);
    return retry;
  }
}
