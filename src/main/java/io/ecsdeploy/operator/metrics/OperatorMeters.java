package io.ecsdeploy.operator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The registry behind {@code /metrics}, as the operator sets it up. */
public final class OperatorMeters {
  private OperatorMeters() {}

  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(eventsReceivedAlwaysHaveAnAction());
    new JvmMemoryMetrics().bindTo(registry);
    return registry;
  }

  /**
   * java-operator-sdk 5.3.2 tags {@code events.received} with {@code action} for events about
   * resources but not for others (timers, the hook reports' event source). Prometheus needs one set
   * of tag keys per name, so it would drop the others with a warning; they get {@code
   * action="unknown"} instead, as later java-operator-sdk versions do.
   */
  static MeterFilter eventsReceivedAlwaysHaveAnAction() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getName().equals("events.received") && id.getTag("action") == null) {
          return id.withTag(Tag.of("action", "unknown"));
        }
        return id;
      }
    };
  }
}
