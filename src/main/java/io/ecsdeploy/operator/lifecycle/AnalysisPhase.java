package io.ecsdeploy.operator.lifecycle;

/** What one measurement of an analysis check found. */
public enum AnalysisPhase {
  /** The success condition held (or the failure condition did not). */
  Successful,
  /** The failure condition held (or the success condition did not). */
  Failed,
  /** Both conditions are given and neither held: the result says nothing either way. */
  Inconclusive,
  /**
   * The measurement could not be taken or judged (the provider did not answer in time, the answer
   * had no value, a condition could not be evaluated); counted against the inconclusive limit.
   */
  Error
}
