package io.ecsdeploy.operator.lifecycle;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the user asked of the deployment, level-triggered as Kubernetes specs are: a request stays
 * until the user removes it, and the engine acts on it once.
 *
 * @param stop a stop request, {@code null} when none
 * @param continueRequested waits the user wants ended; a continue given before its wait starts ends
 *     that wait as soon as it begins
 * @param pausesContinuedThrough the pauses of the traffic schedule the user has ended: those of
 *     steps 1 to this number (steps counted from 1, as the status shows them); 0 for none. A number
 *     set ahead ends a pause as soon as it begins
 */
public record UserOperations(
    StopRequest stop, Set<DeploymentWaitType> continueRequested, int pausesContinuedThrough) {

  public UserOperations {
    continueRequested = Set.copyOf(continueRequested);
    if (pausesContinuedThrough < 0) {
      throw new IllegalArgumentException("pausesContinuedThrough must not be negative");
    }
  }

  /** Stop and continue requests, no pause continued. */
  public UserOperations(StopRequest stop, Set<DeploymentWaitType> continueRequested) {
    this(stop, continueRequested, 0);
  }

  /** No operation requested. */
  public static UserOperations none() {
    return new UserOperations(null, Set.of());
  }

  /** Stop; {@code rollback} {@code null} leaves it to the DEPLOYMENT_STOP_ON_REQUEST setting. */
  public static UserOperations stop(Boolean rollback) {
    return new UserOperations(new StopRequest(rollback), Set.of());
  }

  /** End the given waits. */
  public static UserOperations continueDeployment(
      DeploymentWaitType first, DeploymentWaitType... rest) {
    return new UserOperations(null, EnumSet.of(first, rest));
  }

  /** End the pauses of the traffic schedule's steps 1 to {@code stepNumber}. */
  public static UserOperations continuePausesThrough(int stepNumber) {
    return new UserOperations(null, Set.of(), stepNumber);
  }

  /** Whether the user has ended the pause of the step at {@code stepIndex} (counted from 0). */
  public boolean continuesPauseAt(int stepIndex) {
    return stepIndex < pausesContinuedThrough;
  }

  /** Whether the user wants {@code wait} ended. */
  public boolean continues(DeploymentWaitType wait) {
    return continueRequested.contains(wait);
  }

  /**
   * A request to stop the deployment.
   *
   * @param autoRollbackEnabled roll back ({@code true}), leave everything as it is ({@code false}),
   *     or follow the DEPLOYMENT_STOP_ON_REQUEST auto-rollback setting ({@code null})
   */
  public record StopRequest(Boolean autoRollbackEnabled) {}
}
