package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A task set of the deployment, as CodeDeploy's ecsTarget.taskSetsInfo shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskSetInfo {
  @JsonPropertyDescription("ARN of the task set.")
  public String arn;

  @JsonPropertyDescription("Blue (the original) or Green (the replacement).")
  public String taskSetLabel;

  @JsonPropertyDescription("ECS status: PRIMARY, ACTIVE or DRAINING.")
  public String status;

  @JsonPropertyDescription("Task definition it runs.")
  public String taskDefinition;

  @JsonPropertyDescription("Target group it is registered with.")
  public String targetGroupArn;

  @JsonPropertyDescription("Percentage of production traffic it receives, 0 to 100.")
  public Integer trafficWeight;

  @JsonPropertyDescription("Tasks wanted.")
  public Integer desiredCount;

  @JsonPropertyDescription("Tasks starting.")
  public Integer pendingCount;

  @JsonPropertyDescription("Tasks running.")
  public Integer runningCount;
}
