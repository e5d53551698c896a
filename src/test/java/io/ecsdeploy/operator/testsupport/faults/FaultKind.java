package io.ecsdeploy.operator.testsupport.faults;

/** What the fault proxy can do to a call instead of (or besides) passing it through. */
public enum FaultKind {
  /** The service's throttling error in the protocol's shape; not forwarded. */
  THROTTLE,
  /** HTTP 500 with the protocol's internal-failure error; not forwarded. */
  INTERNAL_ERROR,
  /** HTTP 503 with the protocol's service-unavailable error; not forwarded. */
  SERVICE_UNAVAILABLE,
  /** Forwarded after a delay; the reply is the emulator's. */
  LATENCY,
  /** The connection is closed without any reply; not forwarded. */
  RESET,
  /** Forwarded (the emulator performs it), but no reply is sent until the hold time is over. */
  LOST_REPLY
}
