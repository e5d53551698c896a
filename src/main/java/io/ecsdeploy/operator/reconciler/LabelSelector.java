package io.ecsdeploy.operator.reconciler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The label selector an operator installation acts under ({@code ECSDEPLOY_LABEL_SELECTOR}), in
 * Kubernetes' syntax: requirements joined by commas, each {@code key}, {@code !key}, {@code
 * key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)} or {@code key notin
 * (a,b)}. The API server filters the watched groups and deployments with the text itself; this
 * class reads it once at start, to refuse what it cannot read with a clear message, to tell whether
 * a group belongs to this installation, and to give a group's deployments the labels it is selected
 * by.
 *
 * @param text the selector as written; empty selects everything
 * @param requirements what it requires, all of which must hold
 */
public record LabelSelector(String text, List<Requirement> requirements) {
  /** The selector of an operator that acts on everything. */
  public static final LabelSelector EVERYTHING = new LabelSelector("", List.of());

  private static final Pattern KEY =
      Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
  private static final Pattern SET =
      Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$", Pattern.DOTALL);

  /** How a requirement compares a label. */
  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  /** One requirement on one label key. */
  public record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  /**
   * Reads a selector; blank text selects everything.
   *
   * @throws IllegalArgumentException naming the part it cannot read
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String part : split(text.trim())) {
      requirements.add(requirement(part.trim(), text));
    }
    return new LabelSelector(text.trim(), List.copyOf(requirements));
  }

  /** Whether this selector selects everything. */
  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /** Whether resources with these labels are selected. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(r -> r.matches(present));
  }

  /**
   * The labels of {@code labels} whose keys this selector reads: copied to another resource, they
   * make it selected exactly when the first one is.
   */
  public Map<String, String> relevantLabels(Map<String, String> labels) {
    Map<String, String> relevant = new LinkedHashMap<>();
    if (labels != null) {
      for (Requirement requirement : requirements) {
        String value = labels.get(requirement.key());
        if (value != null) {
          relevant.put(requirement.key(), value);
        }
      }
    }
    return relevant;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Splits at the commas that separate requirements, not those inside {@code (a,b)}. */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static Requirement requirement(String part, String whole) {
    var set = SET.matcher(part);
    if (set.matches()) {
      Set<String> values = new LinkedHashSet<>();
      for (String value : set.group(3).split(",", -1)) {
        values.add(value(value.trim(), part, whole));
      }
      return new Requirement(
          key(set.group(1), part, whole),
          set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN,
          Set.copyOf(values));
    }
    int notEquals = part.indexOf("!=");
    if (notEquals > 0) {
      return new Requirement(
          key(part.substring(0, notEquals).trim(), part, whole),
          Operator.NOT_EQUALS,
          Set.of(value(part.substring(notEquals + 2).trim(), part, whole)));
    }
    int equals = part.indexOf('=');
    if (equals > 0) {
      int valueStart = part.startsWith("==", equals) ? equals + 2 : equals + 1;
      return new Requirement(
          key(part.substring(0, equals).trim(), part, whole),
          Operator.EQUALS,
          Set.of(value(part.substring(valueStart).trim(), part, whole)));
    }
    if (part.startsWith("!")) {
      return new Requirement(
          key(part.substring(1).trim(), part, whole), Operator.DOES_NOT_EXIST, Set.of());
    }
    return new Requirement(key(part, part, whole), Operator.EXISTS, Set.of());
  }

  private static String key(String key, String part, String whole) {
    if (!KEY.matcher(key).matches()) {
      throw unreadable(part, whole, "'" + key + "' is not a label key");
    }
    return key;
  }

  private static String value(String value, String part, String whole) {
    if (value.length() > 63 || !VALUE.matcher(value).matches()) {
      throw unreadable(part, whole, "'" + value + "' is not a label value");
    }
    return value;
  }

  private static IllegalArgumentException unreadable(String part, String whole, String why) {
    return new IllegalArgumentException(
        "label selector '"
            + whole
            + "' cannot be read at '"
            + part
            + "': "
            + why
            + " (write key=value, key!=value, key in (a,b), key notin (a,b), key or !key,"
            + " joined by commas)");
  }
}
