package io.ecsdeploy.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorMetersTest {

  @Test
  void countsEventsWithAndWithoutAResourceActionUnderOneName() throws Exception {
    String scraped = OperatorMetricsScrape.scrape();
    assertThat(scraped)
        .containsPattern("events_received_total\\{[^}]*action=\"ADDED\"[^}]*\\} 1")
        .as("events that are not about a resource are counted too, not dropped")
        .containsPattern("events_received_total\\{[^}]*action=\"unknown\"[^}]*\\} 1");
  }
}
