package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.api.v1alpha1.AnalysisCheck;
import io.ecsdeploy.operator.api.v1alpha1.AnalysisConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A group whose analysis conditions do not compile is not Ready, and says which one. */
class GroupAnalysisConditionsTest {

  private static EcsDeploymentGroupSpec groupWith(String success, String failure) {
    AnalysisCheck check = new AnalysisCheck();
    check.name = "error-rate";
    check.successCondition = success;
    check.failureCondition = failure;
    EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
    spec.analysis = new AnalysisConfiguration();
    spec.analysis.checks = List.of(check);
    return spec;
  }

  @Test
  void namesTheCheckAndTheConditionThatDoesNotCompile() {
    assertThat(
            EcsDeploymentGroupReconciler.analysisConditionProblem(
                groupWith("result[0] < 0.05", "result[0] >")))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "analysis check error-rate: the condition result[0] > does not compile"));
  }

  @Test
  void conditionsThatCompileAreNoProblem() {
    assertThat(
            EcsDeploymentGroupReconciler.analysisConditionProblem(
                groupWith("result[0] < 0.05", null)))
        .isEmpty();
    assertThat(EcsDeploymentGroupReconciler.analysisConditionProblem(new EcsDeploymentGroupSpec()))
        .isEmpty();
  }
}
