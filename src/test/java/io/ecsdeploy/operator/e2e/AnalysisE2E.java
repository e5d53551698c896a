package io.ecsdeploy.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.api.v1alpha1.AnalysisCheck;
import io.ecsdeploy.operator.api.v1alpha1.AnalysisCheckStatus;
import io.ecsdeploy.operator.api.v1alpha1.AnalysisConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.CloudWatchAnalysis;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.MetricDataQuery;
import io.ecsdeploy.operator.api.v1alpha1.PrometheusAnalysis;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.api.v1alpha1.TrafficStep;
import io.ecsdeploy.operator.api.v1alpha1.WebAnalysis;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.ecsdeploy.operator.testsupport.PrometheusPeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * Analysis end to end, against real peers: a web check against an HTTP server in the test,
 * CloudWatch metrics in MiniStack (PutMetricData, then the operator's GetMetricData), and a
 * Prometheus server built from its Go module scraping a target whose error rate the test sets.
 */
class AnalysisE2E extends OperatorE2E {

  @Test
  void aWebAnalysisThatPassesLetsTheCanaryFinish() throws Exception {
    try (ErrorRateTarget target = new ErrorRateTarget(0.01)) {
      E2EScenario scenario = E2EScenario.create(client, "analysis-pass");
      scenario.config("canary", canary("6s"));
      AnalysisCheck check = check("error-rate", "result < 0.05", null);
      check.web = new WebAnalysis();
      check.web.url = target.errorRateUrl();
      check.web.jsonPath = "/errorRate";
      scenario.group("web", spec -> groupWith(spec, check));
      Instant start = Instant.now();

      scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
      EcsDeployment done = scenario.awaitStatus("release-2", DeploymentStatus.Succeeded);

      System.out.printf(
          "analysis-pass: Succeeded in %.1f s, %d web measurements%n",
          Duration.between(start, Instant.now()).toMillis() / 1000.0, target.webRequests());
      AnalysisCheckStatus status = done.getStatus().analysis.get(0);
      assertThat(status.measurements)
          .as("measured during the 6 s canary step, every 2 s from its start")
          .hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(
              m -> {
                assertThat(m.phase).isEqualTo("Successful");
                assertThat(m.waitName).isEqualTo("AllowTraffic step 1");
                assertThat(m.value).isEqualTo("0.01");
              });
      assertThat(target.webRequests()).isEqualTo(status.measurements.size());
      assertThat(scrapeOperatorMetrics())
          .contains("ecsdeploy_analysis_measurements_total{check=\"error-rate\"")
          .containsPattern(
              "ecsdeploy_analysis_measurements_total\\{check=\"error-rate\",group=\"web\","
                  + "namespace=\""
                  + scenario.namespace
                  + "\",phase=\"Successful\",provider=\"web\"} [3-9]");
    }
  }

  @Test
  void aCloudWatchAnalysisThatFailsMidCanaryStopsAndRollsBack() {
    E2EScenario scenario = E2EScenario.create(client, "analysis-fail");
    String namespace = "Analysis/" + scenario.namespace;
    putErrors(namespace, 0);
    scenario.config("canary", canary("10m"));
    AnalysisCheck check = check("errors", "result.errors[0] < 5", "result.errors[0] >= 5");
    check.interval = "1s";
    check.cloudWatch = new CloudWatchAnalysis();
    MetricDataQuery errors = new MetricDataQuery();
    errors.id = "errors";
    errors.namespace = namespace;
    errors.metricName = "Errors";
    errors.stat = "Maximum";
    errors.period = 60;
    MetricDataQuery requests = new MetricDataQuery();
    requests.id = "requests";
    requests.namespace = namespace;
    requests.metricName = "Requests";
    requests.stat = "Sum";
    requests.returnData = false;
    check.cloudWatch.queries = List.of(errors, requests);
    scenario.group(
        "web",
        spec -> {
          groupWith(spec, check);
          spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM);
        });
    scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
    scenario.awaitDeployment(
        "release-2",
        Duration.ofSeconds(60),
        d ->
            "90/10".equals(d.getStatus().trafficSplit)
                && d.getStatus().analysis != null
                && !d.getStatus().analysis.get(0).measurements.isEmpty());
    Instant errorsFrom = Instant.now();

    putErrors(namespace, 50);
    EcsDeployment stopped = scenario.awaitStatus("release-2", DeploymentStatus.Stopped);

    System.out.printf(
        "analysis-fail: Stopped %.1f s after the errors were put%n",
        Duration.between(errorsFrom, Instant.now()).toMillis() / 1000.0);
    assertThat(stopped.getStatus().errorInformation.code).isEqualTo(ErrorCode.ALARM_ACTIVE);
    assertThat(stopped.getStatus().errorInformation.message)
        .startsWith("Analysis check errors failed 1 time(s) in AllowTraffic step 1")
        .contains("{\"errors\":[50.0]}");
    assertThat(stopped.getStatus().rollbackInfo).isNotNull();
    assertThat(stopped.getStatus().analysis.get(0).measurements)
        .extracting(m -> m.phase)
        .startsWith("Successful")
        .endsWith("Failed");
    DemoWorld world = scenario.world;
    assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
    assertThat(world.taskSets())
        .extracting(TaskSet::taskSetArn)
        .containsExactly(world.initialTaskSet);
  }

  @Test
  void aPrometheusAnalysisThatStaysInconclusiveFailsTheDeployment() throws Exception {
    try (ErrorRateTarget target = new ErrorRateTarget(0.1);
        PrometheusPeer prometheus = PrometheusPeer.start(List.of(target.hostAndPort()))) {
      // The target's first scrape is in before the deployment asks.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> prometheus.query("analysis_error_ratio").contains("\"0.1\""));
      E2EScenario scenario = E2EScenario.create(client, "analysis-inconclusive");
      scenario.config("canary", canary("10m"));
      AnalysisCheck check = check("error-ratio", "result[0] < 0.05", "result[0] > 0.2");
      check.interval = "1s";
      check.inconclusiveLimit = 1;
      check.prometheus = new PrometheusAnalysis();
      check.prometheus.address = prometheus.address().toString();
      check.prometheus.query = "max(analysis_error_ratio)";
      scenario.group(
          "web",
          spec -> {
            groupWith(spec, check);
            spec.autoRollback = E2EScenario.autoRollback(AutoRollbackEvent.DEPLOYMENT_FAILURE);
          });
      Instant start = Instant.now();

      scenario.deploy("release-2", "web", scenario.revision(hooks -> {}), spec -> {});
      EcsDeployment failed = scenario.awaitStatus("release-2", DeploymentStatus.Failed);

      System.out.printf(
          "analysis-inconclusive: Failed in %.1f s%n",
          Duration.between(start, Instant.now()).toMillis() / 1000.0);
      assertThat(failed.getStatus().errorInformation.message)
          .startsWith(
              "Analysis check error-ratio was inconclusive 2 time(s) in AllowTraffic step 1"
                  + " (inconclusive limit 1)");
      assertThat(failed.getStatus().analysis.get(0).measurements)
          .hasSize(2)
          .allSatisfy(
              m -> {
                assertThat(m.phase).isEqualTo("Inconclusive");
                assertThat(m.value).isEqualTo("[0.1]");
              });
      assertThat(failed.getStatus().rollbackInfo).isNotNull();
      DemoWorld world = scenario.world;
      assertThat(world.percentTo(world.productionListener, world.blue)).isEqualTo(100);
    }
  }

  /** 10% for {@code wait}, then the rest. */
  private static TrafficRouting canary(String wait) {
    TrafficRouting routing = new TrafficRouting();
    routing.type = TrafficRoutingType.Steps;
    TrafficStep canary = new TrafficStep();
    canary.weight = 10;
    canary.wait = wait;
    TrafficStep rest = new TrafficStep();
    rest.weight = 100;
    routing.steps = List.of(canary, rest);
    return routing;
  }

  private static AnalysisCheck check(String name, String success, String failure) {
    AnalysisCheck check = new AnalysisCheck();
    check.name = name;
    check.interval = "2s";
    check.timeout = "5s";
    check.successCondition = success;
    check.failureCondition = failure;
    return check;
  }

  private static void groupWith(
      io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec spec, AnalysisCheck check) {
    spec.deploymentConfigName = "canary";
    spec.analysis = new AnalysisConfiguration();
    spec.analysis.checks = List.of(check);
  }

  private static void putErrors(String namespace, double errors) {
    try (CloudWatchClient cloudWatch = EmulatorClients.cloudWatch()) {
      cloudWatch.putMetricData(
          r ->
              r.namespace(namespace)
                  .metricData(
                      d ->
                          d.metricName("Errors")
                              .value(errors)
                              .unit(StandardUnit.COUNT)
                              .timestamp(Instant.now())));
    }
  }

  private static String scrapeOperatorMetrics() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(operator.metricsEndpoint())).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
