package io.ecsdeploy.operator.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders a {@link DeploymentStateChange} as CodeDeploy's EventBridge event, so that rules and
 * consumers written for CodeDeploy keep working: detail-type {@value #DETAIL_TYPE}; resources the
 * application's and the deployment group's CodeDeploy ARNs; a detail with {@code region,
 * deploymentId, instanceGroupId, deploymentGroup, state, application}.
 */
public final class StateChangeEvent {

  /** CodeDeploy's detail-type for deployment state changes. */
  public static final String DETAIL_TYPE = "CodeDeploy Deployment State-change Notification";

  /**
   * The source CodeDeploy sends; EventBridge refuses it (and every {@code aws.} source) in
   * PutEvents.
   */
  public static final String CODEDEPLOY_SOURCE = "aws.codedeploy";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StateChangeEvent() {}

  /** The event's {@code resources}: the application's and the deployment group's ARNs. */
  public static List<String> resources(DeploymentStateChange change) {
    String prefix =
        "arn:"
            + change.partition()
            + ":codedeploy:"
            + change.region()
            + ":"
            + (change.accountId() == null ? "" : change.accountId())
            + ":";
    return List.of(
        prefix + "application:" + change.applicationName(),
        prefix
            + "deploymentgroup:"
            + change.applicationName()
            + "/"
            + change.deploymentGroupName());
  }

  /** The event's {@code detail}, as JSON text. */
  public static String detail(DeploymentStateChange change) {
    ObjectNode detail = JSON.createObjectNode();
    detail.put("instanceGroupId", change.deploymentGroupId());
    detail.put("region", change.region());
    detail.put("application", change.applicationName());
    detail.put("deploymentId", change.deploymentId());
    detail.put("state", change.state());
    detail.put("deploymentGroup", change.deploymentGroupName());
    try {
      return JSON.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
