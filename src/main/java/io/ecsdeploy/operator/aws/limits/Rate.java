package io.ecsdeploy.operator.aws.limits;

import java.util.Locale;

/**
 * A request rate: {@code perSecond} calls a second on average, and at most {@code burst} at once
 * (the token bucket's size).
 */
public record Rate(double perSecond, int burst) {
  public Rate {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "a rate must be a positive number per second: " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("a burst must be at least 1: " + burst);
    }
  }

  /** This rate scaled by {@code share} (0 to 1], burst rounded and at least 1. */
  public Rate times(double share) {
    return new Rate(perSecond * share, Math.max(1, (int) Math.round(burst * share)));
  }

  /** Parses {@code 3/20} (3 a second, burst 20) or {@code 9} (9 a second, burst 9, at least 1). */
  public static Rate parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    try {
      if (slash < 0) {
        double perSecond = Double.parseDouble(trimmed);
        return new Rate(perSecond, Math.max(1, (int) Math.ceil(perSecond)));
      }
      return new Rate(
          Double.parseDouble(trimmed.substring(0, slash).trim()),
          Integer.parseInt(trimmed.substring(slash + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a rate is <calls per second>[/<burst>], such as 3/20: '" + text + "'");
    }
  }

  @Override
  public String toString() {
    String number =
        perSecond == Math.rint(perSecond)
            ? Long.toString((long) perSecond)
            : String.format(Locale.ROOT, "%.2f", perSecond);
    return number + "/" + burst;
  }
}
