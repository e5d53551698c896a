package io.ecsdeploy.operator.lifecycle;

/** What happens to the original task set once the replacement serves all production traffic. */
public enum TerminationAction {
  /** Delete the original task set after the termination wait. */
  TERMINATE,
  /** Never delete the original task set; it stays, without traffic, for the user to remove. */
  KEEP_ALIVE
}
