package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Manifests as kubectl apply takes them: one YAML document, several, or a List (YAML or JSON). */
final class Manifests {
  private Manifests() {}

  /** The resources of a manifest: one document, several, or a List. */
  static List<HasMetadata> read(KubernetesSerialization serialization, String text, String file) {
    Object parsed;
    try {
      parsed = serialization.unmarshal(text);
    } catch (RuntimeException e) {
      throw new UserError(file + " is not a YAML or JSON manifest: " + e.getMessage());
    }
    List<Object> items = new ArrayList<>();
    if (parsed instanceof KubernetesList list) {
      items.addAll(list.getItems());
    } else if (parsed instanceof Collection<?> many) {
      items.addAll(many);
    } else if (parsed != null) {
      items.add(parsed);
    }
    List<HasMetadata> resources = new ArrayList<>();
    for (Object item : items) {
      if (item == null) {
        continue;
      }
      GenericKubernetesResource raw =
          serialization.convertValue(item, GenericKubernetesResource.class);
      if (raw.getKind() == null || raw.getMetadata() == null) {
        throw new UserError(file + " has a document without kind or metadata");
      }
      switch (raw.getKind()) {
        case "EcsDeployment" -> resources.add(serialization.convertValue(raw, EcsDeployment.class));
        case "EcsDeploymentGroup" ->
            resources.add(serialization.convertValue(raw, EcsDeploymentGroup.class));
        case "EcsApplication" ->
            resources.add(serialization.convertValue(raw, EcsApplication.class));
        case "EcsDeploymentConfig" ->
            resources.add(serialization.convertValue(raw, EcsDeploymentConfig.class));
        default -> resources.add(raw);
      }
    }
    return resources;
  }
}
