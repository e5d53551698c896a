package io.ecsdeploy.operator.hooks;

/**
 * Receives the results that hook functions report through the CodeDeploy-compatible endpoint and
 * decides whether each one is acceptable. Implemented by the deployment controller, which owns the
 * pending hook executions.
 */
public interface HookStatusReports {

  /** The outcome of one report, named after CodeDeploy's answers. */
  enum Outcome {
    ACCEPTED,
    DEPLOYMENT_DOES_NOT_EXIST,
    INVALID_EXECUTION_ID,
    ALREADY_COMPLETED
  }

  /**
   * Records that hook execution {@code executionId} of deployment {@code deploymentId} ended with
   * {@code succeeded}. An id is accepted once: later reports of the same id answer {@link
   * Outcome#ALREADY_COMPLETED} and change nothing.
   */
  Outcome report(String deploymentId, String executionId, boolean succeeded);
}
