package io.ecsdeploy.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's files that are made from others stay the same as their sources: helm/README.md from
 * the comments in values.yaml, helm/dashboards/ from operator/grafana/; and values.schema.json
 * closes every object it describes, so a mistyped key is refused instead of ignored.
 */
class ChartFilesTest {
  private static final Path REPO = Path.of(System.getProperty("ecsdeploy.repo.dir", "."));
  private static final Path CHART = REPO.resolve(ChartReadme.CHART);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void committedChartReadmeIsWhatValuesYamlGenerates() throws Exception {
    assertThat(Files.readString(REPO.resolve(ChartReadme.OUTPUT)))
        .as("%s is out of date: run `make chart-readme` and commit the result", ChartReadme.OUTPUT)
        .isEqualTo(ChartReadme.render(CHART));
  }

  @Test
  void chartReadmeListsEveryValueWithItsDefault() throws Exception {
    String readme = ChartReadme.render(CHART);
    assertThat(readme)
        .contains("| `replicaCount` | `1` | Pods of the operator.")
        .contains("| `hookService.port` | `8081` | Port of the hook endpoint")
        .contains("| `podDisruptionBudget.maxUnavailable` | `1` |")
        .contains("| `grafanaDashboard.labels` | `{\"grafana_dashboard\":\"1\"}` |")
        .contains("| `resources` | `{\"requests\":{\"cpu\":\"100m\",\"memory\":\"512Mi\"},")
        .contains("| `logLevel` | `\"INFO\"` | TRACE, DEBUG, INFO, WARN or ERROR. |")
        .contains("| `hookService` |  | The Service that hook functions report to");
  }

  @Test
  void aValueWithoutADescriptionIsRefusedByName() {
    String values =
        """
        # Documented.
        documented: 1
        group:
          # Documented too.
          inner: true
          silent: ""
        """;
    assertThatThrownBy(() -> ChartReadme.rows(values))
        .hasMessageContaining("group.silent")
        .hasMessageNotContaining("documented,");
  }

  @Test
  void readsDescriptionsAboveAndBesideKeysAndWholeBlocksAsOneValue() throws Exception {
    String values =
        """
        # The file's introduction.

        # Above.
        a: x   # and beside
        # A block without comments inside is one value.
        block:
          b: [1, 2]
          c:
            - d
        group:
          # Inside a group.
          e: "#not a comment"
        """;
    assertThat(ChartReadme.rows(values))
        .containsExactly(
            new ChartReadme.Row("a", "\"x\"", "Above. and beside"),
            new ChartReadme.Row(
                "block",
                "{\"b\":[1,2],\"c\":[\"d\"]}",
                "A block without comments inside is one value."),
            new ChartReadme.Row("group.e", "\"#not a comment\"", "Inside a group."));
  }

  @Test
  void chartDashboardIsTheRepositorysDashboard() throws Exception {
    assertThat(Files.readString(CHART.resolve("dashboards/ecs-deploy-operator.json")))
        .as("helm/dashboards/ differs from operator/grafana/: run `make chart-dashboard`")
        .isEqualTo(Files.readString(REPO.resolve("operator/grafana/ecs-deploy-operator.json")));
  }

  @Test
  void schemaClosesEveryObject() throws Exception {
    JsonNode schema = JSON.readTree(CHART.resolve("values.schema.json").toFile());
    List<String> open = new ArrayList<>();
    walk(schema, "", open);
    assertThat(open).as("objects in values.schema.json without additionalProperties").isEmpty();
    assertThat(schema.path("additionalProperties").isBoolean()).isTrue();
  }

  @Test
  void schemaDescribesEveryKeyOfValuesYaml() throws Exception {
    JsonNode schema = JSON.readTree(CHART.resolve("values.schema.json").toFile());
    JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
    List<String> missing = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> value = it.next();
      missing.addAll(
          undescribed(
              schema,
              resolve(schema, schema.path("properties").path(value.getKey())),
              value,
              value.getKey()));
    }
    assertThat(missing).as("values.yaml keys the schema would refuse").isEmpty();
  }

  private static List<String> undescribed(
      JsonNode root, JsonNode property, Map.Entry<String, JsonNode> value, String path) {
    if (property.isMissingNode()) {
      return List.of(path);
    }
    List<String> missing = new ArrayList<>();
    if (value.getValue().isObject() && property.has("properties")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.getValue().fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> child = it.next();
        JsonNode childProperty = resolve(root, property.path("properties").path(child.getKey()));
        missing.addAll(undescribed(root, childProperty, child, path + "." + child.getKey()));
      }
    }
    return missing;
  }

  private static JsonNode resolve(JsonNode root, JsonNode property) {
    String ref = property.path("$ref").asText();
    return ref.startsWith("#") ? root.at(ref.substring(1)) : property;
  }

  private static void walk(JsonNode node, String path, List<String> open) {
    if (node.isObject()) {
      JsonNode type = node.path("type");
      boolean object =
          type.asText().equals("object")
              || (type.isArray() && type.toString().contains("\"object\""))
              || node.has("properties");
      if (object && !node.has("additionalProperties")) {
        open.add(path.isEmpty() ? "/" : path);
      }
      node.fields().forEachRemaining(f -> walk(f.getValue(), path + "/" + f.getKey(), open));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "/" + i, open);
      }
    }
  }
}
