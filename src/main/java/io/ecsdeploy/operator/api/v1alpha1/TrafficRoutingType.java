package io.ecsdeploy.operator.api.v1alpha1;

/** How production traffic moves to the replacement task set. */
public enum TrafficRoutingType {
  /** All traffic at once (CodeDeploy). */
  AllAtOnce,
  /** A first share, then the rest after an interval (CodeDeploy). */
  TimeBasedCanary,
  /** Equal increments with an interval between them (CodeDeploy). */
  TimeBasedLinear,
  /** An explicit list of weights, each held for its own wait (beyond CodeDeploy). */
  Steps
}
