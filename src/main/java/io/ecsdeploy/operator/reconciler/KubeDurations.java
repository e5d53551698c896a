package io.ecsdeploy.operator.reconciler;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the resources' durations ({@code 90s}, {@code 5m}, {@code 1h30m}). */
final class KubeDurations {
  private static final Pattern DURATION =
      Pattern.compile("^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");

  private KubeDurations() {}

  /** The duration, or {@code fallback} when the field is unset. */
  static Duration parse(String text, Duration fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    Matcher matcher = DURATION.matcher(text.trim());
    if (!matcher.matches()) {
      // The CRD schema refuses anything else, so this is a resource written around the schema.
      throw new IllegalArgumentException("not a duration: " + text);
    }
    return Duration.ofHours(number(matcher.group(1)))
        .plusMinutes(number(matcher.group(2)))
        .plusSeconds(number(matcher.group(3)));
  }

  /** The duration as the resources write it: {@code 5m}, {@code 1h30m}, {@code 0s}. */
  static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }
}
