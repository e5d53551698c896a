package io.ecsdeploy.operator.api.v1alpha1;

/**
 * Waits and intervals are written as Kubernetes-style durations ({@code 90s}, {@code 5m}, {@code
 * 1h30m}). The schema checks the shape and the range with CEL rules, the shape with {@link
 * #WELL_FORMED} rather than an OpenAPI pattern: a pattern's error quotes the regular expression,
 * where the rule's says what to write.
 */
public final class Durations {
  private Durations() {}

  /** Hours, minutes and seconds, each optional but at least one present; no fractions. */
  public static final String PATTERN = "^([0-9]+h([0-9]+m)?([0-9]+s)?|[0-9]+m([0-9]+s)?|[0-9]+s)$";

  /** The shape rule of a duration field. */
  public static final String WELL_FORMED = "self.matches('" + PATTERN + "')";

  /** What the shape rule tells a user who wrote something else. */
  public static final String WELL_FORMED_MESSAGE =
      "must be a duration such as 90s, 5m or 1h30m: hours, minutes and seconds, without days or"
          + " fractions";

  /**
   * Starts a range rule that holds for a value the shape rule refuses: the API server evaluates
   * both, and {@code duration()} of a malformed value would add a second, confusing error ("type
   * conversion error from 'string' to 'google.protobuf.Duration'") to the shape rule's clear one.
   */
  public static final String UNLESS_MALFORMED = "!" + WELL_FORMED + " || ";
}
