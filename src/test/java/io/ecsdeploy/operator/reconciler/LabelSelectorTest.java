package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  @Test
  void blankSelectsEverything() {
    assertThat(LabelSelector.parse("")).isEqualTo(LabelSelector.EVERYTHING);
    assertThat(LabelSelector.parse("  ").isEverything()).isTrue();
    assertThat(LabelSelector.parse(null).matches(null)).isTrue();
  }

  @Test
  void matchesAsTheApiServerDoes() {
    LabelSelector shardA = LabelSelector.parse("ecsdeploy.io/shard=a");
    assertThat(shardA.matches(Map.of("ecsdeploy.io/shard", "a"))).isTrue();
    assertThat(shardA.matches(Map.of("ecsdeploy.io/shard", "b"))).isFalse();
    assertThat(shardA.matches(Map.of())).isFalse();

    LabelSelector notB = LabelSelector.parse("shard!=b");
    assertThat(notB.matches(Map.of())).as("a missing label is not b").isTrue();
    assertThat(notB.matches(Map.of("shard", "b"))).isFalse();

    LabelSelector teams = LabelSelector.parse("team in (payments, checkout),tier notin (test)");
    assertThat(teams.matches(Map.of("team", "checkout"))).isTrue();
    assertThat(teams.matches(Map.of("team", "checkout", "tier", "test"))).isFalse();
    assertThat(teams.matches(Map.of("team", "search"))).isFalse();

    LabelSelector exists = LabelSelector.parse("shard, !legacy, env==prod");
    assertThat(exists.matches(Map.of("shard", "x", "env", "prod"))).isTrue();
    assertThat(exists.matches(Map.of("shard", "x", "env", "prod", "legacy", "yes"))).isFalse();
    assertThat(exists.matches(Map.of("env", "prod"))).isFalse();
  }

  @Test
  void relevantLabelsAreThoseItReads() {
    LabelSelector selector = LabelSelector.parse("team in (payments),!legacy");
    Map<String, String> groupLabels =
        Map.of("team", "payments", "app.kubernetes.io/instance", "argo-app");
    Map<String, String> copied = selector.relevantLabels(groupLabels);
    assertThat(copied).containsExactly(Map.entry("team", "payments"));
    assertThat(selector.matches(copied)).isEqualTo(selector.matches(groupLabels));
  }

  @Test
  void refusesWhatItCannotReadNamingThePart() {
    assertThatThrownBy(() -> LabelSelector.parse("shard=a,replicas>2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at 'replicas>2'");
    assertThatThrownBy(() -> LabelSelector.parse("shard=a,"))
        .hasMessageContaining("'' is not a label key");
    assertThatThrownBy(() -> LabelSelector.parse("shard=a b")).hasMessageContaining("label value");
  }
}
