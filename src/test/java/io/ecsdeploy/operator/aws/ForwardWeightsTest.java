package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardWeightsTest {

  private static final String BLUE = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/b/1";
  private static final String GREEN = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/g/2";

  @Test
  void singleTargetGroupForwardIsAllTraffic() {
    ForwardWeights weights = new ForwardWeights(Map.of(BLUE, 1));

    assertThat(weights.percentOf(BLUE)).isEqualTo(100);
    assertThat(weights.percentOf(GREEN)).isZero();
    assertThat(weights.sameSplitAs(Map.of(BLUE, 100, GREEN, 0))).isTrue();
  }

  @Test
  void splitsAreComparedAsSharesNotRawWeights() {
    ForwardWeights weights = new ForwardWeights(Map.of(BLUE, 9, GREEN, 1));

    assertThat(weights.sameSplitAs(Map.of(BLUE, 90, GREEN, 10))).isTrue();
    assertThat(weights.sameSplitAs(Map.of(BLUE, 89, GREEN, 11))).isFalse();
    assertThat(weights.sameSplitAs(Map.of(GREEN, 100))).isFalse();
    assertThat(weights.percentOf(GREEN)).isEqualTo(10);
  }

  @Test
  void allZeroMatchesOnlyAllZero() {
    ForwardWeights none = new ForwardWeights(Map.of(BLUE, 0, GREEN, 0));

    assertThat(none.percentOf(BLUE)).isZero();
    assertThat(none.sameSplitAs(Map.of(BLUE, 0))).isTrue();
    assertThat(none.sameSplitAs(Map.of(BLUE, 1))).isFalse();
  }

  @Test
  void keepsElbOrderAndCannotBeChanged() {
    Map<String, Integer> ordered = new LinkedHashMap<>();
    ordered.put(GREEN, 10);
    ordered.put(BLUE, 90);
    ForwardWeights weights = new ForwardWeights(ordered);
    ordered.put(GREEN, 50);

    assertThat(weights.weights().keySet()).containsExactly(GREEN, BLUE);
    assertThat(weights.weightOf(GREEN)).isEqualTo(10);
  }
}
