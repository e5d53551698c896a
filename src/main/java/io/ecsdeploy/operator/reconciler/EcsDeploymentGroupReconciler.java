package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ecsdeploy.operator.api.v1alpha1.DeploymentRef;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupStatus;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.appspec.AppSpecParser;
import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.AwsAccess;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.ForwardWeights;
import io.ecsdeploy.operator.aws.ListenerDescription;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.TargetGroupDescription;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a deployment group's status: whether what it names exists and suits blue/green (what only
 * AWS can tell, as conditions), which target group is live and which task set is primary, and its
 * current and last deployments. With {@code spec.revision} set it creates an EcsDeployment for each
 * new revision, as a Deployment creates ReplicaSets, and keeps a bounded history of them.
 */
@ControllerConfiguration(name = "ecsdeploymentgroup")
public class EcsDeploymentGroupReconciler implements Reconciler<EcsDeploymentGroup> {
  private static final Logger LOG = LoggerFactory.getLogger(EcsDeploymentGroupReconciler.class);

  /**
   * Label on every deployment: its group's name (set at creation for GitOps, else at registration).
   */
  public static final String GROUP_LABEL = "ecsdeploy.io/deployment-group";

  /** The field manager of the owner references to groups ({@link #adopt}). */
  static final String OWNER_FIELD_MANAGER = "ecs-deploy-operator-group-owner";

  static final String APPLICATION_INDEX = "byApplication";
  static final String CONFIG_INDEX = "byConfig";

  /** How often a Ready group re-checks AWS when nothing about it changed. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(10);

  /** When a group whose references do not resolve in Kubernetes looks again. */
  private static final Duration RECHECK = Duration.ofMinutes(5);

  private static final ObjectMapper CANONICAL_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final AwsAccess aws;
  private final String defaultRegion;
  private final Conditions conditions;
  private final EventRecorder events;
  private final GroupAwsChecks checks;
  private final LabelSelector selector;

  public EcsDeploymentGroupReconciler(
      AwsAccess aws, Clock clock, String defaultRegion, EventRecorder events) {
    this(aws, clock, defaultRegion, events, DEFAULT_CHECK_INTERVAL, LabelSelector.EVERYTHING);
  }

  /**
   * @param checkInterval how often a Ready group re-checks AWS when neither its spec, its
   *     application nor its deployments changed
   * @param selector the groups and deployments this installation acts on; the deployments a group
   *     creates from its revision get the group's labels that the selector reads
   */
  public EcsDeploymentGroupReconciler(
      AwsAccess aws,
      Clock clock,
      String defaultRegion,
      EventRecorder events,
      Duration checkInterval,
      LabelSelector selector) {
    this.aws = aws;
    this.selector = selector;
    this.defaultRegion = defaultRegion;
    this.conditions = new Conditions(clock);
    this.events = events;
    this.checks =
        new GroupAwsChecks(
            checkInterval, clock, java.util.concurrent.ThreadLocalRandom.current()::nextDouble);
  }

  @Override
  public List<EventSource<?, EcsDeploymentGroup>> prepareEventSources(
      EventSourceContext<EcsDeploymentGroup> context) {
    var cache = context.getPrimaryCache();
    cache.addIndexers(
        Map.of(
            APPLICATION_INDEX,
            group -> List.of(key(group, group.getSpec().applicationName)),
            CONFIG_INDEX,
            group -> List.of(key(group, configName(group.getSpec())))));
    var applications =
        Informers.shared(
                InformerEventSourceConfiguration.from(
                    EcsApplication.class, EcsDeploymentGroup.class),
                context)
            .withSecondaryToPrimaryMapper(
                application ->
                    idsOf(
                        cache.byIndex(
                            APPLICATION_INDEX,
                            key(application, application.getMetadata().getName()))))
            .build();
    var configs =
        Informers.shared(
                InformerEventSourceConfiguration.from(
                    EcsDeploymentConfig.class, EcsDeploymentGroup.class),
                context)
            .withSecondaryToPrimaryMapper(
                config ->
                    idsOf(cache.byIndex(CONFIG_INDEX, key(config, config.getMetadata().getName()))))
            .build();
    var deployments =
        Informers.selected(
                InformerEventSourceConfiguration.from(
                    EcsDeployment.class, EcsDeploymentGroup.class),
                selector,
                context)
            .withSecondaryToPrimaryMapper(
                deployment ->
                    Set.of(
                        new ResourceID(
                            deployment.getSpec().deploymentGroupName,
                            deployment.getMetadata().getNamespace())))
            // Most status writes of a deployment change nothing the group shows.
            .withOnUpdateFilter(
                (updated, previous) -> !groupView(updated).equals(groupView(previous)))
            .build();
    return List.of(
        new InformerEventSource<>(applications, context),
        new InformerEventSource<>(configs, context),
        new InformerEventSource<>(deployments, context));
  }

  /**
   * What the group reads of one of its deployments: its labels (the group's history keeps those it
   * created), whether it is being deleted, and what the group's status shows of it.
   */
  static List<Object> groupView(EcsDeployment deployment) {
    var status = deployment.getStatus();
    return java.util.Arrays.asList(
        deployment.getMetadata().getLabels(),
        deployment.getMetadata().getDeletionTimestamp(),
        deployment.getSpec() == null ? null : deployment.getSpec().deploymentGroupName,
        status == null ? null : status.deploymentId,
        status == null ? null : status.status,
        status == null ? null : status.createTime,
        status == null ? null : status.completeTime);
  }

  private static String key(HasMetadata resource, String name) {
    return resource.getMetadata().getNamespace() + "/" + name;
  }

  private static Set<ResourceID> idsOf(List<EcsDeploymentGroup> groups) {
    return groups.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  static String configName(EcsDeploymentGroupSpec spec) {
    return spec.deploymentConfigName != null
        ? spec.deploymentConfigName
        : DeploymentSettingsFactory.DEFAULT_CONFIG;
  }

  @Override
  public UpdateControl<EcsDeploymentGroup> reconcile(
      EcsDeploymentGroup group, Context<EcsDeploymentGroup> context) {
    EcsDeploymentGroupStatus status =
        group.getStatus() != null ? group.getStatus() : new EcsDeploymentGroupStatus();
    group.setStatus(status);
    // Deployments take and give back activeDeployment with a precondition (GroupLock); this
    // controller's writes leave it out, so that they never put back a value it read earlier.
    status.activeDeployment = null;
    String before = json(status);
    UpdateControl<EcsDeploymentGroup> control = reconcile(group, status, context);
    return before.equals(json(status))
        ? UpdateControl.<EcsDeploymentGroup>noUpdate()
            .rescheduleAfter(control.getScheduleDelay().orElse(RECHECK.toMillis()))
        : control;
  }

  private static String json(Object value) {
    try {
      return CANONICAL_JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private UpdateControl<EcsDeploymentGroup> reconcile(
      EcsDeploymentGroup group,
      EcsDeploymentGroupStatus status,
      Context<EcsDeploymentGroup> context) {
    long generation = group.getMetadata().getGeneration();
    var storedReady = Conditions.find(status.conditions, Conditions.READY);
    GroupAwsChecks.Findings storedFindings =
        storedReady != null
                && "True".equals(storedReady.getStatus())
                && Long.valueOf(generation).equals(storedReady.getObservedGeneration())
            ? GroupAwsChecks.Findings.ready(status.primaryTaskSetArn, status.liveTargetGroupArn)
            : null;
    String storedLastEnded = idOf(status.lastAttemptedDeployment);
    boolean storedBusy = status.currentDeployment != null;
    status.observedGeneration = generation;
    String namespace = group.getMetadata().getNamespace();
    EcsDeploymentGroupSpec spec = group.getSpec();

    List<EcsDeployment> deployments =
        new ArrayList<>(context.getSecondaryResources(EcsDeployment.class));
    summarizeDeployments(status, deployments);
    adopt(group, deployments, context);

    Optional<EcsApplication> application =
        cached(context, EcsApplication.class, namespace, spec.applicationName);
    if (application.isEmpty()) {
      return notReady(
          group,
          status,
          Reasons.APPLICATION_MISSING,
          "EcsApplication " + spec.applicationName + " does not exist in " + namespace,
          RECHECK);
    }
    List<EcsDeploymentGroup> groups = context.getPrimaryCache().list().toList();
    EcsDeploymentGroup holder =
        ServiceClaims.holder(
            group,
            groups,
            other ->
                cached(
                    context,
                    EcsApplication.class,
                    other.getMetadata().getNamespace(),
                    other.getSpec().applicationName),
            defaultRegion);
    if (holder != group) {
      return notReady(
          group,
          status,
          Reasons.SERVICE_CLAIMED_BY_ANOTHER_GROUP,
          "ECS service "
              + spec.service.clusterName
              + "/"
              + spec.service.serviceName
              + " is already deployed by EcsDeploymentGroup "
              + holder.getMetadata().getNamespace()
              + "/"
              + holder.getMetadata().getName()
              + ", created before this one; a service takes one deployment group, so this"
              + " group's deployments wait",
          RECHECK);
    }
    String configName = configName(spec);
    if (TrafficRouting.builtIn(configName).isEmpty()
        && cached(context, EcsDeploymentConfig.class, namespace, configName).isEmpty()) {
      return notReady(
          group,
          status,
          Reasons.DEPLOYMENT_CONFIG_MISSING,
          "deployment configuration "
              + configName
              + " is neither built in nor an EcsDeploymentConfig in "
              + namespace,
          RECHECK);
    }

    String uid = group.getMetadata().getUid();
    GroupAwsChecks.Group view =
        new GroupAwsChecks.Group(
            uid,
            generation,
            application.get().getMetadata().getUid()
                + "/"
                + application.get().getMetadata().getGeneration(),
            idOf(status.lastAttemptedDeployment),
            status.currentDeployment != null,
            storedFindings,
            storedLastEnded,
            storedBusy);
    if (checks.size() > groups.size() + 64) {
      checks.retainOnly(
          groups.stream().map(g -> g.getMetadata().getUid()).collect(Collectors.toSet()));
    }
    GroupIdentity identity = GroupIdentity.of(spec, application.get().getSpec(), defaultRegion);
    try {
      switch (checks.decide(view)) {
        case VALIDATE ->
            checks.checked(
                view, checkAws(aws.forTarget(identity.region(), identity.roleArn()), spec));
        case LIVE_TARGETS ->
            checks.liveTargetsRead(
                view, readLiveTargets(aws.forTarget(identity.region(), identity.roleArn()), spec));
        case NOTHING -> {}
      }
    } catch (AwsFailure e) {
      LOG.info("AWS check of group {} failed: {}", group.getMetadata().getName(), e.getMessage());
      checks.checked(view, GroupAwsChecks.Findings.failure(e.code().name(), e.getMessage()));
    }
    // The status shows what the last check found, read again or not: a write that failed is made
    // again from the same findings.
    GroupAwsChecks.Findings found = checks.findings(uid).orElseThrow();
    if (found.outcome() != GroupAwsChecks.Outcome.READY) {
      return notReady(group, status, found.reason(), found.message(), checks.nextCheckIn(uid));
    }
    status.primaryTaskSetArn = found.primaryTaskSetArn();
    status.liveTargetGroupArn = found.liveTargetGroupArn();

    if (spec.revision != null) {
      createDeploymentForRevision(group, status, deployments, context);
    }
    boolean changed =
        conditions.set(
            status,
            group.getMetadata().getGeneration(),
            Conditions.READY,
            true,
            Reasons.VALIDATED,
            "service "
                + spec.service.clusterName
                + "/"
                + spec.service.serviceName
                + " uses the EXTERNAL deployment controller; listeners and target groups share a load balancer");
    if (changed) {
      events.normal(
          group,
          Reasons.VALIDATED,
          "The ECS service, listeners and target groups suit blue/green deployments");
    }
    return UpdateControl.patchStatus(group).rescheduleAfter(checks.nextCheckIn(uid));
  }

  private static String idOf(DeploymentRef deployment) {
    return deployment == null ? null : deployment.deploymentId;
  }

  /**
   * What only AWS can tell: the service exists and uses the EXTERNAL deployment controller; the
   * routes and target groups exist and share a load balancer; the alarms exist. Returns the first
   * problem, or Ready with the primary task set and the target group serving production traffic.
   */
  private static GroupAwsChecks.Findings checkAws(AwsPorts ports, EcsDeploymentGroupSpec spec) {
    ServiceId serviceId = new ServiceId(spec.service.clusterName, spec.service.serviceName);
    EcsService service = ports.taskSets().describeService(serviceId);
    Optional<GroupAwsChecks.Findings> serviceProblem = serviceProblem(serviceId, service);
    if (serviceProblem.isPresent()) {
      return serviceProblem.get();
    }
    String primaryTaskSetArn = service.primaryTaskSet().map(t -> t.arn()).orElse(null);

    Route production = RunRecordResolver.route(spec.loadBalancer.productionRoute);
    ListenerDescription productionListener =
        ports.listeners().describeListener(production.listenerArn());
    String loadBalancer = productionListener.loadBalancerArn();
    if (spec.loadBalancer.testRoute != null) {
      Route test = RunRecordResolver.route(spec.loadBalancer.testRoute);
      ListenerDescription testListener = ports.listeners().describeListener(test.listenerArn());
      if (!loadBalancer.equals(testListener.loadBalancerArn())) {
        return GroupAwsChecks.Findings.problem(
            Reasons.LISTENER_ON_ANOTHER_LOAD_BALANCER,
            "the test listener "
                + test.listenerArn()
                + " is on load balancer "
                + testListener.loadBalancerArn()
                + ", not on "
                + loadBalancer
                + " of the production listener (ELASTIC_LOAD_BALANCING_INVALID)");
      }
    }
    List<String> targetGroupArns = spec.loadBalancer.targetGroups.stream().map(t -> t.arn).toList();
    for (TargetGroupDescription targetGroup :
        ports.listeners().describeTargetGroups(targetGroupArns)) {
      if (!targetGroup.loadBalancerArns().isEmpty()
          && !targetGroup.loadBalancerArns().contains(loadBalancer)) {
        return GroupAwsChecks.Findings.problem(
            Reasons.TARGET_GROUP_ON_ANOTHER_LOAD_BALANCER,
            "target group "
                + targetGroup.name()
                + " serves "
                + String.join(", ", targetGroup.loadBalancerArns())
                + ", not load balancer "
                + loadBalancer
                + " of the production listener (ELASTIC_LOAD_BALANCING_INVALID)");
      }
    }
    String liveTargetGroupArn = liveTargetGroup(spec, ports.listeners().readWeights(production));

    var alarms = spec.alarmConfiguration;
    if (alarms != null
        && !Boolean.FALSE.equals(alarms.enabled)
        && alarms.alarms != null
        && !alarms.alarms.isEmpty()) {
      AlarmStates states = ports.alarms().states(alarms.alarms);
      if (!states.missing().isEmpty()) {
        return GroupAwsChecks.Findings.problem(
            Reasons.ALARMS_NOT_FOUND,
            "CloudWatch has no alarm named " + String.join(", ", states.missing()));
      }
    }
    Optional<String> badCondition = analysisConditionProblem(spec);
    if (badCondition.isPresent()) {
      return GroupAwsChecks.Findings.problem(
          Reasons.ANALYSIS_CONDITION_INVALID, badCondition.get());
    }
    return GroupAwsChecks.Findings.ready(primaryTaskSetArn, liveTargetGroupArn);
  }

  /**
   * A CEL condition of the group's analysis checks that does not compile: a deployment would only
   * find out mid-shift, every measurement an error, so the group is not Ready until it is fixed.
   */
  static Optional<String> analysisConditionProblem(EcsDeploymentGroupSpec spec) {
    if (spec.analysis == null || spec.analysis.checks == null) {
      return Optional.empty();
    }
    for (var check : spec.analysis.checks) {
      for (String condition :
          java.util.Arrays.asList(check.successCondition, check.failureCondition)) {
        if (condition == null) {
          continue;
        }
        Optional<String> error =
            io.ecsdeploy.operator.analysis.AnalysisConditions.compileError(condition);
        if (error.isPresent()) {
          return Optional.of(
              "analysis check "
                  + check.name
                  + ": the condition "
                  + condition
                  + " does not compile: "
                  + error.get());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * After a deployment ended: the service's primary task set and the target group serving
   * production traffic, which the deployment may have changed. Returns the service's problem if it
   * no longer suits blue/green deployments.
   */
  private static GroupAwsChecks.Findings readLiveTargets(
      AwsPorts ports, EcsDeploymentGroupSpec spec) {
    ServiceId serviceId = new ServiceId(spec.service.clusterName, spec.service.serviceName);
    EcsService service = ports.taskSets().describeService(serviceId);
    Optional<GroupAwsChecks.Findings> problem = serviceProblem(serviceId, service);
    if (problem.isPresent()) {
      return problem.get();
    }
    Route production = RunRecordResolver.route(spec.loadBalancer.productionRoute);
    return GroupAwsChecks.Findings.ready(
        service.primaryTaskSet().map(t -> t.arn()).orElse(null),
        liveTargetGroup(spec, ports.listeners().readWeights(production)));
  }

  private static Optional<GroupAwsChecks.Findings> serviceProblem(
      ServiceId serviceId, EcsService service) {
    if (service.status() == EcsService.Status.MISSING) {
      return Optional.of(
          GroupAwsChecks.Findings.problem(
              Reasons.SERVICE_NOT_FOUND,
              "ECS service " + serviceId + " does not exist (INVALID_ECS_SERVICE)"));
    }
    if (service.status() != EcsService.Status.ACTIVE) {
      return Optional.of(
          GroupAwsChecks.Findings.problem(
              Reasons.SERVICE_NOT_ACTIVE,
              "ECS service " + serviceId + " is " + service.status() + " (INVALID_ECS_SERVICE)"));
    }
    if (service.deploymentController() != EcsService.DeploymentController.EXTERNAL) {
      return Optional.of(
          GroupAwsChecks.Findings.problem(
              Reasons.SERVICE_NOT_EXTERNAL,
              "ECS service "
                  + serviceId
                  + " uses the "
                  + service.deploymentController()
                  + " deployment controller; blue/green deployments with task sets need EXTERNAL (INVALID_ECS_SERVICE)"));
    }
    return Optional.empty();
  }

  /** The group's target group with the largest share of production traffic, if any has some. */
  private static String liveTargetGroup(EcsDeploymentGroupSpec spec, ForwardWeights weights) {
    return spec.loadBalancer.targetGroups.stream()
        .map(t -> t.arn)
        .max(Comparator.comparingInt(weights::weightOf))
        .filter(arn -> weights.weightOf(arn) > 0)
        .orElse(null);
  }

  private void summarizeDeployments(
      EcsDeploymentGroupStatus status, List<EcsDeployment> deployments) {
    List<EcsDeployment> withStatus =
        deployments.stream()
            .filter(
                d ->
                    d.getStatus() != null
                        && d.getStatus().deploymentId != null
                        && d.getStatus().status != null)
            .sorted(
                Comparator.comparing(
                    d -> d.getStatus().createTime == null ? "" : d.getStatus().createTime))
            .toList();
    status.currentDeployment =
        withStatus.stream()
            .filter(
                d ->
                    !d.getStatus().status.isTerminal()
                        && d.getStatus().status != DeploymentStatus.Queued)
            .findFirst()
            .map(EcsDeploymentGroupReconciler::ref)
            .orElse(null);
    status.lastAttemptedDeployment =
        withStatus.stream()
            .filter(d -> d.getStatus().status.isTerminal())
            .reduce((a, b) -> b)
            .map(EcsDeploymentGroupReconciler::ref)
            .orElse(null);
    status.lastSuccessfulDeployment =
        withStatus.stream()
            .filter(d -> d.getStatus().status == DeploymentStatus.Succeeded)
            .reduce((a, b) -> b)
            .map(EcsDeploymentGroupReconciler::ref)
            .orElse(null);
  }

  private static DeploymentRef ref(EcsDeployment deployment) {
    DeploymentRef ref = new DeploymentRef();
    ref.name = deployment.getMetadata().getName();
    ref.deploymentId = deployment.getStatus().deploymentId;
    ref.status = deployment.getStatus().status;
    ref.createTime = deployment.getStatus().createTime;
    ref.endTime = deployment.getStatus().completeTime;
    return ref;
  }

  /**
   * Makes each deployment of the group its dependent (an owner reference), as those the group
   * creates from its revision are from their creation: deleting the group then deletes its
   * deployments through Kubernetes' garbage collector, and the finalizer of each one still running
   * rolls it back first. Applied server-side with a field manager of its own, so it neither
   * conflicts with the user's edits nor removes anything they set.
   */
  private static void adopt(
      EcsDeploymentGroup group,
      List<EcsDeployment> deployments,
      Context<EcsDeploymentGroup> context) {
    String uid = group.getMetadata().getUid();
    for (EcsDeployment deployment : deployments) {
      if (deployment.getMetadata().getDeletionTimestamp() != null
          || deployment.getMetadata().getOwnerReferences().stream()
              .anyMatch(owner -> uid.equals(owner.getUid()))) {
        continue;
      }
      Map<String, Object> owner = new LinkedHashMap<>();
      owner.put("apiVersion", group.getApiVersion());
      owner.put("kind", group.getKind());
      owner.put("name", group.getMetadata().getName());
      owner.put("uid", uid);
      owner.put("blockOwnerDeletion", false);
      Map<String, Object> apply =
          Map.of(
              "apiVersion",
              deployment.getApiVersion(),
              "kind",
              deployment.getKind(),
              "metadata",
              Map.of(
                  "name",
                  deployment.getMetadata().getName(),
                  "namespace",
                  deployment.getMetadata().getNamespace(),
                  "ownerReferences",
                  List.of(owner)));
      context
          .getClient()
          .resources(EcsDeployment.class)
          .inNamespace(deployment.getMetadata().getNamespace())
          .withName(deployment.getMetadata().getName())
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(OWNER_FIELD_MANAGER)
                  .withForce(true)
                  .build(),
              json(apply));
    }
  }

  /**
   * GitOps: a new revision on the group creates one EcsDeployment, named after the revision's hash
   * so that a retry after a crash finds it instead of creating a second one.
   */
  private void createDeploymentForRevision(
      EcsDeploymentGroup group,
      EcsDeploymentGroupStatus status,
      List<EcsDeployment> deployments,
      Context<EcsDeploymentGroup> context) {
    String hash = revisionHash(group.getSpec());
    String groupName = group.getMetadata().getName();
    if (!hash.equals(status.observedRevisionHash)) {
      String name = deploymentName(groupName, hash, group.getMetadata().getGeneration());
      EcsDeployment deployment = new EcsDeployment();
      deployment.getMetadata().setName(name);
      deployment.getMetadata().setNamespace(group.getMetadata().getNamespace());
      // The group's labels that select it for this installation select its deployment too.
      Map<String, String> labels =
          new java.util.LinkedHashMap<>(selector.relevantLabels(group.getMetadata().getLabels()));
      labels.put(GROUP_LABEL, groupName);
      labels.put(EcsDeploymentReconciler.CREATOR_LABEL, "gitOps");
      deployment.getMetadata().setLabels(labels);
      deployment
          .getMetadata()
          .setOwnerReferences(
              List.of(
                  new OwnerReferenceBuilder()
                      .withApiVersion(group.getApiVersion())
                      .withKind(group.getKind())
                      .withName(groupName)
                      .withUid(group.getMetadata().getUid())
                      .withController(true)
                      .withBlockOwnerDeletion(false)
                      .build()));
      EcsDeploymentSpec spec = new EcsDeploymentSpec();
      spec.deploymentGroupName = groupName;
      spec.revision = group.getSpec().revision;
      spec.description = "Created from the revision of EcsDeploymentGroup " + groupName;
      deployment.setSpec(spec);
      try {
        context.getClient().resource(deployment).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Created before a restart: the name is this revision's at this generation of the group,
        // so it is the same deployment.
      }
      status.observedRevisionHash = hash;
      events.normal(
          group,
          Reasons.DEPLOYMENT_CREATED,
          "Created EcsDeployment " + name + " for the new revision");
    }
    pruneHistory(group, deployments, context);
  }

  /** Keeps at most revisionHistoryLimit finished deployments created from the group's revision. */
  private void pruneHistory(
      EcsDeploymentGroup group,
      List<EcsDeployment> deployments,
      Context<EcsDeploymentGroup> context) {
    int limit =
        group.getSpec().revisionHistoryLimit == null ? 10 : group.getSpec().revisionHistoryLimit;
    List<EcsDeployment> finished =
        deployments.stream()
            .filter(d -> group.getMetadata().getName().equals(labelOf(d, GROUP_LABEL)))
            // Every deployment carries the group label; only those the group created are pruned.
            .filter(d -> "gitOps".equals(labelOf(d, EcsDeploymentReconciler.CREATOR_LABEL)))
            .filter(
                d ->
                    d.getStatus() != null
                        && d.getStatus().status != null
                        && d.getStatus().status.isTerminal())
            .sorted(Comparator.comparing(d -> d.getMetadata().getCreationTimestamp()))
            .toList();
    for (int i = 0; i < finished.size() - limit; i++) {
      context.getClient().resource(finished.get(i)).delete();
    }
  }

  private static String labelOf(HasMetadata resource, String label) {
    return resource.getMetadata().getLabels() == null
        ? null
        : resource.getMetadata().getLabels().get(label);
  }

  static String revisionHash(EcsDeploymentGroupSpec spec) {
    try {
      byte[] json = CANONICAL_JSON.writeValueAsBytes(CANONICAL_JSON.valueToTree(spec.revision));
      return AppSpecParser.sha256Hex(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The deployment of a revision, named after the revision and the group's generation: the same
   * after a restart (no duplicate), and new when a revision comes back after another one.
   */
  static String deploymentName(String groupName, String hash, Long generation) {
    String prefix = groupName.length() > 220 ? groupName.substring(0, 220) : groupName;
    return prefix + "-" + hash.substring(0, 10) + "-" + (generation == null ? 0 : generation);
  }

  private UpdateControl<EcsDeploymentGroup> notReady(
      EcsDeploymentGroup group,
      EcsDeploymentGroupStatus status,
      String reason,
      String message,
      Duration recheck) {
    if (conditions.set(
        status, group.getMetadata().getGeneration(), Conditions.READY, false, reason, message)) {
      events.warning(group, reason, message);
    }
    return UpdateControl.patchStatus(group).rescheduleAfter(recheck);
  }

  private static <T extends HasMetadata> Optional<T> cached(
      Context<EcsDeploymentGroup> context, Class<T> kind, String namespace, String name) {
    @SuppressWarnings("unchecked")
    InformerEventSource<T, EcsDeploymentGroup> informer =
        (InformerEventSource<T, EcsDeploymentGroup>)
            context.eventSourceRetriever().getEventSourceFor(kind);
    return informer.get(new ResourceID(name, namespace));
  }
}
