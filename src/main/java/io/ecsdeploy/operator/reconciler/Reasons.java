package io.ecsdeploy.operator.reconciler;

/**
 * The reasons the operator's conditions and Events carry: one place, so that users, docs and tests
 * can rely on the spelling. A deployment's own outcome reasons are its status names (Succeeded,
 * Failed, ...); AWS errors are CodeDeploy's error codes.
 */
public final class Reasons {
  private Reasons() {}

  // What a resource names and what AWS says of it (groups and deployments).
  public static final String DEPLOYMENT_GROUP_MISSING = "DeploymentGroupMissing";
  public static final String APPLICATION_MISSING = "ApplicationMissing";
  public static final String DEPLOYMENT_CONFIG_MISSING = "DeploymentConfigMissing";
  public static final String DEPLOYMENT_CONFIG_NOT_ALLOWED = "DeploymentConfigNotAllowed";
  public static final String DEPLOYMENT_GROUP_NOT_READY = "DeploymentGroupNotReady";

  /** The deployment's group is not among those this installation's label selector selects. */
  public static final String DEPLOYMENT_GROUP_NOT_SELECTED = "DeploymentGroupNotSelected";

  public static final String SERVICE_NOT_FOUND = "ServiceNotFound";
  public static final String SERVICE_NOT_ACTIVE = "ServiceNotActive";
  public static final String SERVICE_NOT_EXTERNAL = "ServiceNotExternal";
  public static final String SERVICE_CLAIMED_BY_ANOTHER_GROUP = "ServiceClaimedByAnotherGroup";
  public static final String LISTENER_ON_ANOTHER_LOAD_BALANCER = "ListenerOnAnotherLoadBalancer";
  public static final String TARGET_GROUP_ON_ANOTHER_LOAD_BALANCER =
      "TargetGroupOnAnotherLoadBalancer";
  public static final String ALARMS_NOT_FOUND = "AlarmsNotFound";
  public static final String ANALYSIS_CONDITION_INVALID = "AnalysisConditionInvalid";
  public static final String VALIDATED = "Validated";

  // A deployment's way to its start.
  public static final String CREATED = "Created";
  public static final String INPUTS_RESOLVED = "InputsResolved";
  public static final String QUEUED = "Queued";

  /**
   * A running deployment waits for enough healthy targets in the replacement target group before
   * traffic moves to it (Reconciling).
   */
  public static final String WAITING_FOR_HEALTHY_TARGETS = "WaitingForHealthyTargets";

  // AwsReachable.
  public static final String AWS_ANSWERED = "AwsAnswered";

  // Events of a group.
  public static final String DEPLOYMENT_CREATED = "DeploymentCreated";
}
