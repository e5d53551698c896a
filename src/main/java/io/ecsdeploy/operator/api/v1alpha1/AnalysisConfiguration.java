package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Analysis checks run during each traffic step's wait or pause and during the termination wait:
 * metric queries and HTTP checks whose results CEL conditions judge, as Argo Rollouts' analysis
 * does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisConfiguration {
  @Size(max = 10)
  @ValidationRule(
      value = "self.all(c, self.exists_one(o, o.name == c.name))",
      message = "check names must be unique")
  @JsonPropertyDescription(
      "Up to 10 checks. Each takes its first measurement when a wait begins (once a traffic step's"
          + " weights are confirmed, for a wait or a pause alike, or when the termination wait"
          + " begins), then one every interval. A check whose failed measurements in one wait exceed its failureLimit stops"
          + " the deployment with ALARM_ACTIVE (rolled back when the auto-rollback events include"
          + " DEPLOYMENT_STOP_ON_ALARM); one whose inconclusive or erroneous measurements exceed"
          + " its inconclusiveLimit fails it (rolled back on DEPLOYMENT_FAILURE).")
  public List<AnalysisCheck> checks;
}
