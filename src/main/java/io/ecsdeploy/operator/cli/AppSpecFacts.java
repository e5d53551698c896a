package io.ecsdeploy.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsdeploy.operator.api.v1alpha1.AppSpecFields;
import io.ecsdeploy.operator.api.v1alpha1.AwsVpcConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.CapacityProviderStrategyItem;
import io.ecsdeploy.operator.api.v1alpha1.LifecycleHooks;
import io.ecsdeploy.operator.api.v1alpha1.NetworkConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.S3Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a revision says about the replacement task set, as far as the plugin can read it without
 * AWS: an inline AppSpec (YAML or JSON) or the AppSpec's fields; an AppSpec in S3 is not read.
 *
 * @param taskDefinition the task definition, as the AppSpec writes it
 * @param containerName the container that receives traffic
 * @param containerPort its port
 * @param platformVersion the Fargate platform version; null for the service's
 * @param capacityProviderStrategy the strategy's items in words; empty for the service's
 * @param network subnets, security groups and public IP in words; null for the service's
 * @param hooks hook event to Lambda function, in lifecycle order
 * @param unreadable why the revision could not be read; null when it was
 */
record AppSpecFacts(
    String taskDefinition,
    String containerName,
    Integer containerPort,
    String platformVersion,
    List<String> capacityProviderStrategy,
    String network,
    Map<String, String> hooks,
    String unreadable) {

  /** The AppSpec's hook events, in the order a deployment runs them. */
  static final List<String> HOOK_EVENTS =
      List.of(
          "BeforeInstall",
          "AfterInstall",
          "AfterAllowTestTraffic",
          "BeforeAllowTraffic",
          "AfterAllowTraffic");

  static AppSpecFacts unreadable(String why) {
    return new AppSpecFacts(null, null, null, null, List.of(), null, Map.of(), why);
  }

  boolean readable() {
    return unreadable == null;
  }

  /** The revision's facts: read from its AppSpec text or fields; an S3 revision is not read. */
  static AppSpecFacts of(Revision revision) {
    if (revision == null) {
      return unreadable("the deployment has no revision");
    }
    if (revision.appSpec != null) {
      return fromFields(revision.appSpec);
    }
    if (revision.appSpecContent != null && revision.appSpecContent.content != null) {
      return fromContent(revision.appSpecContent.content);
    }
    if (revision.s3Location != null) {
      return unreadable(
          "the AppSpec is in S3 ("
              + s3(revision.s3Location)
              + ") and the plugin makes no AWS calls");
    }
    return unreadable("the revision names no AppSpec");
  }

  /** {@code s3://bucket/key}, with its version when it names one. */
  static String s3(S3Location location) {
    return "s3://"
        + location.bucket
        + "/"
        + location.key
        + (location.version == null ? "" : " version " + location.version);
  }

  static AppSpecFacts fromFields(AppSpecFields fields) {
    Map<String, String> hooks = new LinkedHashMap<>();
    LifecycleHooks h = fields.hooks;
    if (h != null) {
      putHook(hooks, "BeforeInstall", h.beforeInstall);
      putHook(hooks, "AfterInstall", h.afterInstall);
      putHook(hooks, "AfterAllowTestTraffic", h.afterAllowTestTraffic);
      putHook(hooks, "BeforeAllowTraffic", h.beforeAllowTraffic);
      putHook(hooks, "AfterAllowTraffic", h.afterAllowTraffic);
    }
    List<String> strategy = new ArrayList<>();
    if (fields.capacityProviderStrategy != null) {
      for (CapacityProviderStrategyItem item : fields.capacityProviderStrategy) {
        strategy.add(capacityProvider(item.capacityProvider, item.weight, item.base));
      }
    }
    String network = null;
    NetworkConfiguration n = fields.networkConfiguration;
    if (n != null && n.awsvpcConfiguration != null) {
      AwsVpcConfiguration vpc = n.awsvpcConfiguration;
      network =
          network(
              vpc.subnets,
              vpc.securityGroups,
              vpc.assignPublicIp == null ? null : vpc.assignPublicIp.name());
    }
    return new AppSpecFacts(
        fields.taskDefinition,
        fields.containerName,
        fields.containerPort,
        fields.platformVersion,
        List.copyOf(strategy),
        network,
        hooks,
        null);
  }

  /** Reads an AppSpec written as YAML or JSON, as CodeDeploy's ECS AppSpec files are. */
  static AppSpecFacts fromContent(String content) {
    JsonNode document;
    try {
      document = Serializations.PLAIN.unmarshal(content, JsonNode.class);
    } catch (RuntimeException e) {
      return unreadable("the AppSpec does not parse: " + firstLine(e.getMessage()));
    }
    if (document == null || !document.isObject()) {
      return unreadable("the AppSpec is not a mapping with version, Resources and Hooks");
    }
    JsonNode properties = targetServiceProperties(document.path("Resources"));
    if (properties == null) {
      return unreadable("the AppSpec has no Resources with a TargetService");
    }
    JsonNode loadBalancer = properties.path("LoadBalancerInfo");
    List<String> strategy = new ArrayList<>();
    for (JsonNode item : properties.path("CapacityProviderStrategy")) {
      strategy.add(
          capacityProvider(
              text(item.path("CapacityProvider")),
              integer(item.path("Weight")),
              integer(item.path("Base"))));
    }
    JsonNode vpc = properties.path("NetworkConfiguration").path("AwsvpcConfiguration");
    String network =
        vpc.isObject()
            ? network(
                strings(vpc.path("Subnets")),
                strings(vpc.path("SecurityGroups")),
                text(vpc.path("AssignPublicIp")))
            : null;
    Map<String, String> hooks = new LinkedHashMap<>();
    for (JsonNode hook : document.path("Hooks")) {
      Iterator<Map.Entry<String, JsonNode>> fields = hook.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        putHook(hooks, field.getKey(), text(field.getValue()));
      }
    }
    return new AppSpecFacts(
        text(properties.path("TaskDefinition")),
        text(loadBalancer.path("ContainerName")),
        integer(loadBalancer.path("ContainerPort")),
        text(properties.path("PlatformVersion")),
        List.copyOf(strategy),
        network,
        ordered(hooks),
        null);
  }

  /** The first resource's properties: {@code Resources: [{TargetService: {Properties: ...}}]}. */
  private static JsonNode targetServiceProperties(JsonNode resources) {
    if (!resources.isArray() || resources.isEmpty() || !resources.get(0).isObject()) {
      return null;
    }
    Iterator<JsonNode> services = resources.get(0).elements();
    if (!services.hasNext()) {
      return null;
    }
    JsonNode properties = services.next().path("Properties");
    return properties.isObject() ? properties : null;
  }

  /** {@code name:port}, as the operator records the container; null when neither is known. */
  String container() {
    if (containerName == null && containerPort == null) {
      return null;
    }
    return Text.text(containerName) + ":" + Text.text(containerPort);
  }

  /** The capacity provider strategy in words, as the operator records it; null for none. */
  String strategy() {
    return capacityProviderStrategy.isEmpty() ? null : String.join(", ", capacityProviderStrategy);
  }

  /** Why {@code content} does not have the SHA-256 its revision expects, if it does not. */
  static Optional<String> sha256Mismatch(String content, String expected) {
    if (content == null || expected == null) {
      return Optional.empty();
    }
    String actual = sha256(content);
    return actual.equalsIgnoreCase(expected)
        ? Optional.empty()
        : Optional.of(
            "the AppSpec's SHA-256 is "
                + actual
                + ", not "
                + expected
                + " as spec.revision.appSpecContent.sha256 says: the deployment would fail with"
                + " INVALID_REVISION");
  }

  /** Lower-case hex SHA-256 of the text's UTF-8 bytes. */
  static String sha256(String content) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  static String capacityProvider(String provider, Integer weight, Integer base) {
    return provider
        + " (weight "
        + (weight == null ? 0 : weight)
        + ", base "
        + (base == null ? 0 : base)
        + ")";
  }

  private static String network(
      List<String> subnets, List<String> securityGroups, String assignPublicIp) {
    List<String> parts = new ArrayList<>();
    if (subnets != null && !subnets.isEmpty()) {
      parts.add("subnets " + String.join(",", subnets));
    }
    if (securityGroups != null && !securityGroups.isEmpty()) {
      parts.add("security groups " + String.join(",", securityGroups));
    }
    if (assignPublicIp != null) {
      parts.add("public IP " + assignPublicIp);
    }
    return String.join("; ", parts);
  }

  private static void putHook(Map<String, String> hooks, String event, String function) {
    if (function != null) {
      hooks.put(event, function);
    }
  }

  private static Map<String, String> ordered(Map<String, String> hooks) {
    Map<String, String> ordered = new LinkedHashMap<>();
    HOOK_EVENTS.forEach(event -> putHook(ordered, event, hooks.get(event)));
    hooks.forEach(ordered::putIfAbsent);
    return ordered;
  }

  private static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  private static Integer integer(JsonNode node) {
    return node.isNumber() || (node.isTextual() && node.asText().matches("[0-9]{1,9}"))
        ? Integer.valueOf(node.asInt())
        : null;
  }

  private static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    node.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
