package io.ecsdeploy.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.lifecycle.AnalysisPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CEL conditions over a measurement's result, judged as Argo Rollouts judges them. */
class AnalysisConditionsTest {
  private final AnalysisConditions conditions = new AnalysisConditions();

  @ParameterizedTest(name = "success {0}, failure {1}, result {2}: {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "result < 0.05, -, 0.01, Successful",
        "result < 0.05, -, 0.2, Failed",
        "-, result > 0.1, 0.2, Failed",
        "-, result > 0.1, 0.01, Successful",
        "result < 0.05, result > 0.1, 0.01, Successful",
        "result < 0.05, result > 0.1, 0.2, Failed",
        "result < 0.05, result > 0.1, 0.07, Inconclusive",
        // Integers and doubles compare: the result is a double, the literal an int.
        "result <= 1, -, 1.0, Successful",
        "result == 0, -, 0.0, Successful",
      })
  void judgesANumber(String success, String failure, double result, AnalysisPhase expected)
      throws Exception {
    assertThat(conditions.judge(success, failure, result)).isEqualTo(expected);
  }

  @Test
  void readsListsAndMapsAsProvidersGiveThem() throws Exception {
    Object cloudWatch = Map.of("errors", List.of(3.0, 1.0), "requests", List.of(100.0, 90.0));
    assertThat(conditions.judge("result.errors[0] / result.requests[0] < 0.05", null, cloudWatch))
        .isEqualTo(AnalysisPhase.Successful);
    assertThat(conditions.judge("result.all(v, v < 0.5)", null, List.of(0.1, 0.7)))
        .isEqualTo(AnalysisPhase.Failed);
    Object web =
        AnalysisMeasurer.celValue(
            new ObjectMapper().readTree("{\"ok\":true,\"version\":\"v2\",\"count\":3}"));
    assertThat(
            conditions.judge("result.ok && result.version == 'v2' && result.count == 3", null, web))
        .isEqualTo(AnalysisPhase.Successful);
  }

  @Test
  void aConditionThatCannotBeEvaluatedOnTheResultIsAnError() {
    assertThatThrownBy(() -> conditions.judge("result[0] < 0.05", null, List.of()))
        .isInstanceOf(AnalysisConditions.ConditionException.class)
        .hasMessageContaining("could not be evaluated");
  }

  @Test
  void aConditionThatDoesNotCompileSaysWhy() {
    assertThat(AnalysisConditions.compileError("result <")).isPresent();
    assertThat(AnalysisConditions.compileError("result < 0.05")).isEmpty();
    assertThatThrownBy(() -> conditions.judge("result <", null, 1.0))
        .isInstanceOf(AnalysisConditions.ConditionException.class)
        .hasMessageContaining("does not compile");
  }
}
