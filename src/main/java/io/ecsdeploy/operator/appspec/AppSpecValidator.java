package io.ecsdeploy.operator.appspec;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an AppSpec document tree against CodeDeploy's ECS rules and builds the {@link AppSpec}.
 * Text and structured revisions both end up here, so they are held to exactly the same rules. It
 * collects every problem instead of stopping at the first, so that one round trip tells the author
 * everything that is wrong.
 */
final class AppSpecValidator {
  static final String DOCUMENT = "(document)";

  private static final String ECS_SERVICE_TYPE = "AWS::ECS::Service";
  private static final Set<String> TOP_LEVEL_KEYS = Set.of("version", "Resources", "Hooks");
  private static final Set<String> TARGET_SERVICE_KEYS = Set.of("Type", "Properties");
  private static final Set<String> PROPERTY_KEYS =
      Set.of(
          "TaskDefinition",
          "LoadBalancerInfo",
          "PlatformVersion",
          "NetworkConfiguration",
          "CapacityProviderStrategy");
  private static final Set<String> LOAD_BALANCER_INFO_KEYS =
      Set.of("ContainerName", "ContainerPort");
  private static final Set<String> NETWORK_KEYS = Set.of("AwsvpcConfiguration");
  private static final Set<String> AWSVPC_KEYS =
      Set.of("Subnets", "SecurityGroups", "AssignPublicIp");
  private static final Set<String> CAPACITY_PROVIDER_KEYS =
      Set.of("Base", "CapacityProvider", "Weight");

  /** ECS limits for awsvpc configurations. */
  private static final int MAX_SUBNETS = 16;

  private static final int MAX_SECURITY_GROUPS = 5;
  private static final int MAX_CAPACITY_PROVIDER_BASE = 100_000;
  private static final int MAX_CAPACITY_PROVIDER_WEIGHT = 1_000;

  /** Lambda accepts names, partial ARNs and ARNs up to 170 characters; none contains whitespace. */
  private static final Pattern LAMBDA_FUNCTION = Pattern.compile("[A-Za-z0-9_.:$-]{1,170}");

  private static final int QUOTED_VALUE_LIMIT = 60;

  private final List<AppSpecProblem> problems = new ArrayList<>();

  private AppSpecValidator() {}

  static AppSpec validate(JsonNode document) throws AppSpecException {
    AppSpecValidator validator = new AppSpecValidator();
    AppSpec appSpec = validator.document(document);
    if (!validator.problems.isEmpty()) {
      throw new AppSpecException(validator.problems);
    }
    return appSpec;
  }

  private AppSpec document(JsonNode document) {
    if (!document.isObject()) {
      problem(
          DOCUMENT,
          "must be a mapping with version, Resources and Hooks, found " + describe(document));
      return null;
    }
    rejectUnknownKeys(document, "", TOP_LEVEL_KEYS);
    version(document.get("version"));
    EcsTargetService targetService = resources(document.get("Resources"));
    Map<AppSpecHook, String> hooks = hooks(document.get("Hooks"));
    return problems.isEmpty() ? new AppSpec("0.0", targetService, hooks) : null;
  }

  private void version(JsonNode version) {
    if (absent(version)) {
      problem("version", "is required and must be 0.0");
    } else if (!version.isValueNode() || !"0.0".equals(version.asText())) {
      problem("version", "must be 0.0, found " + describe(version));
    }
  }

  private EcsTargetService resources(JsonNode resources) {
    if (absent(resources)) {
      problem("Resources", "is required: a list with one TargetService");
      return null;
    }
    if (!resources.isArray()) {
      problem("Resources", "must be a list with one TargetService, found " + describe(resources));
      return null;
    }
    List<String> targetServicePaths = new ArrayList<>();
    EcsTargetService first = null;
    for (int i = 0; i < resources.size(); i++) {
      String path = "Resources[" + i + "]";
      JsonNode resource = resources.get(i);
      if (!resource.isObject() || resource.size() != 1) {
        problem(
            path,
            "must be a mapping with the single key TargetService, found " + describe(resource));
        continue;
      }
      String name = resource.fieldNames().next();
      if (!"TargetService".equals(name)) {
        problem(
            path + "." + quotedKey(name), "is not a resource of an ECS AppSpec; use TargetService");
        continue;
      }
      targetServicePaths.add(path);
      EcsTargetService targetService = targetService(resource.get(name), path + "." + name);
      if (targetServicePaths.size() == 1) {
        first = targetService;
      }
    }
    if (targetServicePaths.isEmpty()) {
      problem("Resources", "must contain exactly one TargetService, found none");
    } else if (targetServicePaths.size() > 1) {
      problem(
          "Resources",
          "must contain exactly one TargetService, found "
              + targetServicePaths.size()
              + " ("
              + String.join(", ", targetServicePaths)
              + ")");
    }
    return first;
  }

  private EcsTargetService targetService(JsonNode node, String path) {
    if (!mapping(node, path, TARGET_SERVICE_KEYS)) {
      return null;
    }
    String type = requiredString(node, "Type", path);
    if (type != null && !ECS_SERVICE_TYPE.equals(type)) {
      problem(
          path + ".Type", "must be " + ECS_SERVICE_TYPE + ", found " + describe(node.get("Type")));
    }
    String propertiesPath = path + ".Properties";
    JsonNode properties = node.get("Properties");
    if (absent(properties)) {
      problem(propertiesPath, "is required");
      return null;
    }
    if (!mapping(properties, propertiesPath, PROPERTY_KEYS)) {
      return null;
    }
    String taskDefinition = requiredString(properties, "TaskDefinition", propertiesPath);
    String loadBalancerPath = propertiesPath + ".LoadBalancerInfo";
    JsonNode loadBalancerInfo = properties.get("LoadBalancerInfo");
    String containerName = null;
    Integer containerPort = null;
    if (absent(loadBalancerInfo)) {
      problem(loadBalancerPath, "is required: ContainerName and ContainerPort");
    } else if (mapping(loadBalancerInfo, loadBalancerPath, LOAD_BALANCER_INFO_KEYS)) {
      containerName = requiredString(loadBalancerInfo, "ContainerName", loadBalancerPath);
      JsonNode port = loadBalancerInfo.get("ContainerPort");
      if (absent(port)) {
        problem(loadBalancerPath + ".ContainerPort", "is required");
      } else {
        containerPort = integer(port, loadBalancerPath + ".ContainerPort", 1, 65_535);
      }
    }
    String platformVersion = optionalString(properties, "PlatformVersion", propertiesPath);
    AwsVpcConfiguration network =
        networkConfiguration(
            properties.get("NetworkConfiguration"), propertiesPath + ".NetworkConfiguration");
    List<CapacityProviderStrategyItem> strategy =
        capacityProviderStrategy(
            properties.get("CapacityProviderStrategy"),
            propertiesPath + ".CapacityProviderStrategy");
    if (!problems.isEmpty()) {
      return null;
    }
    return new EcsTargetService(
        taskDefinition, containerName, containerPort, platformVersion, network, strategy);
  }

  private AwsVpcConfiguration networkConfiguration(JsonNode node, String path) {
    if (absent(node) || !mapping(node, path, NETWORK_KEYS)) {
      return null;
    }
    String awsvpcPath = path + ".AwsvpcConfiguration";
    JsonNode awsvpc = node.get("AwsvpcConfiguration");
    if (absent(awsvpc)) {
      problem(awsvpcPath, "is required inside NetworkConfiguration");
      return null;
    }
    if (!mapping(awsvpc, awsvpcPath, AWSVPC_KEYS)) {
      return null;
    }
    List<String> subnets =
        stringList(awsvpc.get("Subnets"), awsvpcPath + ".Subnets", true, MAX_SUBNETS);
    List<String> securityGroups =
        stringList(
            awsvpc.get("SecurityGroups"),
            awsvpcPath + ".SecurityGroups",
            false,
            MAX_SECURITY_GROUPS);
    AssignPublicIp assignPublicIp = null;
    JsonNode assign = awsvpc.get("AssignPublicIp");
    if (!absent(assign)) {
      if (assign.isTextual()
          && (assign.asText().equals("ENABLED") || assign.asText().equals("DISABLED"))) {
        assignPublicIp = AssignPublicIp.valueOf(assign.asText());
      } else {
        problem(
            awsvpcPath + ".AssignPublicIp",
            "must be ENABLED or DISABLED, found " + describe(assign));
      }
    }
    return new AwsVpcConfiguration(subnets, securityGroups, assignPublicIp);
  }

  private List<CapacityProviderStrategyItem> capacityProviderStrategy(JsonNode node, String path) {
    List<CapacityProviderStrategyItem> items = new ArrayList<>();
    if (absent(node)) {
      return items;
    }
    if (!node.isArray()) {
      problem(path, "must be a list of {CapacityProvider, Base, Weight}, found " + describe(node));
      return items;
    }
    int providersWithBase = 0;
    for (int i = 0; i < node.size(); i++) {
      String itemPath = path + "[" + i + "]";
      JsonNode item = node.get(i);
      if (!mapping(item, itemPath, CAPACITY_PROVIDER_KEYS)) {
        continue;
      }
      String provider = requiredString(item, "CapacityProvider", itemPath);
      Integer base =
          optionalInteger(item.get("Base"), itemPath + ".Base", MAX_CAPACITY_PROVIDER_BASE);
      Integer weight =
          optionalInteger(item.get("Weight"), itemPath + ".Weight", MAX_CAPACITY_PROVIDER_WEIGHT);
      if (provider != null && base != null && weight != null) {
        items.add(new CapacityProviderStrategyItem(provider, base, weight));
        providersWithBase += base > 0 ? 1 : 0;
      }
    }
    if (providersWithBase > 1) {
      problem(path, "only one capacity provider may have a Base greater than 0");
    }
    return items;
  }

  private Map<AppSpecHook, String> hooks(JsonNode node) {
    Map<AppSpecHook, String> hooks = new EnumMap<>(AppSpecHook.class);
    if (absent(node)) {
      return hooks;
    }
    if (!node.isArray()) {
      problem(
          "Hooks",
          "must be a list of single-key mappings such as '- BeforeInstall: MyFunction', found "
              + describe(node));
      return hooks;
    }
    Map<AppSpecHook, Integer> firstIndex = new EnumMap<>(AppSpecHook.class);
    for (int i = 0; i < node.size(); i++) {
      String path = "Hooks[" + i + "]";
      JsonNode item = node.get(i);
      if (!item.isObject() || item.size() != 1) {
        problem(path, "must be a mapping with exactly one hook name, found " + describe(item));
        continue;
      }
      String name = item.fieldNames().next();
      String namePath = path + "." + quotedKey(name);
      AppSpecHook hook = AppSpecHook.fromName(name).orElse(null);
      if (hook == null) {
        problem(
            namePath,
            "is not an ECS hook; use BeforeInstall, AfterInstall, AfterAllowTestTraffic,"
                + " BeforeAllowTraffic or AfterAllowTraffic");
        continue;
      }
      String function = requiredString(item, name, path);
      if (function == null) {
        continue;
      }
      if (!LAMBDA_FUNCTION.matcher(function).matches()) {
        problem(
            namePath,
            "must be a Lambda function name or ARN (no spaces, at most 170 characters), found "
                + describe(item.get(name)));
      } else if (firstIndex.containsKey(hook)) {
        problem(namePath, "is given more than once (first at Hooks[" + firstIndex.get(hook) + "])");
      } else {
        firstIndex.put(hook, i);
        hooks.put(hook, function);
      }
    }
    return hooks;
  }

  private boolean mapping(JsonNode node, String path, Set<String> allowedKeys) {
    if (!node.isObject()) {
      problem(path, "must be a mapping, found " + describe(node));
      return false;
    }
    rejectUnknownKeys(node, path + ".", allowedKeys);
    return true;
  }

  private void rejectUnknownKeys(JsonNode node, String prefix, Set<String> allowedKeys) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowedKeys.contains(name)) {
        problem(
            prefix + quotedKey(name),
            "is not a known key here; expected one of " + String.join(", ", sorted(allowedKeys)));
      }
    }
  }

  /** An unknown key as its location names it: cut short when long, as values are. */
  private static String quotedKey(String name) {
    return name.length() > QUOTED_VALUE_LIMIT
        ? name.substring(0, QUOTED_VALUE_LIMIT) + "..."
        : name;
  }

  private String requiredString(JsonNode parent, String key, String parentPath) {
    JsonNode value = parent.get(key);
    if (absent(value)) {
      problem(parentPath + "." + key, "is required");
      return null;
    }
    return string(value, parentPath + "." + key);
  }

  private String optionalString(JsonNode parent, String key, String parentPath) {
    JsonNode value = parent.get(key);
    return absent(value) ? null : string(value, parentPath + "." + key);
  }

  private String string(JsonNode value, String path) {
    if (!value.isTextual()) {
      problem(path, "must be a string, found " + describe(value));
      return null;
    }
    if (value.asText().isBlank()) {
      problem(path, "must not be empty");
      return null;
    }
    return value.asText();
  }

  private List<String> stringList(JsonNode node, String path, boolean required, int maxEntries) {
    List<String> values = new ArrayList<>();
    if (absent(node)) {
      if (required) {
        problem(path, "is required: a list with at least one entry");
      }
      return values;
    }
    if (!node.isArray()) {
      problem(path, "must be a list of strings, found " + describe(node));
      return values;
    }
    for (int i = 0; i < node.size(); i++) {
      String value = string(node.get(i), path + "[" + i + "]");
      if (value != null) {
        values.add(value);
      }
    }
    if (required && node.isEmpty()) {
      problem(path, "must have at least one entry");
    }
    if (node.size() > maxEntries) {
      problem(path, "must have at most " + maxEntries + " entries, found " + node.size());
    }
    return values;
  }

  private Integer optionalInteger(JsonNode node, String path, int max) {
    return absent(node) ? Integer.valueOf(0) : integer(node, path, 0, max);
  }

  private Integer integer(JsonNode node, String path, int min, int max) {
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isTextual() && node.asText().matches("-?[0-9]{1,30}")) {
      value = new BigInteger(node.asText());
    } else {
      problem(path, "must be a whole number in " + min + ".." + max + ", found " + describe(node));
      return null;
    }
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      problem(path, "must be in " + min + ".." + max + ", found " + value);
      return null;
    }
    return value.intValue();
  }

  /** YAML reads a key with nothing after it as null or as an empty string, depending on where. */
  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty());
  }

  private void problem(String location, String message) {
    problems.add(new AppSpecProblem(location, message));
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  /** A short, quoted rendering of a value for messages; long or hostile values are cut. */
  static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    String text = node.asText();
    if (text.length() > QUOTED_VALUE_LIMIT) {
      text = text.substring(0, QUOTED_VALUE_LIMIT) + "...";
    }
    return node.isTextual() ? "'" + text + "'" : text;
  }
}
