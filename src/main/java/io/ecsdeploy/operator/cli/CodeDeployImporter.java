package io.ecsdeploy.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecsdeploy.operator.api.v1alpha1.AlarmConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.AppSpecContent;
import io.ecsdeploy.operator.api.v1alpha1.ArnPatterns;
import io.ecsdeploy.operator.api.v1alpha1.AutoRollbackConfiguration;
import io.ecsdeploy.operator.api.v1alpha1.BlueGreenOptions;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentOverrides;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentReady;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplicationSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfigSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsServiceRef;
import io.ecsdeploy.operator.api.v1alpha1.LoadBalancerInfo;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.api.v1alpha1.S3Location;
import io.ecsdeploy.operator.api.v1alpha1.TargetGroupRef;
import io.ecsdeploy.operator.api.v1alpha1.TerminateOriginal;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.api.v1alpha1.Trigger;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CodeDeploy's application, deployment configurations, deployment group and deployment, as the AWS
 * CLI prints them ({@code aws deploy get-application}, {@code get-deployment-config}, {@code
 * get-deployment-group}, {@code get-deployment}), turned into the operator's resources field by
 * field as docs/migrating-from-codedeploy.md maps them. What has no counterpart is reported, one
 * line each; what cannot be an ECS blue/green deployment at all (another compute platform, an
 * in-place deployment style) is refused. A pure function of its inputs: no AWS calls.
 */
final class CodeDeployImporter {
  /** The id part of a target group ARN made from a name only; no real target group has it. */
  static final String PLACEHOLDER_ID = "0000000000000000";

  private static final int MAX_NAME = 253;
  private static final int MAX_DESCRIPTION = 1024;
  private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");
  private static final String DOCS = "docs/migrating-from-codedeploy.md";

  /** The resources, in the order to apply them, and the lines for standard error. */
  record Result(List<HasMetadata> resources, List<String> notes) {}

  /** {@code aws deploy get-application}'s {@code application}; null when not given. */
  JsonNode application;

  /** {@code aws deploy get-deployment-group}'s {@code deploymentGroupInfo}; null when not given. */
  JsonNode group;

  /** Each {@code aws deploy get-deployment-config}'s {@code deploymentConfigInfo}. */
  final List<JsonNode> configs = new ArrayList<>();

  /** {@code aws deploy get-deployment}'s {@code deploymentInfo}; null when not given. */
  JsonNode deployment;

  /** The deployment's AppSpec, which GetDeployment does not return; null when not given. */
  String appSpec;

  /** Target group names to ARNs ({@code aws elbv2 describe-target-groups}). */
  final Map<String, String> targetGroupArns = new LinkedHashMap<>();

  /** The namespace written into the manifests; null to leave it to {@code kubectl apply -n}. */
  String namespace;

  /** The EXTERNAL service that takes over from CodeDeploy's; null to keep the group's. */
  String serviceName;

  /** Whether the group's CodeDeploy service role becomes its {@code spec.roleArn}. */
  boolean serviceRole;

  private final Set<String> notes = new LinkedHashSet<>();
  private final Set<String> regions = new LinkedHashSet<>();

  /** The resources for what was given; throws {@link UserError} for what cannot be imported. */
  Result run() {
    if (application == null && group == null && configs.isEmpty() && deployment == null) {
      throw new UserError("nothing to import: give at least one of the inputs");
    }
    checkBelonging();
    List<HasMetadata> resources = new ArrayList<>();
    EcsApplication app = application == null ? null : application();
    if (app != null) {
      resources.add(app);
    }
    for (JsonNode config : configs) {
      EcsDeploymentConfig imported = config(config);
      if (imported != null) {
        resources.add(imported);
      }
    }
    EcsDeploymentGroup importedGroup = group == null ? null : group();
    if (importedGroup != null) {
      resources.add(importedGroup);
    }
    if (deployment != null) {
      resources.add(deployment());
    } else if (appSpec != null) {
      notes.add(
          "not carried over: --appspec: it is the revision of a deployment; give --deployment");
    }
    String region = region();
    if (region != null) {
      if (app != null) {
        app.getSpec().region = region;
      } else if (importedGroup != null) {
        importedGroup.getSpec().region = region;
      }
    }
    if (namespace != null) {
      resources.forEach(r -> r.getMetadata().setNamespace(namespace));
    }
    return new Result(List.copyOf(resources), List.copyOf(notes));
  }

  // --- the four kinds ---

  private EcsApplication application() {
    String cdName = required(application, "applicationName", "the application");
    platform(application, "application " + cdName);
    EcsApplication app = new EcsApplication();
    app.getMetadata().setName(name("application " + cdName, cdName));
    app.setSpec(new EcsApplicationSpec());
    if (application.path("linkedToGitHub").asBoolean(false)) {
      notCarried(
          "application " + cdName,
          "linkedToGitHub",
          "GitHub revisions are for EC2/on-premises deployments");
    }
    return app;
  }

  /** The configuration's resource; null for a built-in one, which needs none. */
  private EcsDeploymentConfig config(JsonNode info) {
    String cdName = required(info, "deploymentConfigName", "the deployment configuration");
    String subject = "deployment configuration " + cdName;
    platform(info, subject);
    if (TrafficTimeline.isBuiltIn(cdName)) {
      notes.add("note: " + subject + " is built in; no EcsDeploymentConfig needed");
      return null;
    }
    if (cdName.startsWith("CodeDeployDefault.")) {
      throw new UserError(subject + " is not one of the five CodeDeployDefault.ECS* ones");
    }
    JsonNode routingConfig = info.path("trafficRoutingConfig");
    if (!routingConfig.isObject()) {
      throw new UserError(subject + " has no trafficRoutingConfig");
    }
    String type = routingConfig.path("type").asText("");
    TrafficRouting routing =
        switch (type) {
          case "AllAtOnce" -> TrafficTimeline.allAtOnce();
          case "TimeBasedCanary" ->
              TrafficTimeline.canary(
                  routingConfig.path("timeBasedCanary").path("canaryPercentage").asInt(),
                  minutes(routingConfig.path("timeBasedCanary").path("canaryInterval")));
          case "TimeBasedLinear" ->
              TrafficTimeline.linear(
                  routingConfig.path("timeBasedLinear").path("linearPercentage").asInt(),
                  minutes(routingConfig.path("timeBasedLinear").path("linearInterval")));
          default ->
              throw new UserError(
                  subject + " has traffic routing type '" + type + "', which is not CodeDeploy's");
        };
    for (String field : List.of("minimumHealthyHosts", "zonalConfig")) {
      if (present(info.path(field))) {
        notCarried(subject, field, "EC2/on-premises deployments only");
      }
    }
    EcsDeploymentConfig config = new EcsDeploymentConfig();
    config.getMetadata().setName(name(subject, cdName));
    config.setSpec(new EcsDeploymentConfigSpec());
    config.getSpec().trafficRouting = routing;
    return config;
  }

  private EcsDeploymentGroup group() {
    String cdName = required(group, "deploymentGroupName", "the deployment group");
    String subject = "deployment group " + cdName;
    platform(group, subject);
    style(group, subject);
    EcsDeploymentGroupSpec spec = new EcsDeploymentGroupSpec();
    String applicationName = required(group, "applicationName", subject);
    spec.applicationName = name("application " + applicationName, applicationName);
    if (application == null) {
      notes.add(
          "note: "
              + subject
              + " belongs to EcsApplication "
              + spec.applicationName
              + ": import it too (--application) or create it");
    }
    spec.service = service(subject);
    spec.loadBalancer = loadBalancer(subject);
    spec.deploymentConfigName = configReference(subject, group.path("deploymentConfigName"), true);
    spec.blueGreen = blueGreen(subject, group.path("blueGreenDeploymentConfiguration"));
    spec.alarmConfiguration = alarms(group.path("alarmConfiguration"), false);
    spec.autoRollback = autoRollback(group.path("autoRollbackConfiguration"));
    spec.triggers = triggers(subject);
    String role = text(group.path("serviceRoleArn"));
    if (role != null) {
      if (serviceRole && Pattern.matches(ArnPatterns.IAM_ROLE, role)) {
        spec.roleArn = role;
        notes.add(
            "note: "
                + subject
                + ": spec.roleArn is the CodeDeploy service role "
                + role
                + "; its trust policy must let the operator's role assume it ("
                + DOCS
                + ")");
      } else {
        notCarried(
            subject,
            "serviceRoleArn (" + role + ")",
            "the operator acts with its own credentials; --service-role makes it spec.roleArn, once"
                + " its trust policy lets the operator's role assume it");
      }
    }
    notCarriedIfPresent(subject, group, "ec2TagFilters", "EC2/on-premises deployments only");
    notCarriedIfPresent(subject, group, "ec2TagSet", "EC2/on-premises deployments only");
    notCarriedIfPresent(
        subject, group, "onPremisesInstanceTagFilters", "EC2/on-premises deployments only");
    notCarriedIfPresent(subject, group, "onPremisesTagSet", "EC2/on-premises deployments only");
    notCarriedIfPresent(subject, group, "autoScalingGroups", "EC2/on-premises deployments only");
    notCarriedIfPresent(
        subject, group, "outdatedInstancesStrategy", "EC2/on-premises deployments only");
    if (group.path("terminationHookEnabled").asBoolean(false)) {
      notCarried(subject, "terminationHookEnabled", "Auto Scaling groups only");
    }
    EcsDeploymentGroup resource = new EcsDeploymentGroup();
    resource.getMetadata().setName(name(subject, cdName));
    resource.setSpec(spec);
    notes.add(
        "note: "
            + subject
            + ": the service "
            + spec.service.clusterName
            + "/"
            + spec.service.serviceName
            + " must use the EXTERNAL deployment controller, not CodeDeploy's ("
            + DOCS
            + "#moving-the-service-to-the-external-deployment-controller)");
    return resource;
  }

  private EcsDeployment deployment() {
    String id = required(deployment, "deploymentId", "the deployment");
    String subject = "deployment " + id;
    platform(deployment, subject);
    style(deployment, subject);
    EcsDeploymentSpec spec = new EcsDeploymentSpec();
    String groupName = required(deployment, "deploymentGroupName", subject);
    spec.deploymentGroupName = name("deployment group " + groupName, groupName);
    spec.revision = revision(subject, deployment.path("revision"));
    String description = text(deployment.path("description"));
    if (description != null && !description.isEmpty()) {
      if (description.length() > MAX_DESCRIPTION) {
        notes.add(
            "note: " + subject + ": description shortened to " + MAX_DESCRIPTION + " characters");
        description = description.substring(0, MAX_DESCRIPTION);
      }
      spec.description = description;
    }
    spec.overrides = overrides(subject);
    if (deployment.path("ignoreApplicationStopFailures").asBoolean(false)) {
      notCarried(subject, "ignoreApplicationStopFailures", "EC2/on-premises deployments only");
    }
    if (deployment.path("updateOutdatedInstancesOnly").asBoolean(false)) {
      notCarried(subject, "updateOutdatedInstancesOnly", "EC2/on-premises deployments only");
    }
    notCarriedIfPresent(subject, deployment, "targetInstances", "EC2/on-premises deployments only");
    notCarriedIfPresent(
        subject, deployment, "fileExistsBehavior", "EC2/on-premises deployments only");
    EcsDeployment resource = new EcsDeployment();
    resource.getMetadata().setName(name(subject, id));
    resource.setSpec(spec);
    return resource;
  }

  // --- the group's parts ---

  private EcsServiceRef service(String subject) {
    JsonNode services = group.path("ecsServices");
    if (!services.isArray() || services.isEmpty()) {
      throw new UserError(subject + " names no ECS service (ecsServices)");
    }
    if (services.size() > 1) {
      notCarried(subject, "ecsServices[1..]", "a deployment group deploys to one service");
    }
    EcsServiceRef service = new EcsServiceRef();
    service.clusterName = required(services.get(0), "clusterName", subject + "'s ECS service");
    service.serviceName = required(services.get(0), "serviceName", subject + "'s ECS service");
    if (serviceName != null && !Pattern.matches("^[A-Za-z0-9_-]{1,255}$", serviceName)) {
      throw new UserError("--service-name " + serviceName + " is not an ECS service name");
    }
    if (serviceName != null && !serviceName.equals(service.serviceName)) {
      notes.add(
          "note: "
              + subject
              + ": the service is "
              + serviceName
              + " (--service-name), not CodeDeploy's "
              + service.serviceName);
      service.serviceName = serviceName;
    }
    return service;
  }

  private LoadBalancerInfo loadBalancer(String subject) {
    JsonNode info = group.path("loadBalancerInfo");
    JsonNode pairs = info.path("targetGroupPairInfoList");
    if (!pairs.isArray() || pairs.isEmpty()) {
      throw new UserError(
          subject
              + " has no loadBalancerInfo.targetGroupPairInfoList: an ECS blue/green group needs"
              + " a target group pair and a production listener");
    }
    if (pairs.size() > 1) {
      notCarried(
          subject,
          "loadBalancerInfo.targetGroupPairInfoList[1..]",
          "a group has one target group pair");
    }
    notCarriedIfPresent(
        subject, info, "elbInfoList", "Classic Load Balancers serve EC2 deployments only");
    notCarriedIfPresent(
        subject, info, "targetGroupInfoList", "in-place and EC2 blue/green deployments only");
    JsonNode pair = pairs.get(0);
    JsonNode prodListeners = pair.path("prodTrafficRoute").path("listenerArns");
    if (!prodListeners.isArray() || prodListeners.isEmpty()) {
      throw new UserError(subject + " has no production listener (prodTrafficRoute.listenerArns)");
    }
    LoadBalancerInfo loadBalancer = new LoadBalancerInfo();
    loadBalancer.productionRoute = route(subject, "prodTrafficRoute", prodListeners);
    JsonNode testListeners = pair.path("testTrafficRoute").path("listenerArns");
    if (testListeners.isArray() && !testListeners.isEmpty()) {
      loadBalancer.testRoute = route(subject, "testTrafficRoute", testListeners);
    }
    JsonNode targetGroups = pair.path("targetGroups");
    if (!targetGroups.isArray() || targetGroups.size() != 2) {
      throw new UserError(
          subject
              + " has "
              + (targetGroups.isArray() ? targetGroups.size() : 0)
              + " target groups in its pair; ECS blue/green takes exactly two");
    }
    String listener = loadBalancer.productionRoute.listenerArn;
    loadBalancer.targetGroups = new ArrayList<>();
    List<String> names = new ArrayList<>();
    targetGroups.forEach(t -> names.add(required(t, "name", subject + "'s target group")));
    boolean newPair =
        targetGroupArns.size() == 2 && names.stream().noneMatch(targetGroupArns::containsKey);
    if (newPair) {
      notes.add(
          "note: "
              + subject
              + ": target groups "
              + String.join(", ", names)
              + " replaced by "
              + String.join(", ", targetGroupArns.keySet())
              + " of --target-groups, a new pair for the EXTERNAL service");
    }
    List<String> placeholders = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String tgName = names.get(i);
      TargetGroupRef ref = new TargetGroupRef();
      ref.arn =
          newPair
              ? targetGroupArn(subject, List.copyOf(targetGroupArns.keySet()).get(i), listener)
              : targetGroupArn(subject, tgName, listener);
      if (ref.arn.endsWith("/" + PLACEHOLDER_ID)) {
        placeholders.add(tgName);
      }
      loadBalancer.targetGroups.add(ref);
    }
    if (!placeholders.isEmpty()) {
      notes.add(
          "placeholder: "
              + subject
              + ": target groups "
              + String.join(", ", placeholders)
              + " have made-up ARNs ending in /"
              + PLACEHOLDER_ID
              + " (CodeDeploy names target groups, the operator takes ARNs): replace them, or pass"
              + " --target-groups with what 'aws elbv2 describe-target-groups --names "
              + String.join(" ", placeholders)
              + "' prints");
    }
    return loadBalancer;
  }

  private TrafficRoute route(String subject, String field, JsonNode listenerArns) {
    String arn = listenerArns.get(0).asText();
    if (!Pattern.matches(ArnPatterns.LISTENER, arn)) {
      throw new UserError(subject + ": " + field + " " + arn + " is not a listener ARN");
    }
    if (listenerArns.size() > 1) {
      notCarried(subject, field + ".listenerArns[1..]", "a route has one listener");
    }
    region(arn);
    TrafficRoute route = new TrafficRoute();
    route.listenerArn = arn;
    return route;
  }

  /**
   * The target group's ARN: from {@code describe-target-groups} when it was given, else a
   * placeholder in the production listener's partition, region and account that no target group
   * has, for the user to replace (the schema takes ARNs only; CodeDeploy keeps names).
   */
  private String targetGroupArn(String subject, String tgName, String listenerArn) {
    String known = targetGroupArns.get(tgName);
    if (known != null) {
      if (!Pattern.matches(ArnPatterns.TARGET_GROUP, known)) {
        throw new UserError("target group " + tgName + ": " + known + " is not a target group ARN");
      }
      region(known);
      return known;
    }
    String[] parts = listenerArn.split(":", 6);
    String placeholder =
        String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4])
            + ":targetgroup/"
            + tgName
            + "/"
            + PLACEHOLDER_ID;
    if (!Pattern.matches(ArnPatterns.TARGET_GROUP, placeholder)) {
      throw new UserError(subject + ": " + tgName + " is not a target group name");
    }
    return placeholder;
  }

  /**
   * The name of a configuration the group or deployment uses: a built-in one as it is, a custom one
   * as its resource's name. Refuses the other platforms' built-in configurations.
   */
  private String configReference(String subject, JsonNode field, boolean fromGroup) {
    String cdName = text(field);
    if (cdName == null) {
      return null;
    }
    if (TrafficTimeline.isBuiltIn(cdName)) {
      return cdName;
    }
    if (cdName.startsWith("CodeDeployDefault.")) {
      throw new UserError(
          subject + " uses " + cdName + ", which is not one of the five CodeDeployDefault.ECS*");
    }
    String name = name("deployment configuration " + cdName, cdName);
    boolean imported =
        configs.stream().anyMatch(c -> cdName.equals(text(c.path("deploymentConfigName"))));
    if (!imported && fromGroup) {
      notes.add(
          "note: "
              + subject
              + " uses the custom configuration "
              + cdName
              + ": import it too with --deployment-config (aws deploy get-deployment-config"
              + " --deployment-config-name "
              + cdName
              + ")");
    }
    return name;
  }

  private BlueGreenOptions blueGreen(String subject, JsonNode config) {
    if (!config.isObject()) {
      return null;
    }
    BlueGreenOptions blueGreen = new BlueGreenOptions();
    JsonNode ready = config.path("deploymentReadyOption");
    if (ready.isObject()) {
      blueGreen.deploymentReady = new DeploymentReady();
      String action = text(ready.path("actionOnTimeout"));
      if (action != null) {
        blueGreen.deploymentReady.actionOnTimeout =
            enumValue(DeploymentReadyAction.class, action, subject, "actionOnTimeout");
      }
      if (present(ready.path("waitTimeInMinutes"))) {
        blueGreen.deploymentReady.wait = minutes(ready.path("waitTimeInMinutes"));
      }
    }
    JsonNode terminate = config.path("terminateBlueInstancesOnDeploymentSuccess");
    if (terminate.isObject()) {
      blueGreen.terminateOriginal = new TerminateOriginal();
      String action = text(terminate.path("action"));
      if (action != null) {
        blueGreen.terminateOriginal.action =
            enumValue(TerminationAction.class, action, subject, "terminateBlue.action");
      }
      if (present(terminate.path("terminationWaitTimeInMinutes"))) {
        blueGreen.terminateOriginal.wait = minutes(terminate.path("terminationWaitTimeInMinutes"));
      }
    }
    if (present(config.path("greenFleetProvisioningOption"))) {
      notCarried(
          subject,
          "blueGreenDeploymentConfiguration.greenFleetProvisioningOption",
          "EC2 blue/green deployments only");
    }
    return blueGreen.deploymentReady == null && blueGreen.terminateOriginal == null
        ? null
        : blueGreen;
  }

  /** The alarms; none for a disabled configuration without alarms, unless it overrides. */
  private static AlarmConfiguration alarms(JsonNode config, boolean override) {
    if (!config.isObject()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    config.path("alarms").forEach(alarm -> names.add(alarm.path("name").asText()));
    boolean enabled = config.path("enabled").asBoolean(false);
    if (!override && !enabled && names.isEmpty()) {
      return null;
    }
    AlarmConfiguration alarms = new AlarmConfiguration();
    alarms.enabled = enabled;
    alarms.ignorePollAlarmFailure = config.path("ignorePollAlarmFailure").asBoolean(false);
    alarms.alarms = names.isEmpty() ? null : names;
    return alarms;
  }

  private AutoRollbackConfiguration autoRollback(JsonNode config) {
    if (!config.isObject()) {
      return null;
    }
    AutoRollbackConfiguration rollback = new AutoRollbackConfiguration();
    rollback.enabled = config.path("enabled").asBoolean(false);
    List<AutoRollbackEvent> events = new ArrayList<>();
    for (JsonNode event : config.path("events")) {
      events.add(enumValue(AutoRollbackEvent.class, event.asText(), "auto rollback", "events"));
    }
    rollback.events = events.isEmpty() ? null : events;
    return rollback;
  }

  private List<Trigger> triggers(String subject) {
    List<Trigger> triggers = new ArrayList<>();
    for (JsonNode config : group.path("triggerConfigurations")) {
      String triggerName = text(config.path("triggerName"));
      String target = text(config.path("triggerTargetArn"));
      String where = subject + ": trigger " + triggerName;
      if (target == null || !Pattern.matches(ArnPatterns.SNS_TOPIC, target)) {
        notCarried(where, "triggerTargetArn (" + target + ")", "not an SNS topic ARN");
        continue;
      }
      List<TriggerEvent> events = new ArrayList<>();
      List<String> instanceEvents = new ArrayList<>();
      for (JsonNode event : config.path("triggerEvents")) {
        String value = event.asText();
        if (isEnum(TriggerEvent.class, value)) {
          events.add(TriggerEvent.valueOf(value));
        } else {
          instanceEvents.add(value);
        }
      }
      if (!instanceEvents.isEmpty()) {
        notCarried(
            where,
            "triggerEvents " + String.join(", ", instanceEvents),
            "instance events do not apply to ECS");
      }
      if (events.isEmpty()) {
        notCarried(where, "the trigger", "none of its events applies to ECS");
        continue;
      }
      region(target);
      Trigger trigger = new Trigger();
      trigger.name = triggerName;
      trigger.targetArn = target;
      trigger.events = events;
      triggers.add(trigger);
    }
    return triggers.isEmpty() ? null : triggers;
  }

  // --- the deployment's parts ---

  private Revision revision(String subject, JsonNode revision) {
    String type = text(revision.path("revisionType"));
    if (type == null) {
      throw new UserError(subject + " has no revision");
    }
    Revision result = new Revision();
    switch (type) {
      case "AppSpecContent", "String" -> {
        JsonNode content =
            revision.path("AppSpecContent".equals(type) ? "appSpecContent" : "string");
        String sha256 = text(content.path("sha256"));
        String text = text(content.path("content"));
        if (text == null && appSpec == null) {
          throw new UserError(
              subject
                  + "'s revision is an AppSpec whose content GetDeployment does not return (only"
                  + " its sha256): give the AppSpec with --appspec FILE, e.g. what 'aws deploy"
                  + " get-application-revision --application-name "
                  + text(deployment.path("applicationName"))
                  + " --revision revisionType=AppSpecContent,appSpecContent={sha256="
                  + sha256
                  + "}' prints");
        }
        if (text == null) {
          text = appSpec;
          if (sha256 != null && !AppSpecFacts.sha256(text).equalsIgnoreCase(sha256)) {
            throw new UserError(
                "the AppSpec given with --appspec has SHA-256 "
                    + AppSpecFacts.sha256(text)
                    + ", not "
                    + sha256
                    + " as "
                    + subject
                    + "'s revision: it is another revision");
          }
        } else if (appSpec != null) {
          notCarried("--appspec", "the AppSpec given", subject + "'s revision has its content");
        }
        result.appSpecContent = new AppSpecContent();
        result.appSpecContent.content = text;
        if (sha256 != null && SHA256.matcher(sha256).matches()) {
          result.appSpecContent.sha256 = sha256.toLowerCase(Locale.ROOT);
        } else if (sha256 != null) {
          notCarried(subject, "revision sha256 (" + sha256 + ")", "not 64 hexadecimal digits");
        }
      }
      case "S3" -> {
        JsonNode s3 = revision.path("s3Location");
        result.s3Location = new S3Location();
        result.s3Location.bucket = required(s3, "bucket", subject + "'s S3 revision");
        result.s3Location.key = required(s3, "key", subject + "'s S3 revision");
        result.s3Location.version = text(s3.path("version"));
        result.s3Location.eTag = text(s3.path("eTag"));
        String bundleType = text(s3.path("bundleType"));
        if (bundleType != null && !List.of("YAML", "JSON").contains(bundleType)) {
          notCarried(
              subject,
              "revision s3Location.bundleType (" + bundleType + ")",
              "the operator reads the S3 object as a YAML or JSON AppSpec");
        }
        if (appSpec != null) {
          notCarried("--appspec", "the AppSpec given", subject + "'s revision is in S3");
        }
      }
      default ->
          throw new UserError(
              subject + "'s revision is of type " + type + "; ECS deployments take an AppSpec");
    }
    return result;
  }

  /**
   * What the deployment did differently from its group: another configuration, another automatic
   * rollback, alarms of its own. Without the group, its configuration and rollback as they were.
   */
  private DeploymentOverrides overrides(String subject) {
    DeploymentOverrides overrides = new DeploymentOverrides();
    JsonNode config = deployment.path("deploymentConfigName");
    if (present(config) && (group == null || !config.equals(group.path("deploymentConfigName")))) {
      overrides.deploymentConfigName = configReference(subject, config, true);
    }
    JsonNode rollback = deployment.path("autoRollbackConfiguration");
    if (rollback.isObject()
        && (group == null || !sameRollback(rollback, group.path("autoRollbackConfiguration")))) {
      overrides.autoRollback = autoRollback(rollback);
    }
    overrides.alarmConfiguration = alarms(deployment.path("overrideAlarmConfiguration"), true);
    return overrides.deploymentConfigName == null
            && overrides.autoRollback == null
            && overrides.alarmConfiguration == null
        ? null
        : overrides;
  }

  private static boolean sameRollback(JsonNode a, JsonNode b) {
    if (!b.isObject()) {
      return !a.path("enabled").asBoolean(false);
    }
    return a.path("enabled").asBoolean(false) == b.path("enabled").asBoolean(false)
        && events(a).equals(events(b));
  }

  private static Set<String> events(JsonNode rollback) {
    Set<String> events = new java.util.TreeSet<>();
    rollback.path("events").forEach(e -> events.add(e.asText()));
    return events;
  }

  // --- the helpers' files ---

  /**
   * The AppSpec given with {@code --appspec}: the file itself, or the content of what {@code aws
   * deploy get-application-revision} prints ({@code {"revision": {"appSpecContent": {"content":
   * ...}}}}).
   */
  static String appSpec(String text) {
    JsonNode document;
    try {
      document = Serializations.PLAIN.unmarshal(text, JsonNode.class);
    } catch (RuntimeException e) {
      return text;
    }
    if (document == null || !document.path("revision").isObject()) {
      return text;
    }
    JsonNode revision = document.path("revision");
    for (String field : List.of("appSpecContent", "string")) {
      String content = text(revision.path(field).path("content"));
      if (content != null) {
        return content;
      }
    }
    throw new UserError(
        "the revision given with --appspec has no appSpecContent.content; it is "
            + revision.path("revisionType").asText("of no type"));
  }

  /** Target group names to ARNs, from what {@code aws elbv2 describe-target-groups} prints. */
  static Map<String, String> targetGroupArns(JsonNode document, String file) {
    JsonNode targetGroups = document.path("TargetGroups");
    if (!targetGroups.isArray()) {
      throw new UserError(
          (Inputs.STDIN.equals(file) ? "standard input" : file)
              + " is not what 'aws elbv2 describe-target-groups' prints ({\"TargetGroups\": [...]})");
    }
    Map<String, String> arns = new LinkedHashMap<>();
    for (JsonNode targetGroup : targetGroups) {
      String name = text(targetGroup.path("TargetGroupName"));
      String arn = text(targetGroup.path("TargetGroupArn"));
      if (name != null && arn != null) {
        arns.put(name, arn);
      }
    }
    return arns;
  }

  // --- checks ---

  /** The inputs must be of one application, and the deployment of the group given. */
  private void checkBelonging() {
    String app = application == null ? null : text(application.path("applicationName"));
    if (app != null) {
      for (JsonNode other : new JsonNode[] {group, deployment}) {
        String theirs = other == null ? null : text(other.path("applicationName"));
        if (theirs != null && !theirs.equals(app)) {
          throw new UserError(
              "the inputs are of two applications, " + app + " and " + theirs + "; import one");
        }
      }
    }
    if (group != null && deployment != null) {
      String groupName = text(group.path("deploymentGroupName"));
      String deploymentGroup = text(deployment.path("deploymentGroupName"));
      if (groupName != null && deploymentGroup != null && !groupName.equals(deploymentGroup)) {
        throw new UserError(
            "deployment "
                + text(deployment.path("deploymentId"))
                + " is of deployment group "
                + deploymentGroup
                + ", not "
                + groupName);
      }
    }
  }

  private static void platform(JsonNode info, String subject) {
    String platform = text(info.path("computePlatform"));
    if (platform != null && !"ECS".equals(platform)) {
      throw new UserError(
          subject
              + " is for the "
              + platform
              + " compute platform; the operator deploys to Amazon ECS only");
    }
  }

  private static void style(JsonNode info, String subject) {
    JsonNode style = info.path("deploymentStyle");
    if (!style.isObject()) {
      return;
    }
    String type = style.path("deploymentType").asText("BLUE_GREEN");
    String option = style.path("deploymentOption").asText("WITH_TRAFFIC_CONTROL");
    if (!"BLUE_GREEN".equals(type) || !"WITH_TRAFFIC_CONTROL".equals(option)) {
      throw new UserError(
          subject
              + " deploys "
              + type
              + "/"
              + option
              + "; the operator does blue/green deployments with traffic control"
              + " (BLUE_GREEN/WITH_TRAFFIC_CONTROL) only");
    }
  }

  // --- names, regions, values ---

  /**
   * A Kubernetes name for a CodeDeploy name: lower case; any character other than a letter, a
   * digit, {@code -} or {@code .} becomes {@code -}; each dot-separated part starts and ends with a
   * letter or digit; at most 253 characters. Empty when nothing is left.
   */
  static String kubernetesName(String name) {
    StringBuilder mapped = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      mapped.append(valid ? c : '-');
    }
    String joined =
        java.util.Arrays.stream(mapped.toString().split("\\."))
            .map(CodeDeployImporter::trimDashes)
            .filter(part -> !part.isEmpty())
            .collect(Collectors.joining("."));
    if (joined.length() > MAX_NAME) {
      joined = joined.substring(0, MAX_NAME);
      while (!joined.isEmpty() && !Character.isLetterOrDigit(joined.charAt(joined.length() - 1))) {
        joined = joined.substring(0, joined.length() - 1);
      }
    }
    return joined;
  }

  private static String trimDashes(String part) {
    int start = 0;
    int end = part.length();
    while (start < end && part.charAt(start) == '-') {
      start++;
    }
    while (end > start && part.charAt(end - 1) == '-') {
      end--;
    }
    return part.substring(start, end);
  }

  private String name(String subject, String cdName) {
    String name = kubernetesName(cdName);
    if (name.isEmpty()) {
      throw new UserError(subject + ": no Kubernetes name can be made of '" + cdName + "'");
    }
    if (!name.equals(cdName)) {
      notes.add(
          "renamed: "
              + subject
              + " is "
              + name
              + " (Kubernetes names are lower-case letters, digits, '-' and '.')");
    }
    return name;
  }

  private void region(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length == 6 && !parts[3].isEmpty()) {
      regions.add(parts[3]);
    }
  }

  /** The region the ARNs name; the first when they name several, which is reported. */
  private String region() {
    if (regions.size() > 1) {
      notes.add(
          "note: the ARNs name the regions "
              + String.join(", ", regions)
              + "; spec.region is the first");
    }
    return regions.isEmpty() ? null : regions.iterator().next();
  }

  /** CodeDeploy's minutes as a duration: {@code 5} is {@code 5m}. */
  static String minutes(JsonNode minutes) {
    return minutes.asLong(0) + "m";
  }

  private void notCarried(String subject, String field, String why) {
    notes.add("not carried over: " + subject + ": " + field + ": " + why);
  }

  private void notCarriedIfPresent(String subject, JsonNode info, String field, String why) {
    JsonNode value = info.path(field);
    if (present(value)) {
      notCarried(subject, field + (value.isValueNode() ? " (" + value.asText() + ")" : ""), why);
    }
  }

  /** Whether a field holds something: not missing, null, empty or an empty list. */
  static boolean present(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (value.isContainerNode()) {
      if (value.isEmpty()) {
        return false;
      }
      Iterator<JsonNode> elements = value.elements();
      while (elements.hasNext()) {
        if (present(elements.next())) {
          return true;
        }
      }
      return false;
    }
    return !value.asText().isEmpty();
  }

  private static String required(JsonNode info, String field, String subject) {
    String value = text(info.path(field));
    if (value == null || value.isEmpty()) {
      throw new UserError(subject + " has no " + field);
    }
    return value;
  }

  private static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  private static <E extends Enum<E>> boolean isEnum(Class<E> type, String value) {
    return java.util.Arrays.stream(type.getEnumConstants()).anyMatch(e -> e.name().equals(value));
  }

  private static <E extends Enum<E>> E enumValue(
      Class<E> type, String value, String subject, String field) {
    if (!isEnum(type, value)) {
      throw new UserError(subject + ": " + field + " '" + value + "' is not CodeDeploy's");
    }
    return Enum.valueOf(type, value);
  }
}
