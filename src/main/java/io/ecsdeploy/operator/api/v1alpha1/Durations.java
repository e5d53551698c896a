package io.ecsdeploy.operator.api.v1alpha1;

/**
 * Waits and intervals are written as Kubernetes-style durations ({@code 90s}, {@code 5m}, {@code
 * 1h30m}). The schema checks the shape with a pattern and the range with CEL's {@code duration()}.
 */
public final class Durations {
  private Durations() {}

  /** Hours, minutes and seconds, each optional but at least one present; no fractions. */
  public static final String PATTERN = "^([0-9]+h([0-9]+m)?([0-9]+s)?|[0-9]+m([0-9]+s)?|[0-9]+s)$";
}
