package io.ecsdeploy.operator.lifecycle;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The targets of a target group by health state, as ELB reports them (DescribeTargetHealth).
 *
 * @param targetGroupArn the target group read
 * @param targetsByState how many targets are in each state ({@code healthy}, {@code initial},
 *     {@code unhealthy}, {@code draining}, {@code unused}, {@code unavailable})
 */
public record TargetHealth(String targetGroupArn, Map<String, Integer> targetsByState) {
  public TargetHealth {
    Objects.requireNonNull(targetGroupArn, "targetGroupArn");
    targetsByState = Map.copyOf(targetsByState);
  }

  /** How many targets are healthy. */
  public int healthy() {
    return targetsByState.getOrDefault("healthy", 0);
  }

  /** The states in words, e.g. {@code "1 healthy, 2 initial"}; {@code "no targets"} when empty. */
  public String describe() {
    if (targetsByState.isEmpty()) {
      return "no targets";
    }
    return new TreeMap<>(targetsByState)
        .entrySet().stream()
            .map(entry -> entry.getValue() + " " + entry.getKey())
            .collect(Collectors.joining(", "));
  }
}
