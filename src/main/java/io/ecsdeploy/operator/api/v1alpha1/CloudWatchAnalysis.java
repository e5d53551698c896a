package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** CloudWatch metric data read with GetMetricData, in the group's region and with its role. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudWatchAnalysis {
  @Default("5m")
  @ValidationRule(value = Durations.WELL_FORMED, message = Durations.WELL_FORMED_MESSAGE)
  @Size(max = 32)
  @ValidationRule(
      value =
          Durations.UNLESS_MALFORMED
              + "(duration(self) >= duration('1m') && duration(self) <= duration('24h'))",
      message = "the lookback must be between 1m and 24h")
  @JsonPropertyDescription("How far back from the measurement the queries read.")
  public String lookback;

  @Required
  @Size(min = 1, max = 10)
  @JsonPropertyDescription("Up to 10 GetMetricData queries.")
  public List<MetricDataQuery> queries;
}
