package io.ecsdeploy.operator.cli;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** How the plugin writes times, durations, ARNs and tables: pure functions of their input. */
final class Text {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Text() {}

  /** The arrow of a traffic timeline: {@code →} where the output can show it, else {@code ->}. */
  static String arrow() {
    return Charset.defaultCharset().newEncoder().canEncode('\u2192') ? "\u2192" : "->";
  }

  /** A value, or {@code -} for none. */
  static String text(Object value) {
    return value == null ? "-" : value.toString();
  }

  /** An RFC 3339 time as {@code 2026-11-26 12:00:00Z}; {@code -} for none. */
  static String time(String rfc3339) {
    if (rfc3339 == null) {
      return "-";
    }
    return instant(rfc3339).map(TIME::format).orElse(rfc3339);
  }

  static Optional<Instant> instant(String rfc3339) {
    if (rfc3339 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(rfc3339));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A duration as kubectl writes ages: {@code 45s}, {@code 2m0s}, {@code 1h5m}. */
  static String duration(Duration duration) {
    Duration d = duration.isNegative() ? Duration.ZERO : duration;
    if (d.toHours() > 0) {
      return d.toHours() + "h" + d.toMinutesPart() + "m";
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
  }

  /**
   * A duration as the resources write them: {@code 0s}, {@code 90s} as {@code 1m30s}, {@code 5m},
   * {@code 1h30m}; whole seconds.
   */
  static String kubeDuration(Duration duration) {
    Duration d = duration.isNegative() ? Duration.ZERO : duration;
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (d.toHours() > 0) {
      text.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      text.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      text.append(d.toSecondsPart()).append('s');
    }
    return text.length() == 0 ? "0s" : text.toString();
  }

  /** The time from {@code from} to {@code to}, both RFC 3339; {@code -} if either is missing. */
  static String between(String from, Instant to) {
    return instant(from).map(start -> duration(Duration.between(start, to))).orElse("-");
  }

  /** The readable end of an ARN: a target group's name, a task definition's family:revision. */
  static String lastPart(String arn) {
    if (arn == null) {
      return "-";
    }
    if (arn.contains(":targetgroup/")) {
      return arn.substring(arn.indexOf(":targetgroup/") + ":targetgroup/".length()).split("/")[0];
    }
    if (arn.contains(":task-definition/")) {
      return arn.substring(arn.indexOf(":task-definition/") + ":task-definition/".length());
    }
    return arn.substring(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
  }

  /** Rows in columns three spaces apart, the first row the header; each line ends in a newline. */
  static String table(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(
            i == row.size() - 1
                ? row.get(i)
                : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      table.append(line.toString().stripTrailing()).append('\n');
    }
    return table.toString();
  }
}
