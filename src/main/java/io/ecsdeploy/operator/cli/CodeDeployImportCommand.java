package io.ecsdeploy.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code import codedeploy}: the resources for a CodeDeploy application, its deployment group and
 * configurations and a deployment, from what the AWS CLI prints about them. Reads files only; the
 * cluster is not asked and nothing is applied.
 */
@Command(
    name = "codedeploy",
    description = {
      "Resources for CodeDeploy's application, deployment configurations, deployment group and a"
          + " deployment, from the JSON that 'aws deploy get-application', 'get-deployment-config',"
          + " 'get-deployment-group' and 'get-deployment' print (FILE, or - for standard input),"
          + " written to standard output for kubectl apply -f -.",
      "Standard error says what was not carried over, which names changed, and what needs your"
          + " attention, one line each. Another compute platform than ECS, or a deployment style"
          + " other than BLUE_GREEN/WITH_TRAFFIC_CONTROL, is refused (exit code 1)."
    })
final class CodeDeployImportCommand implements Callable<Integer> {
  /** The top-level key of each command's output, and the command. */
  private static final Map<String, String> COMMANDS =
      Map.of(
          "application", "get-application",
          "deploymentGroupInfo", "get-deployment-group",
          "deploymentConfigInfo", "get-deployment-config",
          "deploymentInfo", "get-deployment");

  @ParentCommand ImportCommand parent;

  @Spec CommandSpec spec;

  @Option(
      names = "--application",
      paramLabel = "FILE",
      description = "What 'aws deploy get-application' prints: the EcsApplication.")
  String application;

  @Option(
      names = "--deployment-group",
      paramLabel = "FILE",
      description = "What 'aws deploy get-deployment-group' prints: the EcsDeploymentGroup.")
  String group;

  @Option(
      names = "--deployment-config",
      paramLabel = "FILE",
      description =
          "What 'aws deploy get-deployment-config' prints: an EcsDeploymentConfig, for a custom"
              + " configuration (the CodeDeployDefault.ECS* ones are built in). Repeatable.")
  List<String> configs = new ArrayList<>();

  @Option(
      names = "--deployment",
      paramLabel = "FILE",
      description = "What 'aws deploy get-deployment' prints: an EcsDeployment of its revision.")
  String deployment;

  @Option(
      names = "--appspec",
      paramLabel = "FILE",
      description =
          "The AppSpec of the deployment's AppSpecContent revision, whose content get-deployment"
              + " does not print: the file, or what 'aws deploy get-application-revision' prints.")
  String appSpec;

  @Option(
      names = "--target-groups",
      paramLabel = "FILE",
      description =
          "What 'aws elbv2 describe-target-groups --names TG1 TG2' prints: the ARNs of the group's"
              + " target groups, which CodeDeploy names (matched by name; two others are a new"
              + " pair, in their order); without it they are placeholders to replace.")
  String targetGroups;

  @Option(
      names = "--service-name",
      paramLabel = "SERVICE",
      description =
          "The service with the EXTERNAL deployment controller that takes over from the group's"
              + " CodeDeploy one, in the same cluster.")
  String serviceName;

  @Option(
      names = "--service-role",
      description =
          "The group's CodeDeploy service role becomes its spec.roleArn (its trust policy must let"
              + " the operator's role assume it).")
  boolean serviceRole;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "yaml (the default: one document for each resource) or json (a List).")
  OutputFormat format = OutputFormat.yaml;

  @Override
  public Integer call() {
    KubectlEcsdeploy plugin = parent.plugin;
    if (application == null && group == null && configs.isEmpty() && deployment == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give at least one of --application, --deployment-group, --deployment-config,"
              + " --deployment");
    }
    List<String> files = new ArrayList<>(configs);
    Stream.of(application, group, deployment, appSpec, targetGroups).forEach(files::add);
    if (files.stream().filter(Inputs.STDIN::equals).count() > 1) {
      throw new ParameterException(
          spec.commandLine(), "only one input can be read from standard input (-)");
    }
    CodeDeployImporter importer = new CodeDeployImporter();
    if (application != null) {
      importer.application = read(plugin, application, "application");
    }
    if (group != null) {
      importer.group = read(plugin, group, "deploymentGroupInfo");
    }
    for (String config : configs) {
      importer.configs.add(read(plugin, config, "deploymentConfigInfo"));
    }
    if (deployment != null) {
      importer.deployment = read(plugin, deployment, "deploymentInfo");
    }
    if (appSpec != null) {
      importer.appSpec = CodeDeployImporter.appSpec(Inputs.read(appSpec, plugin.in, "AppSpec"));
    }
    if (targetGroups != null) {
      importer.targetGroupArns.putAll(
          CodeDeployImporter.targetGroupArns(
              parse(Inputs.read(targetGroups, plugin.in, "target groups"), targetGroups),
              targetGroups));
    }
    importer.namespace = plugin.namespace;
    importer.serviceRole = serviceRole;
    importer.serviceName = serviceName;
    CodeDeployImporter.Result result = importer.run();
    result.notes().forEach(plugin.err::println);
    plugin.out.print(write(result.resources(), format));
    plugin.out.flush();
    return 0;
  }

  /** The resources as YAML documents, or as a JSON List. */
  static String write(List<HasMetadata> resources, OutputFormat format) {
    KubernetesSerialization serialization = Serializations.PLAIN;
    if (format == OutputFormat.json) {
      KubernetesList list = new KubernetesList();
      list.setItems(new ArrayList<>(resources));
      return format.format(serialization, list);
    }
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata resource : resources) {
      String document = serialization.asYaml(resource);
      yaml.append(document.startsWith("---\n") ? document : "---\n" + document);
    }
    return yaml.toString();
  }

  private static JsonNode read(KubectlEcsdeploy plugin, String file, String key) {
    return unwrap(parse(Inputs.read(file, plugin.in, "file"), file), key, file);
  }

  static JsonNode parse(String text, String file) {
    if (text.isBlank()) {
      throw new UserError(name(file) + " is empty; expected the JSON the AWS CLI prints");
    }
    JsonNode document;
    try {
      document = Serializations.PLAIN.unmarshal(text, JsonNode.class);
    } catch (RuntimeException e) {
      throw new UserError(name(file) + " is not the JSON the AWS CLI prints: " + e.getMessage());
    }
    if (document == null || !document.isObject()) {
      throw new UserError(name(file) + " is not the JSON object the AWS CLI prints");
    }
    return document;
  }

  /** The object under {@code key}, as the AWS CLI prints each command's answer. */
  static JsonNode unwrap(JsonNode document, String key, String file) {
    JsonNode info = document.path(key);
    if (info.isObject()) {
      return info;
    }
    StringBuilder message =
        new StringBuilder(name(file))
            .append(" is not what 'aws deploy ")
            .append(COMMANDS.get(key))
            .append("' prints ({\"")
            .append(key)
            .append("\": {...}})");
    Iterator<String> keys = document.fieldNames();
    while (keys.hasNext()) {
      String found = keys.next();
      if (COMMANDS.containsKey(found)) {
        message.append(": it is what 'aws deploy ").append(COMMANDS.get(found)).append("' prints");
        break;
      }
    }
    throw new UserError(message.toString());
  }

  private static String name(String file) {
    return Inputs.STDIN.equals(file) ? "standard input" : file;
  }
}
