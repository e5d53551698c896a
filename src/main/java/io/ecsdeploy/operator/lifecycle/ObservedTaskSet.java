package io.ecsdeploy.operator.lifecycle;

import java.util.Objects;

/**
 * A task set of the deployment group's ECS service, as read from ECS.
 *
 * @param arn the task set's ARN
 * @param externalId its {@code externalId}, {@code null} when it has none
 * @param targetGroupArn the target group of its load balancer, {@code null} when it has none
 * @param status PRIMARY, ACTIVE or DRAINING
 * @param steady whether it has reached a steady state (stability STEADY_STATE and as many running
 *     tasks as desired)
 * @param desiredCount how many tasks ECS wants in it (its computed desired count)
 */
public record ObservedTaskSet(
    String arn,
    String externalId,
    String targetGroupArn,
    TaskSetStatus status,
    boolean steady,
    int desiredCount) {
  public ObservedTaskSet {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(status, "status");
  }

  /** A task set whose desired count does not matter to the caller (one task). */
  public ObservedTaskSet(
      String arn, String externalId, String targetGroupArn, TaskSetStatus status, boolean steady) {
    this(arn, externalId, targetGroupArn, status, steady, 1);
  }
}
