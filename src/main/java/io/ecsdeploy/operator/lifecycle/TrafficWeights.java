package io.ecsdeploy.operator.lifecycle;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a listener splits traffic between target groups: weight per target group ARN. Weights read
 * from ELB may be on any scale (0..999 each), so two splits are compared by proportion, never by
 * raw numbers; weights the engine asks for always sum to 100.
 *
 * @param weights weight per target group ARN; a target group that is absent has weight 0
 */
public record TrafficWeights(Map<String, Integer> weights) {
  public TrafficWeights {
    weights = Map.copyOf(weights);
  }

  /** A split between two target groups. */
  public static TrafficWeights of(
      String targetGroup, int weight, String otherTargetGroup, int otherWeight) {
    return new TrafficWeights(Map.of(targetGroup, weight, otherTargetGroup, otherWeight));
  }

  /** The weight of {@code targetGroup}, 0 when it is not in the split. */
  public int weightOf(String targetGroup) {
    return weights.getOrDefault(targetGroup, 0);
  }

  /** Sum of all weights. */
  public int total() {
    return weights.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Share of traffic {@code targetGroup} receives, in percent rounded down; 0 when nothing flows.
   */
  public int percentOf(String targetGroup) {
    int total = total();
    return total == 0 ? 0 : weightOf(targetGroup) * 100 / total;
  }

  /** Whether both splits send the same share of traffic to every target group. */
  public boolean sameSplitAs(TrafficWeights other) {
    if (other == null) {
      return false;
    }
    long total = total();
    long otherTotal = other.total();
    if (total == 0 || otherTotal == 0) {
      return total == otherTotal;
    }
    for (String targetGroup : union(other)) {
      if (weightOf(targetGroup) * otherTotal != other.weightOf(targetGroup) * total) {
        return false;
      }
    }
    return true;
  }

  /** A stable text form, such as {@code tg-a=10,tg-b=90}, used in action keys and messages. */
  public String describe() {
    return new TreeMap<>(weights)
        .entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining(","));
  }

  private java.util.Set<String> union(TrafficWeights other) {
    java.util.Set<String> all = new java.util.TreeSet<>(weights.keySet());
    all.addAll(other.weights.keySet());
    return all;
  }
}
