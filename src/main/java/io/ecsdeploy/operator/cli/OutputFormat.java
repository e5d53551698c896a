package io.ecsdeploy.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * {@code -o json|yaml}: a resource or a list as the API server returns it, as kubectl prints it.
 */
enum OutputFormat {
  json,
  yaml;

  /** The resource's text, ending in a newline; YAML without a leading document separator. */
  String format(KubernetesClient client, Object resource) {
    return format(client.getKubernetesSerialization(), resource);
  }

  String format(KubernetesSerialization serialization, Object resource) {
    return switch (this) {
      case json -> indented(serialization.asJson(resource)) + "\n";
      case yaml -> {
        String yaml = serialization.asYaml(resource);
        yield yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
      }
    };
  }

  /** Made on first use: the command line reads this enum on every start, help included. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static String indented(String json) {
    try {
      return Json.MAPPER.readTree(json).toPrettyString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fabric8 wrote JSON that does not parse", e);
    }
  }
}
