package io.ecsdeploy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaultsWatchEverythingWithoutLeaderElection() {
    OperatorSettings settings = OperatorSettings.from(Map.of());
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.hooksPort()).isEqualTo(8081);
    assertThat(settings.hooksRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.defaultRegion()).isEqualTo("us-east-1");
    assertThat(settings.leaderElection()).isEmpty();
    assertThat(settings.groupCheckInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.labelSelector().isEverything()).isTrue();
  }

  @Test
  void aLabelSelectorSplitsTheFleetAndGivesItsInstallationALeaseOfItsOwn() {
    OperatorSettings shardA =
        OperatorSettings.from(
            Map.of(
                "ECSDEPLOY_LABEL_SELECTOR", "ecsdeploy.io/shard=a",
                "ECSDEPLOY_LEADER_ELECTION", "true",
                "ECSDEPLOY_GROUP_CHECK_INTERVAL", "120"));
    OperatorSettings shardB =
        OperatorSettings.from(
            Map.of(
                "ECSDEPLOY_LABEL_SELECTOR", "ecsdeploy.io/shard=b",
                "ECSDEPLOY_LEADER_ELECTION", "true"));
    assertThat(shardA.labelSelector().matches(Map.of("ecsdeploy.io/shard", "a"))).isTrue();
    assertThat(shardA.groupCheckInterval()).isEqualTo(Duration.ofMinutes(2));
    String leaseA = shardA.leaderElection().orElseThrow().leaseName();
    String leaseB = shardB.leaderElection().orElseThrow().leaseName();
    assertThat(leaseA).startsWith("ecs-deploy-operator-").hasSize(30).isNotEqualTo(leaseB);
    assertThat(
            OperatorSettings.from(
                    Map.of(
                        "ECSDEPLOY_LABEL_SELECTOR", "ecsdeploy.io/shard=a",
                        "ECSDEPLOY_LEADER_ELECTION", "true",
                        "ECSDEPLOY_LEASE_NAME", "team-a"))
                .leaderElection()
                .orElseThrow()
                .leaseName())
        .as("a Lease named explicitly")
        .isEqualTo("team-a");
  }

  @Test
  void readsWhatTheHelmChartSets() {
    OperatorSettings settings =
        OperatorSettings.from(
            Map.of(
                "ECSDEPLOY_WATCH_NAMESPACES", "team-a, team-b,",
                "ECSDEPLOY_POLL_INTERVAL", "9",
                "ECSDEPLOY_HOOKS_REQUEST_TIMEOUT", "30",
                "AWS_REGION", "eu-west-1",
                "ECSDEPLOY_LEADER_ELECTION", "true",
                "ECSDEPLOY_LEASE_NAME", "ops-ecs-deploy-operator",
                "POD_NAMESPACE", "ops",
                "POD_NAME", "ops-ecs-deploy-operator-7d9f-abcde"));
    assertThat(settings.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(9));
    assertThat(settings.hooksRequestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.defaultRegion()).isEqualTo("eu-west-1");
    assertThat(settings.leaderElection())
        .contains(
            new OperatorSettings.LeaderElection(
                "ops-ecs-deploy-operator",
                Optional.of("ops"),
                Optional.of("ops-ecs-deploy-operator-7d9f-abcde")));
  }

  @Test
  void anExplicitLeaseNamespaceWinsOverThePodsAndTheLeaseHasADefaultName() {
    OperatorSettings settings =
        OperatorSettings.from(
            Map.of(
                "ECSDEPLOY_LEADER_ELECTION", "TRUE",
                "ECSDEPLOY_LEASE_NAMESPACE", "leases",
                "POD_NAMESPACE", "ops"));
    assertThat(settings.leaderElection())
        .contains(
            new OperatorSettings.LeaderElection(
                "ecs-deploy-operator", Optional.of("leases"), Optional.empty()));
  }

  @Test
  void theLeaseHoldsTenSecondsByDefaultAndItsHolderRenewsWellInsideThem() {
    OperatorSettings.LeaderElection lease =
        OperatorSettings.from(Map.of("ECSDEPLOY_LEADER_ELECTION", "true"))
            .leaderElection()
            .orElseThrow();
    assertThat(lease.leaseDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(lease.renewDeadline()).isEqualTo(Duration.ofMillis(6666).plusNanos(666_666));
    assertThat(lease.retryPeriod()).isEqualTo(Duration.ofSeconds(1));

    OperatorSettings.LeaderElection longer =
        OperatorSettings.from(
                Map.of("ECSDEPLOY_LEADER_ELECTION", "true", "ECSDEPLOY_LEASE_DURATION", "30"))
            .leaderElection()
            .orElseThrow();
    assertThat(longer.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(longer.renewDeadline()).isEqualTo(Duration.ofSeconds(20));
    assertThat(longer.retryPeriod()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void refusesValuesItCannotRead() {
    assertThatThrownBy(
            () ->
                OperatorSettings.from(
                    Map.of("ECSDEPLOY_LEADER_ELECTION", "true", "ECSDEPLOY_LEASE_DURATION", "2")))
        .hasMessage("ECSDEPLOY_LEASE_DURATION must be at least 3, not 2");
    assertThatThrownBy(() -> OperatorSettings.from(Map.of("ECSDEPLOY_LEADER_ELECTION", "yes")))
        .hasMessage("ECSDEPLOY_LEADER_ELECTION must be true or false, not 'yes'");
    assertThatThrownBy(() -> OperatorSettings.from(Map.of("ECSDEPLOY_POLL_INTERVAL", "5s")))
        .hasMessage("ECSDEPLOY_POLL_INTERVAL must be a whole number, not '5s'");
    assertThatThrownBy(() -> OperatorSettings.from(Map.of("ECSDEPLOY_HOOKS_REQUEST_TIMEOUT", "0")))
        .hasMessage("ECSDEPLOY_HOOKS_REQUEST_TIMEOUT must be at least 1, not 0");
    assertThatThrownBy(() -> OperatorSettings.from(Map.of("ECSDEPLOY_GROUP_CHECK_INTERVAL", "0")))
        .hasMessage("ECSDEPLOY_GROUP_CHECK_INTERVAL must be at least 1, not 0");
    assertThatThrownBy(() -> OperatorSettings.from(Map.of("ECSDEPLOY_LABEL_SELECTOR", "a>1")))
        .hasMessageStartingWith("ECSDEPLOY_LABEL_SELECTOR: label selector 'a>1' cannot be read");
  }
}
