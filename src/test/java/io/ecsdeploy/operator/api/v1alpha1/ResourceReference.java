package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes {@code docs/reference.md}, the field reference of the four resources, from the committed
 * CRD YAML in {@code crds/}: for each kind, every spec and status field by its dotted path, with
 * its type, whether it is required, its default, its limits (enum values, ranges, lengths,
 * patterns, CEL rules) and its description. {@code make crds} regenerates it after the CRDs; {@link
 * ResourceReferenceUpToDateTest} fails when the committed file differs from what the CRDs give.
 */
public final class ResourceReference {
  /** Where the reference lives, relative to the repository. */
  static final String OUTPUT = "docs/reference.md";

  /** Where the CRDs it is generated from live, relative to the repository. */
  static final String CRD_DIR = "crds";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ResourceReference() {}

  public static void main(String[] args) throws IOException {
    Path repo = Path.of(args.length > 0 ? args[0] : ".");
    Path output = repo.resolve(OUTPUT);
    Files.createDirectories(output.getParent());
    Files.writeString(output, render(repo.resolve(CRD_DIR)), StandardCharsets.UTF_8);
    System.out.println("Resource reference written to " + output.toAbsolutePath().normalize());
  }

  /** The reference for the CRDs in {@code crdDir}, kinds in the order the resources are listed. */
  static String render(Path crdDir) throws IOException {
    List<JsonNode> crds = new ArrayList<>();
    try (Stream<Path> files = Files.list(crdDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        crds.add(YAML.readTree(file.toFile()));
      }
    }
    List<String> order = CrdGenerator.RESOURCES.stream().map(HasMetadata::getKind).toList();
    crds.sort(
        Comparator.comparingInt(
                (JsonNode crd) -> {
                  int index = order.indexOf(kind(crd));
                  return index < 0 ? order.size() : index;
                })
            .thenComparing(ResourceReference::kind));

    StringBuilder out = new StringBuilder();
    out.append("# Resource reference\n\n")
        .append("<!-- Generated from crds/ by `make crds`; do not edit by hand. -->\n\n")
        .append("Every field of the four resources, generated from the CRDs in [`crds/`](../crds/)")
        .append(" by `make crds`\n(`ResourceReferenceUpToDateTest` fails when this page and the")
        .append(
            " CRDs disagree). `kubectl explain`\nshows the same descriptions on a cluster.\n\n");
    for (JsonNode crd : crds) {
      String kind = kind(crd);
      out.append("- [").append(kind).append("](#").append(kind.toLowerCase(Locale.ROOT));
      out.append(")\n");
    }
    out.append(
        """

        How to read the tables:

        - **Field** is the path from the top of the resource; `[]` marks the items of a list and \
        `.*` the values of a map.
        - **Required** says whether the field must be set when its parent is set.
        - **Default** is filled in by the API server when the field is left out.
        - **Limits** are checked by the API server on every write (`kubectl apply` of a bad manifest fails): enum values, ranges, \
        lengths, patterns and the messages of the schema's CEL rules.
        - `duration` is a Kubernetes-style duration: whole hours, minutes and seconds such as \
        `90s`, `5m` or `1h30m` (a rule checks the pattern `%s`).
        """
            .formatted(Durations.PATTERN));
    for (JsonNode crd : crds) {
      renderKind(crd, out);
    }
    return out.toString();
  }

  private static String kind(JsonNode crd) {
    return crd.path("spec").path("names").path("kind").asText();
  }

  private static void renderKind(JsonNode crd, StringBuilder out) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    JsonNode version = spec.path("versions").path(0);
    out.append("\n## ").append(kind(crd)).append("\n\n");
    out.append("`apiVersion: ")
        .append(spec.path("group").asText())
        .append('/')
        .append(version.path("name").asText())
        .append("`, ")
        .append(spec.path("scope").asText().toLowerCase(Locale.ROOT))
        .append("; plural `")
        .append(names.path("plural").asText())
        .append('`');
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(n -> shortNames.add("`" + n.asText() + "`"));
    if (!shortNames.isEmpty()) {
      out.append(", short names ").append(String.join(", ", shortNames));
    }
    out.append(".\n");

    List<String> columns = new ArrayList<>();
    List<String> wide = new ArrayList<>();
    for (JsonNode column : version.path("additionalPrinterColumns")) {
      String name = column.path("name").asText() + " (`" + column.path("jsonPath").asText() + "`)";
      (column.path("priority").asInt() > 0 ? wide : columns).add(name);
    }
    if (!columns.isEmpty()) {
      out.append("\n`kubectl get` columns: ").append(escape(String.join(", ", columns)));
      if (!wide.isEmpty()) {
        out.append("; with `-o wide` also ").append(escape(String.join(", ", wide)));
      }
      out.append(".\n");
    }

    JsonNode schema = version.path("schema").path("openAPIV3Schema");
    List<String> rules = rules(schema);
    if (!rules.isEmpty()) {
      out.append("\nRules on the whole resource:\n\n");
      rules.forEach(rule -> out.append("- ").append(rule).append('\n'));
    }
    for (String part : List.of("spec", "status")) {
      JsonNode node = schema.path("properties").path(part);
      if (node.isMissingNode()) {
        continue;
      }
      out.append("\n### ")
          .append(part.substring(0, 1).toUpperCase(Locale.ROOT))
          .append(part.substring(1))
          .append("\n\n");
      out.append("| Field | Type | Required | Default | Limits | Description |\n");
      out.append("|---|---|---|---|---|---|\n");
      boolean required = contains(schema.path("required"), part);
      row(part, node, required, out);
      fields(part, node, out);
    }
  }

  /** One row per property of {@code node} (and of its list items or map values), depth first. */
  private static void fields(String path, JsonNode node, StringBuilder out) {
    JsonNode object = node;
    String prefix = path;
    while (object.path("type").asText().equals("array")) {
      object = object.path("items");
      prefix = prefix + "[]";
    }
    if (object.has("additionalProperties") && object.path("additionalProperties").isObject()) {
      JsonNode values = object.path("additionalProperties");
      if (values.has("properties")) {
        fields(prefix + ".*", values, out);
      }
    }
    JsonNode properties = object.path("properties");
    Set<String> required = new HashSet<>();
    object.path("required").forEach(r -> required.add(r.asText()));
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String childPath = prefix + "." + property.getKey();
      row(childPath, property.getValue(), required.contains(property.getKey()), out);
      fields(childPath, property.getValue(), out);
    }
  }

  private static void row(String path, JsonNode node, boolean required, StringBuilder out) {
    out.append("| `")
        .append(escape(path))
        .append("` | ")
        .append(escape(type(node)))
        .append(" | ")
        .append(required ? "yes" : "")
        .append(" | ")
        .append(node.has("default") ? "`" + escape(scalar(node.path("default"))) + "`" : "")
        .append(" | ")
        .append(escape(String.join("; ", limits(node))))
        .append(" | ")
        .append(escape(oneLine(node.path("description").asText(""))))
        .append(" |\n");
  }

  private static String type(JsonNode node) {
    String type = node.path("type").asText("");
    return switch (type) {
      case "array" -> "[]" + type(node.path("items"));
      case "object" ->
          node.path("additionalProperties").isObject()
              ? "map[string]" + type(node.path("additionalProperties"))
              : "object";
      case "string" -> isDuration(node) ? "duration" : type;
      case "" -> node.path("x-kubernetes-int-or-string").asBoolean() ? "int or string" : "any";
      default -> type;
    };
  }

  private static List<String> limits(JsonNode node) {
    List<String> limits = new ArrayList<>(ownLimits(node));
    JsonNode items = node.path("items");
    if (node.path("type").asText().equals("array")
        && !items.path("type").asText().equals("object")) {
      ownLimits(items).forEach(limit -> limits.add("each: " + limit));
    }
    JsonNode values = node.path("additionalProperties");
    if (values.isObject() && !values.path("type").asText().equals("object")) {
      ownLimits(values).forEach(limit -> limits.add("each value: " + limit));
    }
    limits.addAll(rules(node));
    if (!items.isMissingNode()) {
      rules(items).forEach(rule -> limits.add("each: " + rule));
    }
    return limits;
  }

  private static List<String> ownLimits(JsonNode node) {
    List<String> limits = new ArrayList<>();
    if (node.has("enum")) {
      List<String> values = new ArrayList<>();
      node.path("enum").forEach(v -> values.add("`" + scalar(v) + "`"));
      limits.add("one of " + String.join(", ", values));
    }
    range(node, "minimum", "maximum", "").ifPresent(limits::add);
    range(node, "minLength", "maxLength", "length ").ifPresent(limits::add);
    range(node, "minItems", "maxItems", "items ").ifPresent(limits::add);
    range(node, "minProperties", "maxProperties", "entries ").ifPresent(limits::add);
    if (node.has("pattern")) {
      limits.add("pattern `" + node.path("pattern").asText() + "`");
    }
    return limits;
  }

  private static java.util.Optional<String> range(
      JsonNode node, String minField, String maxField, String what) {
    String min = node.has(minField) ? number(node.path(minField)) : null;
    String max = node.has(maxField) ? number(node.path(maxField)) : null;
    if (min == null && max == null) {
      return java.util.Optional.empty();
    }
    if (min != null && max != null) {
      return java.util.Optional.of(what + min + " to " + max);
    }
    return java.util.Optional.of(what + (min != null ? "at least " + min : "at most " + max));
  }

  /** A duration field: its shape is checked by {@link Durations#WELL_FORMED}. */
  private static boolean isDuration(JsonNode node) {
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      if (Durations.WELL_FORMED.equals(rule.path("rule").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The messages of the CEL rules ({@code x-kubernetes-validations}) on {@code node}, but the
   * duration shape rule, which the type {@code duration} says.
   */
  private static List<String> rules(JsonNode node) {
    List<String> rules = new ArrayList<>();
    for (JsonNode rule : node.path("x-kubernetes-validations")) {
      if (Durations.WELL_FORMED.equals(rule.path("rule").asText())) {
        continue;
      }
      String message = rule.path("message").asText(rule.path("rule").asText());
      rules.add("rule: " + oneLine(message));
    }
    return rules;
  }

  private static String number(JsonNode value) {
    return new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
  }

  private static String scalar(JsonNode value) {
    if (value.isNumber()) {
      return number(value);
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode item : list) {
      if (item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String text) {
    return text.trim().replaceAll("\\s+", " ");
  }

  /** Markdown table cells: a pipe would end the cell, even inside code. */
  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}
