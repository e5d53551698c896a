package io.ecsdeploy.operator.aws;

import java.util.Objects;

/**
 * What a lifecycle hook function receives, exactly as CodeDeploy sends it: {@code {"DeploymentId":
 * ..., "LifecycleEventHookExecutionId": ...}} (PascalCase). The function reports back with both
 * values through PutLifecycleEventHookExecutionStatus.
 */
public record HookPayload(String deploymentId, String lifecycleEventHookExecutionId) {
  public HookPayload {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(lifecycleEventHookExecutionId, "lifecycleEventHookExecutionId");
  }
}
