package io.ecsdeploy.operator.codedeploy;

/**
 * How production traffic moves to the replacement task set: CodeDeploy's three {@code
 * trafficRoutingConfig} types, spelled as CodeDeploy spells them, plus explicit steps.
 */
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
