package io.ecsdeploy.operator.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The registry behind {@code /metrics}, as the operator sets it up: the operator's version, and the
 * JVM's and the process's meters (memory, garbage collection, threads, classes, CPU, uptime, open
 * files). Closing it stops listening to the garbage collector.
 */
public final class OperatorMeters implements AutoCloseable {
  static final String BUILD_INFO = "ecsdeploy_build_info";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;

  private OperatorMeters(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
  }

  public static OperatorMeters create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(eventsReceivedAlwaysHaveAnAction());
    // A Prometheus info metric, registered beside Micrometer's meters: a Micrometer gauge named
    // *_info would be published without its _info suffix.
    Info.builder()
        .name(BUILD_INFO)
        .help("The operator's version, as its label; always 1")
        .labelNames("version")
        .register(registry.getPrometheusRegistry())
        .setLabelValues(version());
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return new OperatorMeters(registry, gc);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * The project's version, which the build writes into {@code build-info.properties}; {@code dev}
   * when the classes were compiled without the build's resource filtering (an IDE, for example).
   */
  static String version() {
    try (InputStream in = OperatorMeters.class.getResourceAsStream("build-info.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      return version.isBlank() || version.startsWith("${") ? "dev" : version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
