package io.ecsdeploy.operator.aws.limits;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The client-side limits on AWS calls: on or off, the share of AWS's documented rates the operator
 * may use (lower than 1 when other tools call the same account), and rates set per {@link
 * ApiClass}, which win over the share.
 *
 * @param enabled false: no limits at all
 * @param share the fraction (0, 1] of {@link ApiClass#awsRate()} to use
 * @param overrides rates per class, used as they are
 */
public record RateLimitSettings(boolean enabled, double share, Map<ApiClass, Rate> overrides) {

  public RateLimitSettings {
    if (!(share > 0) || share > 1) {
      throw new IllegalArgumentException("the share of AWS's rates must be in (0, 1]: " + share);
    }
    EnumMap<ApiClass, Rate> copy = new EnumMap<>(ApiClass.class);
    if (overrides != null) {
      copy.putAll(overrides);
    }
    overrides = Collections.unmodifiableMap(copy);
  }

  /**
   * The share used unless one is set: a little under AWS's rates. At exactly AWS's rate the
   * client's bucket and AWS's empty together, and calls bunched up by the network on their way
   * (taken from the client's bucket a rate apart, arriving closer) are throttled; the margin keeps
   * a few tokens in AWS's bucket for them.
   */
  public static final double DEFAULT_SHARE = 0.95;

  /** AWS's documented rates, in full. */
  public static RateLimitSettings awsRates() {
    return new RateLimitSettings(true, 1.0, Map.of());
  }

  /** The limits unless configured: {@link #DEFAULT_SHARE} of AWS's documented rates. */
  public static RateLimitSettings defaults() {
    return new RateLimitSettings(true, DEFAULT_SHARE, Map.of());
  }

  /** No limits. */
  public static RateLimitSettings off() {
    return new RateLimitSettings(false, 1.0, Map.of());
  }

  /** The rate a class is held to; empty when it has none. */
  public Optional<Rate> rateOf(ApiClass apiClass) {
    if (!enabled) {
      return Optional.empty();
    }
    Rate override = overrides.get(apiClass);
    if (override != null) {
      return Optional.of(override);
    }
    return apiClass.awsRate().map(rate -> share == 1.0 ? rate : rate.times(share));
  }

  /**
   * Parses per-class rates: {@code elb-write=2/10,cloudwatch-describe-alarms=5} (see {@link
   * Rate#parse}).
   */
  public static Map<ApiClass, Rate> parseOverrides(String text) {
    Map<ApiClass, Rate> rates = new EnumMap<>(ApiClass.class);
    if (text == null || text.isBlank()) {
      return rates;
    }
    for (String item : text.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      int equals = item.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException(
            "a rate limit is <api class>=<calls per second>[/<burst>]: '" + item.trim() + "'");
      }
      String label = item.substring(0, equals).trim();
      ApiClass apiClass =
          ApiClass.ofLabel(label)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown AWS API class '"
                              + label
                              + "'; known: "
                              + java.util.Arrays.stream(ApiClass.values())
                                  .map(ApiClass::label)
                                  .toList()));
      rates.put(apiClass, Rate.parse(item.substring(equals + 1)));
    }
    return rates;
  }

  /** For the log: {@code off}, or each limited class's rate, such as {@code elb-write 3/20}. */
  public String describe() {
    if (!enabled) {
      return "off";
    }
    StringBuilder text = new StringBuilder();
    for (ApiClass apiClass : ApiClass.values()) {
      rateOf(apiClass)
          .ifPresent(
              rate ->
                  text.append(text.length() == 0 ? "" : ", ")
                      .append(apiClass.label())
                      .append(' ')
                      .append(rate));
    }
    return text.length() == 0 ? "none" : text.toString();
  }
}
