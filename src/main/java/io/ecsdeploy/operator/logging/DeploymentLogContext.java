package io.ecsdeploy.operator.logging;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Which deployment a log line is about, in the SLF4J MDC: its namespace, name, deployment group and
 * deployment id. The JSON log format writes them under {@code mdc}, the text format in brackets
 * ({@link DeploymentConverter}), so that one deployment's lines can be found among all the others.
 *
 * <p>Opened around the work on one deployment and closed after it, on the same thread; closing puts
 * back what the thread's MDC held before, so contexts may nest.
 */
public final class DeploymentLogContext implements AutoCloseable {
  public static final String NAMESPACE = "namespace";
  public static final String DEPLOYMENT = "deployment";
  public static final String GROUP = "deploymentGroup";
  public static final String DEPLOYMENT_ID = "deploymentId";
  static final List<String> KEYS = List.of(NAMESPACE, DEPLOYMENT, GROUP, DEPLOYMENT_ID);

  private final Map<String, String> before = new LinkedHashMap<>();

  private DeploymentLogContext(Map<String, String> values) {
    values.forEach(
        (key, value) -> {
          before.put(key, MDC.get(key));
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }

  /** The deployment's namespace, name, group and (once it has one) deployment id. */
  public static DeploymentLogContext of(EcsDeployment deployment) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(NAMESPACE, deployment.getMetadata().getNamespace());
    values.put(DEPLOYMENT, deployment.getMetadata().getName());
    values.put(
        GROUP, deployment.getSpec() == null ? null : deployment.getSpec().deploymentGroupName);
    values.put(
        DEPLOYMENT_ID, deployment.getStatus() == null ? null : deployment.getStatus().deploymentId);
    return new DeploymentLogContext(values);
  }

  /** A deployment known only by its id so far, as in a hook's report. */
  public static DeploymentLogContext ofDeploymentId(String deploymentId) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(DEPLOYMENT_ID, deploymentId);
    return new DeploymentLogContext(values);
  }

  /** The deployment of the open context was given its id: later lines carry it. */
  public static void deploymentIdGiven(String deploymentId) {
    MDC.put(DEPLOYMENT_ID, deploymentId);
  }

  @Override
  public void close() {
    before.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }
}
