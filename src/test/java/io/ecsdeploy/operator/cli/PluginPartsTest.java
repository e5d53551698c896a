package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.cli.WaitCommand.Outcome;
import io.ecsdeploy.operator.cli.WaitCommand.Target;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The plugin's small pure decisions: durations, retry names, image tags, what a wait waits for. */
class PluginPartsTest {
  @Test
  void readsDurationsAsKubectlWritesThem() {
    assertThat(KubeDuration.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(KubeDuration.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(KubeDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(KubeDuration.parse("1h0m5s")).isEqualTo(Duration.ofSeconds(3605));
    assertThatThrownBy(() -> KubeDuration.parse("")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> KubeDuration.parse("10")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> KubeDuration.parse("5m1h"))
        .isInstanceOf(TypeConversionException.class);
  }

  @Test
  void writesDurationsAsKubectlWritesAges() {
    assertThat(Text.duration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Text.duration(Duration.ofSeconds(120))).isEqualTo("2m0s");
    assertThat(Text.duration(Duration.ofMinutes(65))).isEqualTo("1h5m");
    assertThat(Text.duration(Duration.ofSeconds(-5))).isEqualTo("0s");
  }

  @Test
  void shortensArnsToTheirReadablePart() {
    assertThat(
            Text.lastPart(
                "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-blue/0123456789abcdef"))
        .isEqualTo("web-blue");
    assertThat(Text.lastPart("arn:aws:ecs:us-east-1:1:task-definition/web:7")).isEqualTo("web:7");
    assertThat(Text.lastPart("arn:aws:ecs:us-east-1:1:task-set/prod/web/ecs-svc/42"))
        .isEqualTo("42");
    assertThat(Text.lastPart(null)).isEqualTo("-");
  }

  @Test
  void numbersRetriesOnePastTheHighestAndCountsARetryOfARetryOn() {
    assertThat(RetryCommand.retryName("web-2", List.of("web-1", "web-2")))
        .isEqualTo("web-2-retry-1");
    assertThat(RetryCommand.retryName("web-2", List.of("web-2", "web-2-retry-1", "web-2-retry-3")))
        .isEqualTo("web-2-retry-4");
    assertThat(RetryCommand.retryName("web-2-retry-1", List.of("web-2-retry-1")))
        .isEqualTo("web-2-retry-2");
    assertThat(RetryCommand.retryName("web-2", List.of("web-20-retry-7", "web-2-retry-x")))
        .isEqualTo("web-2-retry-1");
  }

  @Test
  void leavesTooLongARetryNameToTheApiServer() {
    String longName = "d".repeat(250);

    assertThat(RetryCommand.retryName(longName, List.of())).isNull();
  }

  @Test
  void readsTheOperatorsVersionFromItsImageReference() {
    assertThat(VersionCommand.imageTag("ecs-deploy-operator:0.1.0")).isEqualTo("0.1.0");
    assertThat(VersionCommand.imageTag("registry:5000/team/ecs-deploy-operator:1.2.3"))
        .isEqualTo("1.2.3");
    assertThat(VersionCommand.imageTag("registry:5000/ecs-deploy-operator")).isEqualTo("latest");
    assertThat(VersionCommand.imageTag("ecs-deploy-operator:0.1.0@sha256:abc")).isEqualTo("0.1.0");
    assertThat(VersionCommand.imageTag("ecs-deploy-operator@sha256:abc")).isEqualTo("sha256:abc");
  }

  @Test
  void aWaitEndsWhenTheDeploymentGetsThereOrCanNoLonger() {
    assertThat(Target.succeeded.outcome(DeploymentStatus.Succeeded)).isEqualTo(Outcome.REACHED);
    assertThat(Target.succeeded.outcome(DeploymentStatus.Stopped)).isEqualTo(Outcome.MISSED);
    assertThat(Target.succeeded.outcome(DeploymentStatus.Ready)).isEqualTo(Outcome.PENDING);
    assertThat(Target.ready.outcome(DeploymentStatus.Ready)).isEqualTo(Outcome.REACHED);
    assertThat(Target.ready.outcome(DeploymentStatus.Succeeded)).isEqualTo(Outcome.MISSED);
    assertThat(Target.ready.outcome(DeploymentStatus.Queued)).isEqualTo(Outcome.PENDING);
    assertThat(Target.finished.outcome(DeploymentStatus.Failed)).isEqualTo(Outcome.REACHED);
    assertThat(Target.finished.outcome(DeploymentStatus.InProgress)).isEqualTo(Outcome.PENDING);
    assertThat(Target.finished.outcome(null)).isEqualTo(Outcome.PENDING);
  }
}
