package io.ecsdeploy.operator.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code helm/README.md} from the comments in {@code helm/values.yaml}, so that the values'
 * documentation lives beside the values and cannot drift from them. {@code make chart-readme}
 * regenerates it; {@link ChartFilesTest} fails when the committed file differs.
 *
 * <p>How values.yaml is read:
 *
 * <ul>
 *   <li>the comment lines right above a key (no blank line between) describe it, and so does a
 *       comment at the end of its line;
 *   <li>a key with a value on its line is one row, its default the parsed value;
 *   <li>a key whose block has no comments inside is one row too, its default the whole block (as
 *       {@code resources} or {@code livenessProbe});
 *   <li>a key whose block has comments inside is a group: a row for its own description if it has
 *       one, then a row for each documented key inside;
 *   <li>the comment block at the top of the file, up to the first blank line, introduces the table.
 * </ul>
 *
 * A row without a description is an error, so a new value cannot go undocumented.
 */
public final class ChartReadme {
  /** The chart, relative to the repository. */
  static final String CHART = "helm";

  /** Where the page lives, relative to the repository. */
  static final String OUTPUT = CHART + "/README.md";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY =
      Pattern.compile("^( *)(\"[^\"]+\"|'[^']+'|[A-Za-z0-9_./-]+):(?:\\s+(.*))?$");
  private static final Pattern COMMENT = Pattern.compile("^ *#(.*)$");

  private ChartReadme() {}

  public static void main(String[] args) throws IOException {
    Path repo = Path.of(args.length > 0 ? args[0] : ".");
    Path output = repo.resolve(OUTPUT);
    Files.writeString(output, render(repo.resolve(CHART)), StandardCharsets.UTF_8);
    System.out.println("Chart README written to " + output.toAbsolutePath().normalize());
  }

  /** One line of the table: a value's dotted path, its default (JSON) or null, its description. */
  record Row(String path, String defaultJson, String description) {}

  /** The page for the chart in {@code chart}. */
  static String render(Path chart) throws IOException {
    JsonNode meta = YAML.readTree(chart.resolve("Chart.yaml").toFile());
    String values = Files.readString(chart.resolve("values.yaml"));
    StringBuilder page = new StringBuilder();
    page.append("# ").append(meta.path("name").asText()).append(" chart\n\n");
    page.append(meta.path("description").asText())
        .append(". Chart version ")
        .append(meta.path("version").asText())
        .append(", operator version ")
        .append(meta.path("appVersion").asText())
        .append(".\n\n");
    page.append(
        "Installing it, the IAM role it needs and what it grants: the project's README, \"Install on a"
            + " cluster\". Hook functions and the hook Service: `docs/hooks.md`.\n\n");
    page.append("## Values\n\n");
    String intro = intro(values);
    if (!intro.isEmpty()) {
      page.append(intro).append("\n\n");
    }
    page.append(
        "This table is generated from the comments in `values.yaml` by `make chart-readme`; edit"
            + " those, not this file. `values.schema.json` refuses keys it does not know, so a"
            + " misspelt value fails the installation instead of being ignored.\n\n");
    page.append("| Value | Default | Description |\n|---|---|---|\n");
    for (Row row : rows(values)) {
      page.append("| `")
          .append(row.path())
          .append("` | ")
          .append(row.defaultJson() == null ? "" : "`" + cell(row.defaultJson()) + "`")
          .append(" | ")
          .append(cell(row.description()))
          .append(" |\n");
    }
    return page.toString();
  }

  /** The rows of values.yaml, in its order; fails naming every key that has no description. */
  static List<Row> rows(String valuesYaml) throws IOException {
    JsonNode defaults = YAML.readTree(valuesYaml);
    String[] lines = valuesYaml.split("\n", -1);
    List<Row> rows = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    Deque<Parent> parents = new ArrayDeque<>();
    List<String> pending = new ArrayList<>();
    int skipDeeperThan = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        pending.clear();
        continue;
      }
      int indent = indentOf(line);
      if (skipDeeperThan >= 0) {
        if (indent > skipDeeperThan || line.stripLeading().startsWith("- ")) {
          continue;
        }
        skipDeeperThan = -1;
      }
      Matcher comment = COMMENT.matcher(line);
      if (comment.matches()) {
        pending.add(comment.group(1).strip());
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (!key.matches()) {
        throw new IllegalArgumentException(
            "values.yaml line " + (i + 1) + " is not a key, a comment or part of a block: " + line);
      }
      while (!parents.isEmpty() && parents.peek().indent() >= indent) {
        parents.pop();
      }
      List<String> parts = new ArrayList<>(parents.isEmpty() ? List.of() : parents.peek().parts());
      parts.add(unquote(key.group(2)));
      String path = String.join(".", parts);
      String[] valueAndComment = splitComment(key.group(3) == null ? "" : key.group(3));
      List<String> description = new ArrayList<>(pending);
      if (!valueAndComment[1].isEmpty()) {
        description.add(valueAndComment[1]);
      }
      pending.clear();
      String text = String.join(" ", description);
      boolean block = valueAndComment[0].isEmpty();
      if (block && blockHasComments(lines, i, indent)) {
        parents.push(new Parent(indent, parts));
        if (!text.isEmpty()) {
          rows.add(new Row(path, null, text));
        }
        continue;
      }
      if (text.isEmpty()) {
        undocumented.add(path);
      }
      rows.add(new Row(path, json(defaults.at(pointer(parts))), text));
      if (block) {
        skipDeeperThan = indent;
      }
    }
    if (!undocumented.isEmpty()) {
      throw new IllegalArgumentException(
          "values.yaml: no comment describes " + String.join(", ", undocumented));
    }
    return rows;
  }

  private record Parent(int indent, List<String> parts) {}

  /** The comment lines that open the file, up to its first blank line. */
  private static String intro(String valuesYaml) {
    List<String> intro = new ArrayList<>();
    for (String line : valuesYaml.split("\n")) {
      Matcher comment = COMMENT.matcher(line);
      if (!comment.matches()) {
        break;
      }
      intro.add(comment.group(1).strip());
    }
    return String.join(" ", intro);
  }

  /** Whether the block under the key on line {@code at} holds any comment line. */
  private static boolean blockHasComments(String[] lines, int at, int indent) {
    for (int i = at + 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      boolean inside = indentOf(line) > indent || line.stripLeading().startsWith("- ");
      if (!inside) {
        return false;
      }
      if (COMMENT.matcher(line).matches()) {
        return true;
      }
    }
    return false;
  }

  /** The value part and the comment part of what follows {@code key:}, quotes respected. */
  private static String[] splitComment(String rest) {
    char quote = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(rest.charAt(i - 1)))) {
        return new String[] {rest.substring(0, i).strip(), rest.substring(i + 1).strip()};
      }
    }
    return new String[] {rest.strip(), ""};
  }

  private static int indentOf(String line) {
    int indent = 0;
    while (indent < line.length() && line.charAt(indent) == ' ') {
      indent++;
    }
    return indent;
  }

  private static String unquote(String key) {
    return key.startsWith("\"") || key.startsWith("'") ? key.substring(1, key.length() - 1) : key;
  }

  private static String pointer(List<String> parts) {
    StringBuilder pointer = new StringBuilder();
    for (String part : parts) {
      pointer.append('/').append(part.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private static String json(JsonNode value) throws JsonProcessingException {
    return value.isMissingNode() ? "null" : JSON.writeValueAsString(value);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
