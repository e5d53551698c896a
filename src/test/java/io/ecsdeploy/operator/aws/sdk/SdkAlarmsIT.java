package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.Alarms;
import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** Alarm polling against MiniStack's CloudWatch (the SDK client speaks RPC v2 CBOR). */
@ExtendWith(AwsEmulatorsExtension.class)
class SdkAlarmsIT {

  private static final String CLOUDWATCH = "CloudWatch";

  private static AwsClientFactory factory;
  private static AwsCallCounter counter;
  private static Alarms alarms;

  @BeforeAll
  static void alarmsInCloudWatch() {
    AwsEmulatorsExtension.reset();
    try (CloudWatchClient cloudWatch = EmulatorClients.cloudWatch()) {
      metricAlarm(cloudWatch, "web-5xx");
      cloudWatch.setAlarmState(
          r -> r.alarmName("web-5xx").stateValue(StateValue.ALARM).stateReason("5xx spike"));
      metricAlarm(cloudWatch, "web-latency");
      cloudWatch.setAlarmState(
          r -> r.alarmName("web-latency").stateValue(StateValue.OK).stateReason("fine"));
      metricAlarm(cloudWatch, "web-no-data");
      metricAlarm(cloudWatch, "alarm-120");
      cloudWatch.setAlarmState(
          r -> r.alarmName("alarm-120").stateValue(StateValue.ALARM).stateReason("late batch"));
      cloudWatch.putCompositeAlarm(
          r -> r.alarmName("web-health").alarmRule("ALARM(\"web-5xx\") OR ALARM(\"web-latency\")"));
      cloudWatch.setAlarmState(
          r -> r.alarmName("web-health").stateValue(StateValue.ALARM).stateReason("composite"));
    }
    factory = EmulatorFactory.create();
    counter = factory.callCounter();
    alarms = factory.clients(EmulatorFactory.REGION).alarms();
  }

  @AfterAll
  static void close() {
    factory.close();
  }

  private static void metricAlarm(CloudWatchClient cloudWatch, String name) {
    cloudWatch.putMetricAlarm(
        r ->
            r.alarmName(name)
                .namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count")
                .statistic(Statistic.SUM)
                .period(60)
                .evaluationPeriods(1)
                .threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
  }

  /**
   * GetMetricData with several queries, each its own statistic over its own period, their values
   * newest first, and a query that returns no data left out.
   */
  @Test
  void readsMetricDataOfSeveralQueriesNewestFirst() {
    java.time.Instant now = java.time.Instant.now();
    java.time.Instant minuteAgo = now.minusSeconds(120);
    try (CloudWatchClient cloudWatch = EmulatorClients.cloudWatch()) {
      for (double[] point : new double[][] {{2, 120}, {7, 1}, {3, 1}}) {
        cloudWatch.putMetricData(
            r ->
                r.namespace("Analysis/SdkAlarmsIT")
                    .metricData(
                        d ->
                            d.metricName("Errors")
                                .dimensions(
                                    software.amazon.awssdk.services.cloudwatch.model.Dimension
                                        .builder()
                                        .name("Service")
                                        .value("web")
                                        .build())
                                .value(point[0])
                                .timestamp(now.minusSeconds((long) point[1]))));
      }
    }
    java.util.Map<String, java.util.List<Double>> values =
        alarms.metricData(
            List.of(
                new Alarms.MetricQuery(
                    "maximum",
                    null,
                    "Analysis/SdkAlarmsIT",
                    "Errors",
                    java.util.Map.of("Service", "web"),
                    60,
                    "Maximum",
                    true),
                new Alarms.MetricQuery(
                    "sum",
                    null,
                    "Analysis/SdkAlarmsIT",
                    "Errors",
                    java.util.Map.of("Service", "web"),
                    60,
                    "Sum",
                    true),
                new Alarms.MetricQuery(
                    "hidden",
                    null,
                    "Analysis/SdkAlarmsIT",
                    "Errors",
                    java.util.Map.of("Service", "web"),
                    60,
                    "Sum",
                    false)),
            minuteAgo.minusSeconds(60),
            now.plusSeconds(1),
            java.time.Duration.ofSeconds(10));

    assertThat(values.get("maximum")).as("newest minute first").startsWith(7.0).endsWith(2.0);
    assertThat(values.get("sum")).startsWith(10.0).endsWith(2.0);
    assertThat(values).doesNotContainKey("hidden");
  }

  @Test
  void readsEachAlarmsStateAndReportsUnknownOnesMissing() {
    AlarmStates states =
        alarms.states(List.of("web-5xx", "web-latency", "web-no-data", "web-typo"));

    assertThat(states.stateOf("web-5xx")).isEqualTo(AlarmState.ALARM);
    assertThat(states.stateOf("web-latency")).isEqualTo(AlarmState.OK);
    assertThat(states.stateOf("web-no-data")).isEqualTo(AlarmState.INSUFFICIENT_DATA);
    assertThat(states.stateOf("web-typo")).isEqualTo(AlarmState.MISSING);
    assertThat(states.firing()).containsExactly("web-5xx");
    assertThat(states.missing()).containsExactly("web-typo");
    assertThat(states.states().keySet())
        .containsExactly("web-5xx", "web-latency", "web-no-data", "web-typo");
  }

  @Test
  void compositeAlarmsAreReadToo() {
    assertThat(alarms.states(List.of("web-health")).stateOf("web-health"))
        .isEqualTo(AlarmState.ALARM);
  }

  @Test
  void moreThanOneHundredNamesTakeTwoCalls() {
    List<String> names = new ArrayList<>();
    names.add("web-5xx");
    for (int i = 0; i < 150; i++) {
      names.add(String.format("alarm-%03d", i));
    }
    long before = counter.calls(CLOUDWATCH, "DescribeAlarms");

    AlarmStates states = alarms.states(names);

    assertThat(counter.calls(CLOUDWATCH, "DescribeAlarms") - before).isEqualTo(2);
    assertThat(states.states()).hasSize(151);
    // one alarm in each batch of 100
    assertThat(states.firing()).containsExactly("web-5xx", "alarm-120");
    assertThat(states.missing()).hasSize(149);
  }

  @Test
  void exactlyOneHundredNamesTakeOneCall() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      names.add(String.format("alarm-%03d", i + 50));
    }
    long before = counter.calls(CLOUDWATCH, "DescribeAlarms");

    AlarmStates states = alarms.states(names);

    assertThat(counter.calls(CLOUDWATCH, "DescribeAlarms") - before).isEqualTo(1);
    assertThat(states.firing()).containsExactly("alarm-120");
  }

  @Test
  void repeatedNamesAreAskedOnceAndNoNamesMeansNoCall() {
    long before = counter.calls(CLOUDWATCH, "DescribeAlarms");

    assertThat(alarms.states(List.of()).states()).isEmpty();
    assertThat(counter.calls(CLOUDWATCH, "DescribeAlarms")).isEqualTo(before);

    AlarmStates states = alarms.states(List.of("web-5xx", "web-5xx"));
    assertThat(states.states()).containsOnlyKeys("web-5xx");
    assertThat(counter.calls(CLOUDWATCH, "DescribeAlarms") - before).isEqualTo(1);
  }
}
