package io.ecsdeploy.operator.lifecycle;

/** Succeeded, Failed or Stopped: nothing changes any more. */
final class FinishedHandler implements PhaseHandler {
  @Override
  public Step handle(StepContext context) {
    return Step.idle();
  }
}
