package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentRef;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment at a time per group, decided by the API server: {@code status.activeDeployment} of
 * the group names the one deployment allowed to change AWS. A deployment takes it only when it is
 * free (unset, or naming a deployment that ended or is gone), with the resourceVersion it read as a
 * precondition, so of two deployments (or two operator replicas) trying at once exactly one
 * succeeds; the other gets 409 Conflict and stays queued. It gives it back when it ends.
 */
final class GroupLock {
  private static final Logger LOG = LoggerFactory.getLogger(GroupLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RELEASE_ATTEMPTS = 3;

  private final KubernetesClient client;

  GroupLock(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Takes the group for {@code deployment}, or confirms it already holds it. False when another
   * deployment holds it, the group is gone, or another writer changed the group meanwhile (try
   * again later).
   */
  boolean tryAcquire(EcsDeployment deployment, String deploymentId) {
    String namespace = deployment.getMetadata().getNamespace();
    EcsDeploymentGroup group = group(namespace, deployment.getSpec().deploymentGroupName);
    if (group == null) {
      return false;
    }
    DeploymentRef active = group.getStatus() == null ? null : group.getStatus().activeDeployment;
    String name = deployment.getMetadata().getName();
    if (active != null && name.equals(active.name) && deploymentId.equals(active.deploymentId)) {
      return true;
    }
    if (active != null && stillRunning(namespace, active)) {
      return false;
    }
    DeploymentRef mine = new DeploymentRef();
    mine.name = name;
    mine.deploymentId = deploymentId;
    mine.createTime = deployment.getStatus() == null ? null : deployment.getStatus().createTime;
    try {
      patch(group, mine);
      LOG.info(
          "deployment {} ({}) holds group {}/{}",
          name,
          deploymentId,
          namespace,
          group.getMetadata().getName());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /** Gives the group back, if {@code deployment} holds it. */
  void release(EcsDeployment deployment, String deploymentId) {
    String namespace = deployment.getMetadata().getNamespace();
    for (int attempt = 1; attempt <= RELEASE_ATTEMPTS; attempt++) {
      EcsDeploymentGroup group = group(namespace, deployment.getSpec().deploymentGroupName);
      DeploymentRef active =
          group == null || group.getStatus() == null ? null : group.getStatus().activeDeployment;
      if (active == null
          || !deployment.getMetadata().getName().equals(active.name)
          || !deploymentId.equals(active.deploymentId)) {
        return;
      }
      try {
        patch(group, null);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    // Not given back: the next deployment finds this one ended and takes the group anyway.
  }

  /** Whether the deployment {@code active} names still exists and has not ended. */
  private boolean stillRunning(String namespace, DeploymentRef active) {
    EcsDeployment holder =
        KubernetesCallTime.measure(
            () ->
                client
                    .resources(EcsDeployment.class)
                    .inNamespace(namespace)
                    .withName(active.name)
                    .get());
    if (holder == null
        || holder.getMetadata().getDeletionTimestamp() != null
            && holder.getMetadata().getFinalizers().isEmpty()) {
      return false;
    }
    var status = holder.getStatus();
    if (status == null || !active.deploymentId.equals(status.deploymentId)) {
      // Another deployment of the same name, created after the one that held the group.
      return false;
    }
    return status.status == null || !status.status.isTerminal();
  }

  private EcsDeploymentGroup group(String namespace, String name) {
    return KubernetesCallTime.measure(
        () ->
            client.resources(EcsDeploymentGroup.class).inNamespace(namespace).withName(name).get());
  }

  /** A merge patch of the status, conditional on the resourceVersion read. */
  private void patch(EcsDeploymentGroup group, DeploymentRef active) {
    Map<String, Object> status = new HashMap<>();
    status.put("activeDeployment", active);
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of("resourceVersion", group.getMetadata().getResourceVersion()),
            "status",
            status);
    try {
      String body = JSON.writeValueAsString(patch);
      KubernetesCallTime.measure(
          () ->
              client
                  .resources(EcsDeploymentGroup.class)
                  .inNamespace(group.getMetadata().getNamespace())
                  .withName(group.getMetadata().getName())
                  .subresource("status")
                  .patch(PatchContext.of(PatchType.JSON_MERGE), body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
