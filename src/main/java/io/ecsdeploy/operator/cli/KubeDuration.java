package io.ecsdeploy.operator.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as kubectl takes it: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 1h5m30s}. */
final class KubeDuration implements ITypeConverter<Duration> {
  private static final Duration LONGEST = Duration.ofHours(87_600);

  private static final Pattern DURATION =
      Pattern.compile("^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    Matcher m = DURATION.matcher(value);
    if (value.isEmpty() || !m.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration such as 90s, 10m or 1h30m");
    }
    Duration duration;
    try {
      duration =
          Duration.ofHours(part(m.group(1)))
              .plusMinutes(part(m.group(2)))
              .plusSeconds(part(m.group(3)));
    } catch (NumberFormatException | ArithmeticException e) {
      duration = null;
    }
    // Far beyond any use, and a deadline that far would be past the last instant Java knows.
    if (duration == null || duration.compareTo(LONGEST) > 0) {
      throw new TypeConversionException(
          "'" + value + "' is longer than the 87600h (10 years) allowed");
    }
    return duration;
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
