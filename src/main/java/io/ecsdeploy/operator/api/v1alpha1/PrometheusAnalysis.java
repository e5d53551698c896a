package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A PromQL instant query, sent to the server's HTTP API ({@code GET /api/v1/query}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrometheusAnalysis {
  @Required
  @Pattern("^https?://[^\\s]+$")
  @Size(max = 2048)
  @JsonPropertyDescription("The server's base URL, such as http://prometheus.monitoring:9090.")
  public String address;

  @Required
  @Size(min = 1, max = 4096)
  @JsonPropertyDescription(
      "The PromQL expression; it must give an instant vector or a scalar, such as"
          + " `sum(rate(http_requests_total{code=~\"5..\"}[1m])) /"
          + " sum(rate(http_requests_total[1m]))`.")
  public String query;
}
