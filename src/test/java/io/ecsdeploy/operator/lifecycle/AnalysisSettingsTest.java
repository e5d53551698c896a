package io.ecsdeploy.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What analysis settings accept, and how settings and states saved before analysis read. */
class AnalysisSettingsTest {
  private static final AnalysisQuery.Prometheus PROMETHEUS =
      new AnalysisQuery.Prometheus("http://prometheus:9090", "up");
  private static final AnalysisQuery.Web WEB =
      new AnalysisQuery.Web("http://checks/ok", null, null, null, null);
  private static final AnalysisQuery.CloudWatch CLOUD_WATCH =
      new AnalysisQuery.CloudWatch(
          Duration.ofMinutes(5),
          List.of(
              new AnalysisQuery.MetricQuery(
                  "errors", null, "AWS/ApplicationELB", "Errors", null, 60, "Sum", true)));

  private static AnalysisQuery query(
      AnalysisQuery.CloudWatch cloudWatch,
      AnalysisQuery.Prometheus prometheus,
      AnalysisQuery.Web web) {
    return new AnalysisQuery(
        Duration.ofSeconds(5), "result[0] < 1", null, cloudWatch, prometheus, web);
  }

  @Test
  void aQueryNamesExactlyOneProviderAndAtLeastOneCondition() {
    assertThat(query(CLOUD_WATCH, null, null).provider()).isEqualTo("cloudWatch");
    assertThat(query(null, PROMETHEUS, null).provider()).isEqualTo("prometheus");
    assertThat(query(null, null, WEB).provider()).isEqualTo("web");
    assertThatThrownBy(() -> query(null, null, null)).hasMessageContaining("exactly one provider");
    assertThatThrownBy(() -> query(CLOUD_WATCH, PROMETHEUS, WEB))
        .hasMessageContaining("exactly one provider");
    assertThatThrownBy(
            () -> new AnalysisQuery(Duration.ofSeconds(5), null, null, null, PROMETHEUS, null))
        .hasMessageContaining("condition");
    assertThat(
            new AnalysisQuery(Duration.ofSeconds(5), null, "result[0] > 1", null, PROMETHEUS, null)
                .failureCondition())
        .isNotNull();
  }

  @Test
  void webAndMetricQueriesHaveDefaults() {
    assertThat(WEB.method()).isEqualTo("GET");
    assertThat(WEB.headers()).isEmpty();
    assertThat(new AnalysisQuery.Web("http://x", "POST", Map.of("A", "b"), "{}", "/a").headers())
        .containsEntry("A", "b");
    assertThat(CLOUD_WATCH.queries().get(0).dimensions()).isEmpty();
    assertThat(
            new AnalysisQuery.MetricQuery(
                    "e", "m1 * 2", null, null, Map.of("K", "v"), 0, null, true)
                .dimensions())
        .containsEntry("K", "v");
  }

  @Test
  void aCheckHasAPositiveIntervalACountOfOneOrMoreAndLimitsOfZeroOrMore() {
    AnalysisQuery query = query(null, PROMETHEUS, null);
    assertThat(new AnalysisCheck("a", Duration.ofSeconds(1), 1, 0, 0, query).counted()).isTrue();
    assertThat(new AnalysisCheck("a", Duration.ofSeconds(1), null, 0, 0, query).counted())
        .isFalse();
    assertThatThrownBy(() -> new AnalysisCheck("a", Duration.ZERO, null, 0, 0, query))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> new AnalysisCheck("a", Duration.ofSeconds(-1), null, 0, 0, query))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> new AnalysisCheck("a", Duration.ofSeconds(1), 0, 0, 0, query))
        .hasMessageContaining("count");
    assertThatThrownBy(() -> new AnalysisCheck("a", Duration.ofSeconds(1), null, -1, 0, query))
        .hasMessageContaining("limits");
    assertThatThrownBy(() -> new AnalysisCheck("a", Duration.ofSeconds(1), null, 0, -1, query))
        .hasMessageContaining("limits");
  }

  @Test
  void checkNamesAreUniqueInADeployment() {
    AnalysisCheck check =
        new AnalysisCheck("a", Duration.ofSeconds(1), null, 0, 0, query(null, PROMETHEUS, null));
    assertThatThrownBy(() -> EngineHarness.settings().analysis(check).analysis(check).build())
        .hasMessageContaining("unique");
  }

  @Test
  void settingsStatesAndObservationsFromBeforeAnalysisHaveNone() {
    DeploymentSettings s = EngineHarness.settings().build();
    DeploymentSettings old =
        new DeploymentSettings(
            s.deploymentId(),
            s.externalId(),
            s.targetGroups(),
            s.testListener(),
            s.trafficRouting(),
            s.hookFunctions(),
            s.readyAction(),
            s.readyWait(),
            s.terminationAction(),
            s.terminationWait(),
            s.alarms(),
            s.autoRollback(),
            s.triggers(),
            s.eventBridge(),
            s.hookTimeout(),
            s.steadyStateTimeout(),
            s.unsteadyTrafficTimeout(),
            s.pollInterval(),
            s.reissueAfter(),
            s.maxActionAttempts(),
            s.targetHealth(),
            s.httpHooks(),
            null);
    assertThat(old.analysis()).isEmpty();
    Observation observation = Observation.builder(TrafficWeights.of("a", 100, "b", 0)).build();
    assertThat(
            new Observation(
                    observation.taskSets(),
                    observation.productionListener(),
                    null,
                    observation.alarms(),
                    List.of(),
                    null,
                    false,
                    null,
                    null)
                .analysisMeasurements())
        .isEmpty();
    assertThat(new AnalysisRun("a", "", 0, 0, 0, 0, null, null).recent()).isEmpty();
    assertThat(DeploymentState.created("d-TESTDEPL1", EngineHarness.T0).analysis()).isEmpty();
  }
}
