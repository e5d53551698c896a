package io.ecsdeploy.operator.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** CloudWatch alarms watched during a deployment, and the metrics its analysis checks read. */
public interface Alarms {

  /**
   * The current state of each named alarm (metric or composite), read with as few DescribeAlarms
   * calls as CloudWatch allows (100 names per call). Names CloudWatch does not know are MISSING.
   */
  AlarmStates states(Collection<String> alarmNames);

  /**
   * The values of each query that returns data (GetMetricData, every page), newest first, between
   * {@code start} and {@code end}, by query id.
   *
   * @param timeout how long the call, with the SDK's retries, may take before it fails
   * @throws AwsFailure when CloudWatch refuses or does not answer in time
   */
  Map<String, List<Double>> metricData(
      List<MetricQuery> queries, Instant start, Instant end, Duration timeout);

  /**
   * One GetMetricData query: a metric's statistic over a period, or a metric math expression.
   *
   * @param id the id, by which its values come back (and other queries' expressions name it)
   * @param expression metric math; {@code null} for a metric statistic
   * @param namespace the metric's namespace
   * @param metricName the metric's name
   * @param dimensions the metric's dimensions
   * @param periodSeconds the period of each value, for a statistic
   * @param stat the statistic: Sum, Average, Maximum, p99...
   * @param returnData whether its values come back
   */
  record MetricQuery(
      String id,
      String expression,
      String namespace,
      String metricName,
      Map<String, String> dimensions,
      int periodSeconds,
      String stat,
      boolean returnData) {}
}
