package io.ecsdeploy.operator.aws;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a route's forward action splits traffic: a weight (0..999) per target group ARN, in the order
 * ELB reports them. A forward to a single target group without weights reads as weight 1.
 */
public record ForwardWeights(Map<String, Integer> weights) {

  public ForwardWeights {
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }

  /** The raw weight of a target group; 0 when the route does not forward to it. */
  public int weightOf(String targetGroupArn) {
    return weights.getOrDefault(targetGroupArn, 0);
  }

  /** The sum of all weights. */
  public int total() {
    return weights.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * The share of traffic a target group gets, in percent (rounded to the nearest integer); 0 when
   * no target group has weight.
   */
  public int percentOf(String targetGroupArn) {
    int total = total();
    return total == 0 ? 0 : (int) Math.round(100.0 * weightOf(targetGroupArn) / total);
  }

  /**
   * Whether traffic is split as {@code desired} says (weights compared as shares, so {@code {a:1}}
   * matches {@code {a:100, b:0}}). Target groups missing on either side count as 0.
   */
  public boolean sameSplitAs(Map<String, Integer> desired) {
    ForwardWeights other = new ForwardWeights(desired);
    int total = total();
    int otherTotal = other.total();
    if (total == 0 || otherTotal == 0) {
      return total == otherTotal;
    }
    Set<String> all = new HashSet<>(weights.keySet());
    all.addAll(desired.keySet());
    for (String arn : all) {
      // cross-multiplied to compare the fractions exactly
      if ((long) weightOf(arn) * otherTotal != (long) other.weightOf(arn) * total) {
        return false;
      }
    }
    return true;
  }
}
