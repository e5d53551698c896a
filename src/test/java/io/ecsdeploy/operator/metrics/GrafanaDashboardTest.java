package io.ecsdeploy.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * operator/grafana/ecs-deploy-operator.json only charts metrics the operator publishes: every
 * metric named in a panel's PromQL, or in a variable's query, is a sample name in the scrape of the
 * operator's registry (built as OperatorMain builds it, with one sample of every meter).
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD =
      Path.of(System.getProperty("ecsdeploy.repo.dir", "."))
          .resolve("operator/grafana/ecs-deploy-operator.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,\\s)]+)");
  private static final Pattern DOCUMENTED_METRIC =
      Pattern.compile(
          "`((?:ecsdeploy_|reconciliations_|custom_resources|events_received|jvm_|process_|system_)"
              + "[a-z0-9_]*)");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan");

  private static Set<String> published;

  @BeforeAll
  static void scrapeTheOperatorsRegistry() throws Exception {
    published = sampleNames(OperatorMetricsScrape.scrape());
  }

  @Test
  void everyMetricInTheDashboardIsPublishedByTheOperator() throws Exception {
    Map<String, Set<String>> used = metricsByPanel(JSON.readTree(DASHBOARD.toFile()));
    assertThat(used).as("panels and variables with queries").hasSizeGreaterThan(15);
    used.forEach(
        (panel, metrics) ->
            assertThat(metrics).as("metrics of %s", panel).isNotEmpty().isSubsetOf(published));
  }

  @Test
  void chartsTheMetricsTheReadmePromises() throws Exception {
    Set<String> all = new TreeSet<>();
    metricsByPanel(JSON.readTree(DASHBOARD.toFile())).values().forEach(all::addAll);
    assertThat(all)
        .contains(
            "ecsdeploy_deployments_started_total",
            "ecsdeploy_deployments_finished_total",
            "ecsdeploy_lifecycle_event_duration_seconds_sum",
            "ecsdeploy_lifecycle_event_duration_seconds_count",
            "ecsdeploy_lifecycle_event_duration_seconds_max",
            "ecsdeploy_production_traffic_replacement_percent",
            "ecsdeploy_aws_calls_total",
            "ecsdeploy_aws_errors_total",
            "reconciliations_started_total",
            "reconciliations_failure_total",
            "reconciliations_execution_duration_seconds_bucket",
            "ecsdeploy_build_info",
            "jvm_gc_pause_seconds_sum",
            "process_cpu_usage",
            "jvm_threads_live_threads",
            "process_files_open_files");
  }

  /** The README and docs name metrics too: each is published, as itself or as a summary's base. */
  @Test
  void everyMetricTheDocumentationNamesIsPublished() throws Exception {
    Path repo = Path.of(System.getProperty("ecsdeploy.repo.dir", "."));
    List<Path> pages = new ArrayList<>(List.of(repo.resolve("README.md")));
    try (var docs = java.nio.file.Files.list(repo.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    Set<String> named = new TreeSet<>();
    for (Path page : pages) {
      Matcher metric = DOCUMENTED_METRIC.matcher(java.nio.file.Files.readString(page));
      while (metric.find()) {
        named.add(metric.group(1));
      }
    }
    assertThat(named).as("metrics named in the docs").hasSizeGreaterThan(10);
    for (String name : named) {
      assertThat(published.stream().anyMatch(p -> p.equals(name) || p.startsWith(name + "_")))
          .as("%s, named in the docs, is published", name)
          .isTrue();
    }
  }

  /** The check is only worth having if a metric the operator does not publish is caught. */
  @Test
  void aPanelNamingAMetricTheOperatorDoesNotPublishIsCaught() throws Exception {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    JsonNode target = firstTarget(dashboard);
    ((ObjectNode) target)
        .put(
            "expr",
            target
                .path("expr")
                .asText()
                .replace(
                    "ecsdeploy_deployments_started_total", "ecsdeploy_deployments_begun_total"));

    Set<String> unknown = new TreeSet<>();
    metricsByPanel(dashboard).values().forEach(unknown::addAll);
    unknown.removeAll(published);
    assertThat(unknown).containsExactly("ecsdeploy_deployments_begun_total");
  }

  @Test
  void findsMetricNamesInPromQl() {
    assertThat(
            metricNames(
                "histogram_quantile(0.99, sum by (le, controller_name) (rate("
                    + "reconciliations_execution_duration_seconds_bucket{namespace=~\"$namespace\"}"
                    + "[$__rate_interval])))"))
        .containsExactly("reconciliations_execution_duration_seconds_bucket");
    assertThat(
            metricNames(
                "sum(increase(a_total{outcome=\"Succeeded\",x=~\"a|b\"}[$__range])) / "
                    + "sum without (instance) (increase(b_total[5m] offset 1h)) * on (job)"
                    + " group_left (team) c_info > bool 0 or vector(1)"))
        .containsExactly("a_total", "b_total", "c_info");
  }

  @Test
  void usesTheDataSourceVariableEverywhere() throws Exception {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    List<String> datasources = new ArrayList<>();
    dashboard.findParents("datasource").stream()
        .map(parent -> parent.path("datasource"))
        .filter(ds -> ds.path("type").asText().equals("prometheus"))
        .forEach(ds -> datasources.add(ds.path("uid").asText()));
    assertThat(datasources).isNotEmpty().containsOnly("${DS_PROMETHEUS}");
    assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
        .contains("DS_PROMETHEUS", "namespace");
  }

  /** Metric names per panel title (and per variable), from every query in the dashboard. */
  private static Map<String, Set<String>> metricsByPanel(JsonNode dashboard) {
    Map<String, Set<String>> used = new LinkedHashMap<>();
    for (JsonNode panel : panels(dashboard)) {
      Set<String> metrics = new TreeSet<>();
      for (JsonNode target : panel.path("targets")) {
        metrics.addAll(metricNames(target.path("expr").asText()));
      }
      if (panel.has("targets")) {
        used.put("panel \"" + panel.path("title").asText() + "\"", metrics);
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        Set<String> metrics = new TreeSet<>();
        Matcher matcher = LABEL_VALUES.matcher(variable.path("definition").asText());
        while (matcher.find()) {
          metrics.add(matcher.group(1));
        }
        used.put("variable $" + variable.path("name").asText(), metrics);
      }
    }
    return used;
  }

  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  private static JsonNode firstTarget(JsonNode dashboard) {
    return panels(dashboard).stream()
        .flatMap(
            panel ->
                java.util.stream.StreamSupport.stream(panel.path("targets").spliterator(), false))
        .filter(
            target -> target.path("expr").asText().contains("ecsdeploy_deployments_started_total"))
        .findFirst()
        .orElseThrow();
  }

  /** The metric names a PromQL expression selects. */
  static Set<String> metricNames(String expr) {
    String stripped = STRING.matcher(expr).replaceAll("\"\"");
    stripped = MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = RANGE.matcher(stripped).replaceAll(" ");
    stripped = GROUPING.matcher(stripped).replaceAll(" ");
    stripped = VARIABLE.matcher(stripped).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(stripped);
    while (identifier.find()) {
      String name = identifier.group();
      boolean call = stripped.substring(identifier.end()).matches("(?s)^\\s*\\(.*");
      boolean number = identifier.start() > 0 && isNumberPart(stripped, identifier.start());
      if (!call && !number && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  /** An identifier glued to a digit or a dot, such as the e of 1e3, is part of a number. */
  private static boolean isNumberPart(String text, int start) {
    char before = text.charAt(start - 1);
    return Character.isDigit(before) || before == '.';
  }

  /** The sample names of a Prometheus text scrape, suffixes (_total, _bucket, ...) included. */
  private static Set<String> sampleNames(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.length();
      for (char stop : new char[] {'{', ' '}) {
        int at = line.indexOf(stop);
        if (at >= 0 && at < end) {
          end = at;
        }
      }
      names.add(line.substring(0, end));
    }
    return names;
  }
}
