package io.ecsdeploy.operator.codedeploy;

/**
 * What happens to the original task set once the replacement serves all production traffic
 * (CodeDeploy's names).
 */
public enum TerminationAction {
  /** Delete the original task set after the termination wait. */
  TERMINATE,
  /** Never delete the original task set; it stays, without traffic, for the user to remove. */
  KEEP_ALIVE
}
