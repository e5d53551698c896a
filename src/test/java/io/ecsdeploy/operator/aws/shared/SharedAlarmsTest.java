package io.ecsdeploy.operator.aws.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.Alarms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Shared alarm reads beside analysis checks: alarm states are shared within the TTL, while each
 * check's metric data is read from CloudWatch every time, since its window ends when it measures.
 */
class SharedAlarmsTest {

  /** CloudWatch as a list of the calls made to it. */
  static final class RecordingAlarms implements Alarms {
    final List<String> calls = new ArrayList<>();

    @Override
    public AlarmStates states(Collection<String> alarmNames) {
      calls.add("DescribeAlarms " + alarmNames);
      Map<String, AlarmState> states = new java.util.LinkedHashMap<>();
      alarmNames.forEach(name -> states.put(name, AlarmState.OK));
      return new AlarmStates(states);
    }

    @Override
    public Map<String, List<Double>> metricData(
        List<MetricQuery> queries, Instant start, Instant end, Duration timeout) {
      calls.add("GetMetricData " + start + ".." + end);
      return Map.of(queries.get(0).id(), List.of((double) calls.size()));
    }
  }

  @Test
  void metricDataGoesToCloudWatchEachTimeWhileAlarmStatesAreShared() {
    RecordingAlarms cloudWatch = new RecordingAlarms();
    AtomicLong nanos = new AtomicLong();
    Alarms shared = new SharedAlarms(cloudWatch, Duration.ofSeconds(5), nanos::get);
    List<Alarms.MetricQuery> errors =
        List.of(
            new Alarms.MetricQuery(
                "errors",
                null,
                "AWS/ApplicationELB",
                "HTTPCode_Target_5XX_Count",
                Map.of(),
                60,
                "Sum",
                true));
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

    shared.states(List.of("web-5xx"));
    shared.states(List.of("web-5xx"));
    Map<String, List<Double>> first =
        shared.metricData(errors, t0, t0.plusSeconds(300), Duration.ofSeconds(5));
    Map<String, List<Double>> second =
        shared.metricData(errors, t0, t0.plusSeconds(300), Duration.ofSeconds(5));

    assertThat(cloudWatch.calls)
        .containsExactly(
            "DescribeAlarms [web-5xx]",
            "GetMetricData 2026-03-01T10:00:00Z..2026-03-01T10:05:00Z",
            "GetMetricData 2026-03-01T10:00:00Z..2026-03-01T10:05:00Z");
    assertThat(first.get("errors")).containsExactly(2.0);
    assertThat(second.get("errors")).as("read again, not remembered").containsExactly(3.0);
  }
}
