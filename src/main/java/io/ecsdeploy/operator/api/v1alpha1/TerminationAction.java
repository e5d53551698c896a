package io.ecsdeploy.operator.api.v1alpha1;

/** What happens to the original task set once production traffic has moved (CodeDeploy's names). */
public enum TerminationAction {
  /** Delete the original task set after the termination wait. */
  TERMINATE,
  /** Leave the original task set running. */
  KEEP_ALIVE
}
