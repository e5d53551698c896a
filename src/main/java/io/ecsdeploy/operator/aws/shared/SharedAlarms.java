package io.ecsdeploy.operator.aws.shared;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.Alarms;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@link Alarms} whose reads are shared by every deployment of the region and identity ({@link
 * SharedReads}): one DescribeAlarms for up to 100 alarm names, answered from memory for a short
 * while. The operator never changes alarms, so nothing here is dropped early. Metric data for
 * analysis checks is not shared: each check reads its own queries over a window that ends when it
 * measures, so it goes straight to CloudWatch.
 */
public final class SharedAlarms implements Alarms {

  /** DescribeAlarms takes at most this many alarm names. */
  static final int MAX_NAMES_PER_CALL = 100;

  private final Alarms delegate;
  private final SharedReads<String, AlarmState> states;

  public SharedAlarms(Alarms delegate, Duration ttl, LongSupplier nanoClock) {
    this.delegate = delegate;
    this.states =
        new SharedReads<>(
            ttl,
            MAX_NAMES_PER_CALL,
            name -> "alarms",
            (group, names) -> delegate.states(names).states(),
            nanoClock);
  }

  public SharedAlarms(Alarms delegate, Duration ttl) {
    this(delegate, ttl, System::nanoTime);
  }

  @Override
  public AlarmStates states(Collection<String> alarmNames) {
    return new AlarmStates(states.getAll(alarmNames));
  }

  @Override
  public Map<String, List<Double>> metricData(
      List<MetricQuery> queries, Instant start, Instant end, Duration timeout) {
    return delegate.metricData(queries, start, end, timeout);
  }
}
