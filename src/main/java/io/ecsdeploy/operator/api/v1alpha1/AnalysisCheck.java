package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One analysis check: a provider's measurement and the conditions that judge it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.cloudWatch) ? 1 : 0) + (has(self.prometheus) ? 1 : 0) + (has(self.web) ? 1 :"
            + " 0) == 1",
    message = "a check names exactly one provider: cloudWatch, prometheus or web")
@ValidationRule(
    value = "has(self.successCondition) || has(self.failureCondition)",
    message = "a check needs a successCondition, a failureCondition or both")
public class AnalysisCheck {
  @Required
  @Pattern("^[a-z0-9]$|^[a-z0-9][-a-z0-9]*[a-z0-9]$")
  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "The check's name (lower-case letters, digits and dashes), unique among the checks; it names"
          + " the check in the status, Events and metrics.")
  public String name;

  @Default("1m")
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1s') && duration(self) <= duration('1h'))",
      message = "the interval must be between 1s and 1h")
  @JsonPropertyDescription("Time between two measurements, as a duration such as 30s or 5m.")
  public String interval;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "How many measurements each wait takes; the wait does not end before they are taken, even"
          + " a traffic step without a wait. Without a count, the check measures until the wait"
          + " ends, and a wait of zero takes no measurement.")
  public Integer count;

  @Default("0")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "How many failed measurements one wait tolerates; one more stops the deployment.")
  public Integer failureLimit;

  @Default("0")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "How many inconclusive or erroneous measurements (no answer in time, no value, a condition"
          + " that cannot be evaluated) one wait tolerates; one more fails the deployment.")
  public Integer inconclusiveLimit;

  @Default("10s")
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1s') && duration(self) <= duration('30s'))",
      message = "the timeout must be between 1s and 30s")
  @JsonPropertyDescription(
      "How long one measurement may take; past it, the measurement is an error. The operator"
          + " takes measurements in its reconcile loop, so it stays short (1s to 30s).")
  public String timeout;

  @Size(min = 1, max = 1024)
  @JsonPropertyDescription(
      "CEL expression over the measurement's `result` that is true when the result is good, such"
          + " as `result[0] < 0.05`. Numbers are doubles; integers compare with them.")
  public String successCondition;

  @Size(min = 1, max = 1024)
  @JsonPropertyDescription(
      "CEL expression over `result` that is true when the result is bad. It is evaluated first;"
          + " with both conditions given, a result that meets neither is inconclusive.")
  public String failureCondition;

  @JsonPropertyDescription(
      "CloudWatch metrics (GetMetricData): `result` maps each returned query's id to its values,"
          + " newest first.")
  public CloudWatchAnalysis cloudWatch;

  @JsonPropertyDescription(
      "A Prometheus instant query: `result` is the list of its sample values (one for a scalar).")
  public PrometheusAnalysis prometheus;

  @JsonPropertyDescription(
      "An HTTP GET or POST answered with JSON: `result` is the value at jsonPath, or the answer.")
  public WebAnalysis web;
}
