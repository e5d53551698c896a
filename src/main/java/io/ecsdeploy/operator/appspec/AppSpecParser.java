package io.ecsdeploy.operator.appspec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads ECS AppSpec revisions, written as YAML or JSON or given as {@link StructuredAppSpec}
 * fields, into a validated {@link AppSpec}.
 *
 * <p>Revision text comes from users and from S3 objects anyone with write access to the bucket can
 * change, so the reader treats it as hostile: the size is capped before parsing, nesting depth and
 * string lengths are capped while parsing, and YAML anchors, aliases and non-core tags are refused
 * outright (an ECS AppSpec never needs them, and Jackson would otherwise silently turn an alias
 * into its anchor's name). Duplicate keys are refused because the two YAML readers people test with
 * disagree on which one wins.
 */
public final class AppSpecParser {
  /** Largest revision accepted, in bytes; CodeDeploy's own inline limit is in this range. */
  public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

  /** An ECS AppSpec nests about eight levels deep; anything far beyond that is an attack. */
  static final int MAX_NESTING_DEPTH = 32;

  private static final int MAX_ALIASES = 10;
  private static final Set<String> CORE_TAGS =
      Set.of(
          "tag:yaml.org,2002:str",
          "tag:yaml.org,2002:int",
          "tag:yaml.org,2002:float",
          "tag:yaml.org,2002:bool",
          "tag:yaml.org,2002:null",
          "tag:yaml.org,2002:map",
          "tag:yaml.org,2002:seq");

  private static final ObjectMapper JSON = new ObjectMapper(configure(new JsonFactory()));
  private static final ObjectMapper YAML = new ObjectMapper(configure(yamlFactory()));

  private AppSpecParser() {}

  /** Parses an AppSpec given as text. */
  public static AppSpec parse(String content) throws AppSpecException {
    return parse(content.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * Parses an AppSpec given as raw bytes (UTF-8 YAML or JSON).
   *
   * @param expectedSha256 hex SHA-256 the content must have, or {@code null} to skip the check
   */
  public static AppSpec parse(byte[] content, String expectedSha256) throws AppSpecException {
    Objects.requireNonNull(content, "content");
    if (content.length > MAX_DOCUMENT_BYTES) {
      throw single(
          AppSpecValidator.DOCUMENT,
          "is " + content.length + " bytes; the limit is " + MAX_DOCUMENT_BYTES + " bytes");
    }
    if (expectedSha256 != null) {
      checkDigest(content, expectedSha256);
    }
    String text = decode(content);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw single(AppSpecValidator.DOCUMENT, "is empty; expected an AppSpec with version 0.0");
    }
    return AppSpecValidator.validate(read(text));
  }

  /** Validates an AppSpec given as fields, by the same rules as text. */
  public static AppSpec parseStructured(StructuredAppSpec fields) throws AppSpecException {
    Objects.requireNonNull(fields, "fields");
    return AppSpecValidator.validate(toDocument(fields));
  }

  /** Lower-case hex SHA-256 of {@code content}, the form revisions carry. */
  public static String sha256Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static void checkDigest(byte[] content, String expected) throws AppSpecException {
    if (!expected.matches("[0-9a-fA-F]{64}")) {
      throw single(
          "sha256", "must be 64 hexadecimal characters, found '" + shorten(expected) + "'");
    }
    String actual = sha256Hex(content);
    if (!actual.equalsIgnoreCase(expected)) {
      throw single(
          AppSpecValidator.DOCUMENT,
          "SHA-256 mismatch: content has " + actual + " but the revision expects " + expected);
    }
  }

  private static String decode(byte[] content) throws AppSpecException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw single(AppSpecValidator.DOCUMENT, "is not valid UTF-8 text");
    }
  }

  private static JsonNode read(String text) throws AppSpecException {
    boolean json = text.stripLeading().startsWith("{");
    String format = json ? "JSON" : "YAML";
    ObjectMapper mapper = json ? JSON : YAML;
    try (JsonParser parser = new RefusingParser(mapper.createParser(text))) {
      JsonNode document = mapper.readTree(parser);
      if (document == null || document.isMissingNode()) {
        throw single(AppSpecValidator.DOCUMENT, "is empty; expected an AppSpec with version 0.0");
      }
      if (parser.nextToken() != null) {
        throw single(
            where(parser.currentTokenLocation()),
            json
                ? "unexpected content after the JSON object"
                : "a second YAML document; an AppSpec is a single document");
      }
      return document;
    } catch (RefusedYamlFeature e) {
      throw single(where(e.getLocation()), e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw single(where(e.getLocation()), "is not valid " + format + ": " + summary(e));
    } catch (YAMLException e) {
      throw single(AppSpecValidator.DOCUMENT, "is not valid YAML: " + summary(e));
    } catch (IOException e) {
      throw single(AppSpecValidator.DOCUMENT, "could not be read: " + summary(e));
    }
  }

  private static ObjectNode toDocument(StructuredAppSpec fields) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode properties = nodes.objectNode();
    putIfPresent(properties, "TaskDefinition", fields.taskDefinition());
    if (fields.containerName() != null || fields.containerPort() != null) {
      ObjectNode loadBalancerInfo = properties.putObject("LoadBalancerInfo");
      putIfPresent(loadBalancerInfo, "ContainerName", fields.containerName());
      if (fields.containerPort() != null) {
        loadBalancerInfo.put("ContainerPort", fields.containerPort());
      }
    }
    putIfPresent(properties, "PlatformVersion", fields.platformVersion());
    if (fields.subnets() != null
        || fields.securityGroups() != null
        || fields.assignPublicIp() != null) {
      ObjectNode awsvpc =
          properties.putObject("NetworkConfiguration").putObject("AwsvpcConfiguration");
      putStrings(awsvpc, "Subnets", fields.subnets());
      putStrings(awsvpc, "SecurityGroups", fields.securityGroups());
      putIfPresent(awsvpc, "AssignPublicIp", fields.assignPublicIp());
    }
    if (fields.capacityProviderStrategy() != null) {
      ArrayNode strategy = properties.putArray("CapacityProviderStrategy");
      for (StructuredAppSpec.CapacityProvider item : fields.capacityProviderStrategy()) {
        ObjectNode entry = strategy.addObject();
        putIfPresent(entry, "CapacityProvider", item.capacityProvider());
        if (item.base() != null) {
          entry.put("Base", item.base());
        }
        if (item.weight() != null) {
          entry.put("Weight", item.weight());
        }
      }
    }
    ObjectNode document = nodes.objectNode();
    document.put("version", "0.0");
    ObjectNode targetService =
        document.putArray("Resources").addObject().putObject("TargetService");
    targetService.put("Type", "AWS::ECS::Service");
    targetService.set("Properties", properties);
    if (fields.hooks() != null) {
      ArrayNode hooks = document.putArray("Hooks");
      for (Map.Entry<String, String> hook : fields.hooks().entrySet()) {
        hooks.addObject().put(hook.getKey(), hook.getValue());
      }
    }
    return document;
  }

  private static void putIfPresent(ObjectNode node, String key, String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void putStrings(ObjectNode node, String key, List<String> values) {
    if (values != null) {
      ArrayNode array = node.putArray(key);
      values.forEach(array::add);
    }
  }

  private static <F extends JsonFactory> F configure(F factory) {
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_DOCUMENT_BYTES)
            .maxNameLength(1024)
            .maxNumberLength(100)
            .maxDocumentLength(MAX_DOCUMENT_BYTES * 4L)
            .build());
    factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    return factory;
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setCodePointLimit(MAX_DOCUMENT_BYTES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  private static AppSpecException single(String location, String message) {
    return new AppSpecException(List.of(new AppSpecProblem(location, message)));
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? AppSpecValidator.DOCUMENT
        : "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * The parser's own words without the source excerpts and caret lines SnakeYAML adds, which would
   * echo attacker-controlled text into status messages.
   */
  private static String summary(Exception e) {
    String message =
        e instanceof JsonProcessingException processing
            ? processing.getOriginalMessage()
            : e.getMessage();
    return shorten(
        String.valueOf(message)
            .lines()
            .filter(line -> !line.isBlank() && !line.startsWith("    "))
            .filter(line -> !line.strip().startsWith("in 'reader'"))
            .map(String::strip)
            .collect(Collectors.joining(": "))
            .replaceAll(", from `[^`]*`\\)", ")"));
  }

  private static String shorten(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static final class RefusedYamlFeature extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    RefusedYamlFeature(String message, JsonLocation location) {
      super(message, location);
    }
  }

  /**
   * Refuses YAML features an AppSpec never needs while the tree is being built, so that the refusal
   * carries the line and column where the feature appears.
   */
  private static final class RefusingParser extends JsonParserDelegate {
    RefusingParser(JsonParser delegate) {
      super(delegate);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = super.nextToken();
      if (delegate instanceof YAMLParser yaml && token != null) {
        if (yaml.isCurrentAlias() || yaml.getObjectId() != null) {
          throw new RefusedYamlFeature(
              "YAML anchors and aliases are not supported in an AppSpec",
              yaml.currentTokenLocation());
        }
        String tag = yaml.getTypeId();
        if (tag != null && !CORE_TAGS.contains(tag)) {
          throw new RefusedYamlFeature(
              "YAML tag '" + tag + "' is not supported in an AppSpec", yaml.currentTokenLocation());
        }
      }
      return token;
    }

    @Override
    public String nextFieldName() throws IOException {
      return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }
  }
}
