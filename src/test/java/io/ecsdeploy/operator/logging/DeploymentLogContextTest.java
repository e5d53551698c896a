package io.ecsdeploy.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class DeploymentLogContextTest {

  @AfterEach
  void clearTheThreadsContext() {
    MDC.clear();
  }

  @Test
  void namesTheDeploymentWhileOpenAndForgetsItWhenClosed() {
    try (var context = DeploymentLogContext.of(deployment("d-ABCDEFGHI"))) {
      assertThat(MDC.getCopyOfContextMap())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "namespace", "apps",
                  "deployment", "web-release-2",
                  "deploymentGroup", "web",
                  "deploymentId", "d-ABCDEFGHI"));
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aNewDeploymentHasNoIdUntilItIsGivenOne() {
    try (var context = DeploymentLogContext.of(deployment(null))) {
      assertThat(MDC.get(DeploymentLogContext.DEPLOYMENT_ID)).isNull();

      DeploymentLogContext.deploymentIdGiven("d-ABCDEFGHI");

      assertThat(MDC.get(DeploymentLogContext.DEPLOYMENT_ID)).isEqualTo("d-ABCDEFGHI");
    }
    assertThat(MDC.get(DeploymentLogContext.DEPLOYMENT_ID)).isNull();
  }

  @Test
  void anInnerContextGivesBackWhatTheOuterOneHeld() {
    MDC.put("unrelated", "kept");
    try (var report = DeploymentLogContext.ofDeploymentId("d-ABCDEFGHI")) {
      try (var found = DeploymentLogContext.of(deployment("d-ABCDEFGHI"))) {
        assertThat(MDC.get(DeploymentLogContext.GROUP)).isEqualTo("web");
      }
      assertThat(MDC.getCopyOfContextMap())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("deploymentId", "d-ABCDEFGHI", "unrelated", "kept"));
    }
    assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("unrelated", "kept"));
  }

  @Test
  void theTextFormatShowsWhatTheContextHoldsAndNothingWithoutOne() {
    DeploymentConverter converter = new DeploymentConverter();

    assertThat(
            converter.convert(
                event(
                    Map.of(
                        "namespace", "apps",
                        "deployment", "web-release-2",
                        "deploymentGroup", "web",
                        "deploymentId", "d-ABCDEFGHI"))))
        .isEqualTo("[apps/web-release-2 group=web id=d-ABCDEFGHI] ");
    assertThat(converter.convert(event(Map.of("deploymentId", "d-ABCDEFGHI"))))
        .isEqualTo("[id=d-ABCDEFGHI] ");
    assertThat(converter.convert(event(Map.of("unrelated", "value")))).isEmpty();
    assertThat(converter.convert(event(Map.of()))).isEmpty();
  }

  private static LoggingEvent event(Map<String, String> mdc) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(new LoggerContext());
    event.setLevel(Level.INFO);
    event.setMessage("a line");
    event.setMDCPropertyMap(mdc);
    return event;
  }

  static EcsDeployment deployment(String deploymentId) {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setNamespace("apps");
    deployment.getMetadata().setName("web-release-2");
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = "web";
    deployment.setStatus(new EcsDeploymentStatus());
    deployment.getStatus().deploymentId = deploymentId;
    return deployment;
  }
}
