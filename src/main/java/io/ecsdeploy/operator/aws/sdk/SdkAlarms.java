package io.ecsdeploy.operator.aws.sdk;

import static io.ecsdeploy.operator.aws.sdk.SdkCalls.call;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.Alarms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/** {@link Alarms} on CloudWatch's DescribeAlarms, 100 names per call, and GetMetricData. */
public final class SdkAlarms implements Alarms {

  /** DescribeAlarms takes at most this many alarm names, and returns at most this many alarms. */
  static final int MAX_NAMES_PER_CALL = 100;

  private final CloudWatchClient cloudWatch;

  public SdkAlarms(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public AlarmStates states(Collection<String> alarmNames) {
    List<String> names = new ArrayList<>(new LinkedHashSet<>(alarmNames));
    Map<String, AlarmState> found = new HashMap<>();
    for (int from = 0; from < names.size(); from += MAX_NAMES_PER_CALL) {
      List<String> batch = names.subList(from, Math.min(names.size(), from + MAX_NAMES_PER_CALL));
      String nextToken = null;
      do {
        String token = nextToken;
        DescribeAlarmsResponse response =
            call(
                () ->
                    cloudWatch.describeAlarms(
                        r ->
                            r.alarmNames(batch)
                                .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM)
                                .maxRecords(MAX_NAMES_PER_CALL)
                                .nextToken(token)));
        for (MetricAlarm alarm : response.metricAlarms()) {
          found.put(alarm.alarmName(), state(alarm.stateValue()));
        }
        for (CompositeAlarm alarm : response.compositeAlarms()) {
          found.put(alarm.alarmName(), state(alarm.stateValue()));
        }
        nextToken = response.nextToken();
      } while (nextToken != null && !nextToken.isEmpty());
    }
    Map<String, AlarmState> states = new LinkedHashMap<>();
    for (String name : names) {
      states.put(name, found.getOrDefault(name, AlarmState.MISSING));
    }
    return new AlarmStates(states);
  }

  @Override
  public Map<String, List<Double>> metricData(
      List<MetricQuery> queries, Instant start, Instant end, Duration timeout) {
    List<MetricDataQuery> sdkQueries = queries.stream().map(SdkAlarms::query).toList();
    Map<String, List<Map.Entry<Instant, Double>>> stamped = new LinkedHashMap<>();
    String nextToken = null;
    do {
      String token = nextToken;
      GetMetricDataResponse response =
          call(
              () ->
                  cloudWatch.getMetricData(
                      r ->
                          r.metricDataQueries(sdkQueries)
                              .startTime(start)
                              .endTime(end)
                              .scanBy(ScanBy.TIMESTAMP_DESCENDING)
                              .nextToken(token)
                              .overrideConfiguration(o -> o.apiCallTimeout(timeout))));
      for (MetricDataResult result : response.metricDataResults()) {
        List<Map.Entry<Instant, Double>> points =
            stamped.computeIfAbsent(result.id(), id -> new ArrayList<>());
        for (int i = 0; i < result.values().size() && i < result.timestamps().size(); i++) {
          points.add(Map.entry(result.timestamps().get(i), result.values().get(i)));
        }
      }
      nextToken = response.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    // Newest first, as asked with TIMESTAMP_DESCENDING, whatever order an endpoint answers in.
    Map<String, List<Double>> values = new LinkedHashMap<>();
    stamped.forEach(
        (id, points) ->
            values.put(
                id,
                points.stream()
                    .sorted(Map.Entry.<Instant, Double>comparingByKey().reversed())
                    .map(Map.Entry::getValue)
                    .toList()));
    return values;
  }

  private static MetricDataQuery query(MetricQuery query) {
    MetricDataQuery.Builder builder =
        MetricDataQuery.builder().id(query.id()).returnData(query.returnData());
    if (query.expression() != null) {
      return builder
          .expression(query.expression())
          .period(query.periodSeconds() > 0 ? query.periodSeconds() : null)
          .build();
    }
    List<Dimension> dimensions =
        query.dimensions().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build())
            .toList();
    return builder
        .metricStat(
            MetricStat.builder()
                .metric(
                    Metric.builder()
                        .namespace(query.namespace())
                        .metricName(query.metricName())
                        .dimensions(dimensions)
                        .build())
                .period(query.periodSeconds())
                .stat(query.stat())
                .build())
        .build();
  }

  private static AlarmState state(StateValue value) {
    if (value == null) {
      return AlarmState.INSUFFICIENT_DATA;
    }
    return switch (value) {
      case OK -> AlarmState.OK;
      case ALARM -> AlarmState.ALARM;
      case INSUFFICIENT_DATA, UNKNOWN_TO_SDK_VERSION -> AlarmState.INSUFFICIENT_DATA;
    };
  }
}
