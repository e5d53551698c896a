package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** One GetMetricData query: a metric's statistic, or a metric math expression. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.expression) != has(self.metricName)",
    message = "a query has either an expression or a metricName (with its namespace)")
@ValidationRule(
    value = "!has(self.metricName) || has(self.namespace)",
    message = "a metricName needs its namespace")
public class MetricDataQuery {
  @Required
  @Pattern("^[a-z][a-zA-Z0-9_]*$")
  @Size(min = 1, max = 255)
  @JsonPropertyDescription(
      "The query's id (starts with a lower-case letter): the key of its values in `result`, and"
          + " the name expressions use for it.")
  public String id;

  @Size(min = 1, max = 2048)
  @JsonPropertyDescription("Metric math over other queries' ids, such as `errors / requests`.")
  public String expression;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription("The metric's namespace, such as AWS/ApplicationELB.")
  public String namespace;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription("The metric's name, such as HTTPCode_Target_5XX_Count.")
  public String metricName;

  @Size(max = 30)
  @JsonPropertyDescription("The metric's dimensions, name to value.")
  public Map<String, String> dimensions;

  @Default("60")
  @Min(1)
  @JsonPropertyDescription(
      "The period of each value, in seconds (1, 5, 10, 30 or a multiple of 60).")
  public Integer period;

  @Default("Average")
  @Size(min = 1, max = 32)
  @JsonPropertyDescription("The statistic: Sum, Average, Minimum, Maximum, SampleCount, p99...")
  public String stat;

  @Default("true")
  @JsonPropertyDescription("Whether the query's values are part of `result`.")
  public Boolean returnData;
}
