package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The target-health gate: before test traffic and before each production weight change, enough
 * targets of the replacement target group must be healthy (ELB's DescribeTargetHealth).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetHealthGate {
  @Default("true")
  @JsonPropertyDescription("Whether traffic waits for healthy targets.")
  public Boolean enabled;

  @Default("100%")
  @Size(max = 5)
  @ValidationRule(
      value = "self.matches('^([0-9]{1,4}|([0-9]|[1-9][0-9]|100)%)$')",
      message =
          "must be a count of healthy targets such as 2, or a share of the desired count from 0%"
              + " to 100%")
  @JsonPropertyDescription(
      "How many targets of the replacement target group must be healthy: a count (3) or a share"
          + " of the replacement task set's desired count (50%, rounded up). A count is taken as"
          + " given: one above the desired count is never met. Default: all (100%).")
  public String minHealthy;

  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1s') && duration(self) <= duration('24h'))",
      message = "the target health timeout must be between 1s and 24h")
  @Default("5m")
  @JsonPropertyDescription(
      "How long the deployment waits for enough healthy targets before it fails with"
          + " HEALTH_CONSTRAINTS (and rolls back when DEPLOYMENT_FAILURE is an auto-rollback"
          + " event). Default 5m.")
  public String timeout;
}
