package io.ecsdeploy.operator.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an analysis check measures and how one result is judged: exactly one provider, and CEL
 * conditions over the provider's {@code result}. Frozen with the deployment's settings; the engine
 * only carries it, the caller measures with it.
 *
 * @param timeout how long one measurement may take before it counts as an error
 * @param successCondition CEL: true when the result is good; {@code null} for none
 * @param failureCondition CEL: true when the result is bad; {@code null} for none
 * @param cloudWatch CloudWatch GetMetricData queries
 * @param prometheus a Prometheus instant query
 * @param web an HTTP request whose JSON answer is read at a path
 */
public record AnalysisQuery(
    Duration timeout,
    String successCondition,
    String failureCondition,
    CloudWatch cloudWatch,
    Prometheus prometheus,
    Web web) {

  public AnalysisQuery {
    Objects.requireNonNull(timeout, "timeout");
    int providers =
        (cloudWatch == null ? 0 : 1) + (prometheus == null ? 0 : 1) + (web == null ? 0 : 1);
    if (providers != 1) {
      throw new IllegalArgumentException("an analysis check names exactly one provider");
    }
    if (successCondition == null && failureCondition == null) {
      throw new IllegalArgumentException("an analysis check needs a success or failure condition");
    }
  }

  /** The provider's name, as metrics and the status show it. */
  public String provider() {
    return cloudWatch != null ? "cloudWatch" : prometheus != null ? "prometheus" : "web";
  }

  /**
   * CloudWatch metric data over the last {@code lookback}.
   *
   * @param lookback how far back the queries read
   * @param queries GetMetricData queries; each one's values are the result under its id
   */
  public record CloudWatch(Duration lookback, List<MetricQuery> queries) {
    public CloudWatch {
      Objects.requireNonNull(lookback, "lookback");
      queries = List.copyOf(queries);
    }
  }

  /**
   * One GetMetricData query: a metric's statistic, or a metric math expression over other queries.
   *
   * @param id the query's id, the key of its values in the result
   * @param expression metric math; {@code null} for a metric statistic
   * @param namespace the metric's namespace
   * @param metricName the metric's name
   * @param dimensions the metric's dimensions
   * @param periodSeconds the period of each value
   * @param stat the statistic: Sum, Average, Maximum, p99...
   * @param returnData whether its values are part of the result
   */
  public record MetricQuery(
      String id,
      String expression,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      int periodSeconds,
      String stat,
      boolean returnData) {
    public MetricQuery {
      Objects.requireNonNull(id, "id");
      dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
    }
  }

  /**
   * A PromQL instant query.
   *
   * @param address the server's base URL, such as {@code http://prometheus:9090}
   * @param query the PromQL expression
   */
  public record Prometheus(String address, String query) {
    public Prometheus {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(query, "query");
    }
  }

  /**
   * An HTTP request whose JSON answer is the result, or the part of it at {@code jsonPath}.
   *
   * @param url the URL
   * @param method GET or POST
   * @param headers request headers
   * @param body the POST body
   * @param jsonPath a JSON pointer (RFC 6901, such as {@code /data/errorRate}); {@code null} or
   *     empty for the whole answer
   */
  public record Web(
      String url, String method, Map<String, String> headers, String body, String jsonPath) {
    public Web {
      Objects.requireNonNull(url, "url");
      method = method == null ? "GET" : method;
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
  }
}
