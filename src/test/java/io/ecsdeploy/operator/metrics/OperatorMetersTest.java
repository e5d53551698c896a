package io.ecsdeploy.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperatorMetersTest {
  private static String scraped;

  @BeforeAll
  static void scrapeTheOperatorsRegistry() throws Exception {
    scraped = OperatorMetricsScrape.scrape();
  }

  @Test
  void countsEventsWithAndWithoutAResourceActionUnderOneName() {
    assertThat(scraped)
        .containsPattern("events_received_total\\{[^}]*action=\"ADDED\"[^}]*\\} 1")
        .as("events that are not about a resource are counted too, not dropped")
        .containsPattern("events_received_total\\{[^}]*action=\"unknown\"[^}]*\\} 1");
  }

  @Test
  void publishesTheVersionTheBuildWroteAsBuildInfo() {
    String version = System.getProperty("ecsdeploy.version");
    assertThat(version).as("the project's version, from the build").isNotBlank();
    assertThat(OperatorMeters.version()).isEqualTo(version);
    assertThat(scraped)
        .contains("# TYPE ecsdeploy_build_info gauge")
        .contains("ecsdeploy_build_info{version=\"" + version + "\"} 1");
  }

  @Test
  void publishesTheJvmAndProcessMeters() {
    assertThat(scraped)
        .contains("jvm_memory_used_bytes{")
        .contains("jvm_gc_pause_seconds_count{")
        .contains("jvm_gc_memory_allocated_bytes_total ")
        .contains("jvm_threads_live_threads ")
        .contains("jvm_threads_states_threads{state=\"runnable\"}")
        .contains("jvm_classes_loaded_classes ")
        .contains("process_cpu_usage ")
        .contains("system_cpu_count ")
        .contains("process_uptime_seconds ")
        .contains("process_start_time_seconds ")
        .contains("process_files_open_files ");
  }

  @Test
  void closingStopsListeningToTheGarbageCollector() {
    OperatorMeters meters = OperatorMeters.create();
    meters.close();
    assertThat(meters.registry().isClosed()).isTrue();
  }
}
