package io.ecsdeploy.operator.lifecycle;

/**
 * Moves a deployment on from one {@link Phase}. A handler looks at the observation, changes the
 * working state, and returns one step: continue to the next phase, hand out one action, or wait.
 */
interface PhaseHandler {
  Step handle(StepContext context);
}
