package io.ecsdeploy.operator.aws;

import java.time.Instant;
import java.util.List;

/**
 * One task set of an ECS service, as ECS reports it.
 *
 * @param id the task set's id ({@code ecs-svc/...})
 * @param arn the task set's full ARN (what make-primary and delete take)
 * @param status PRIMARY, ACTIVE or DRAINING
 * @param externalId the tag the operator set at creation (the deployment's key), or {@code null}
 * @param taskDefinition the task definition ARN
 * @param targetGroupArn the target group of its first load balancer, or {@code null}
 * @param stabilityStatus STEADY_STATE or STABILIZING
 * @param computedDesiredCount tasks ECS wants in this task set (scale x service desired count)
 * @param runningCount tasks running
 * @param pendingCount tasks pending
 * @param scalePercent the task set's scale, in percent of the service's desired count
 * @param createdAt when ECS created it, or {@code null} when not reported
 * @param stabilityStatusAt when the stability status last changed, or {@code null}
 * @param launchType the task set's launch type (FARGATE, EC2, EXTERNAL), or {@code null} when it
 *     uses a capacity provider strategy or ECS reports none
 * @param capacityProviderStrategy the task set's capacity provider strategy, empty for none
 * @param platformVersion the task set's Fargate platform version, or {@code null} when ECS reports
 *     none
 */
public record EcsTaskSet(
    String id,
    String arn,
    Status status,
    String externalId,
    String taskDefinition,
    String targetGroupArn,
    Stability stabilityStatus,
    int computedDesiredCount,
    int runningCount,
    int pendingCount,
    double scalePercent,
    Instant createdAt,
    Instant stabilityStatusAt,
    String launchType,
    List<CapacityProviderItem> capacityProviderStrategy,
    String platformVersion) {

  public EcsTaskSet {
    capacityProviderStrategy =
        capacityProviderStrategy == null ? List.of() : List.copyOf(capacityProviderStrategy);
  }

  /** A task set's role in the service. */
  public enum Status {
    PRIMARY,
    ACTIVE,
    DRAINING,
    UNKNOWN
  }

  /** Whether ECS has reached the task set's desired state. */
  public enum Stability {
    STEADY_STATE,
    STABILIZING,
    UNKNOWN
  }

  /** Whether the task set has reached steady state (ECS's own judgement). */
  public boolean isStable() {
    return stabilityStatus == Stability.STEADY_STATE;
  }
}
