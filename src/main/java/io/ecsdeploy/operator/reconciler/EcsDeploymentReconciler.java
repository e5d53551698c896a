package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.appspec.AppSpec;
import io.ecsdeploy.operator.aws.AwsAccess;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.Decision;
import io.ecsdeploy.operator.lifecycle.DeploymentQueue;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.DeploymentWaitType;
import io.ecsdeploy.operator.lifecycle.EngineInput;
import io.ecsdeploy.operator.lifecycle.LifecycleEngine;
import io.ecsdeploy.operator.lifecycle.LifecycleEventRecord;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.Recheck;
import io.ecsdeploy.operator.lifecycle.TrafficRouting;
import io.ecsdeploy.operator.lifecycle.UserOperations;
import io.ecsdeploy.operator.metrics.DeploymentMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an {@link EcsDeployment} one step per reconcile:
 *
 * <pre>
 * observe (AWS reads + status) -> engine decides ONE step -> executor performs its action
 *   -> status patched once -> reschedule for the next deadline
 * </pre>
 *
 * The engine's state lives in {@code status.engine}, so a restarted operator resumes where the last
 * one stopped, and every action is idempotent (see {@link ActionExecutor}). One deployment per
 * group runs at a time; the others wait as Queued. Deleting a deployment that is still running
 * stops it with rollback before its finalizer is removed.
 */
@ControllerConfiguration(name = "ecsdeployment")
public class EcsDeploymentReconciler implements Reconciler<EcsDeployment>, Cleaner<EcsDeployment> {
  private static final Logger LOG = LoggerFactory.getLogger(EcsDeploymentReconciler.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** Who created a deployment: {@code user} unless this label says otherwise (e.g. gitOps). */
  public static final String CREATOR_LABEL = "ecsdeploy.io/creator";

  static final String GROUP_INDEX = "byGroup";
  private static final Duration WAIT_FOR_REFERENCES = Duration.ofMinutes(1);

  private final AwsAccess aws;
  private final Clock clock;
  private final Duration pollInterval;
  private final String defaultRegion;
  private final HookReportInbox inbox;
  private final EventRecorder events;
  private final DeploymentMetrics metrics;
  private final LifecycleEngine engine = new LifecycleEngine();
  private final ActionExecutor executor;
  private final Conditions conditions;
  private final SimpleInboundEventSource<EcsDeployment> hookReports =
      new SimpleInboundEventSource<>("hook-reports");

  public EcsDeploymentReconciler(
      AwsAccess aws,
      Clock clock,
      Duration pollInterval,
      String defaultRegion,
      HookReportInbox inbox,
      EventRecorder events,
      DeploymentMetrics metrics) {
    this.aws = aws;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.defaultRegion = defaultRegion;
    this.inbox = inbox;
    this.events = events;
    this.metrics = metrics;
    this.conditions = new Conditions(clock);
    this.executor =
        new ActionExecutor(
            Duration.ofSeconds(10),
            new ActionExecutor.HookResults() {
              @Override
              public void invoking(String deploymentId, String executionId) {
                inbox.invoking(deploymentId, executionId);
              }

              @Override
              public void record(ResourceID deployment, String executionId, boolean succeeded) {
                inbox.recordAnswer(deployment, executionId, succeeded);
              }
            });
    inbox.onReport(hookReports::propagateEvent);
  }

  @Override
  public List<EventSource<?, EcsDeployment>> prepareEventSources(
      EventSourceContext<EcsDeployment> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            GROUP_INDEX,
            deployment ->
                List.of(
                    groupKey(
                        deployment.getMetadata().getNamespace(),
                        deployment.getSpec().deploymentGroupName)));
    InformerEventSourceConfiguration<EcsDeploymentGroup> groups =
        InformerEventSourceConfiguration.from(EcsDeploymentGroup.class, EcsDeployment.class)
            .withSecondaryToPrimaryMapper(
                group ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            GROUP_INDEX,
                            groupKey(
                                group.getMetadata().getNamespace(), group.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    InformerEventSourceConfiguration<EcsApplication> applications =
        InformerEventSourceConfiguration.from(EcsApplication.class, EcsDeployment.class)
            .withSecondaryToPrimaryMapper(application -> Set.of())
            .build();
    InformerEventSourceConfiguration<EcsDeploymentConfig> configs =
        InformerEventSourceConfiguration.from(EcsDeploymentConfig.class, EcsDeployment.class)
            .withSecondaryToPrimaryMapper(config -> Set.of())
            .build();
    return List.of(
        new InformerEventSource<>(groups, context),
        new InformerEventSource<>(applications, context),
        new InformerEventSource<>(configs, context),
        hookReports);
  }

  static String groupKey(String namespace, String group) {
    return namespace + "/" + group;
  }

  @Override
  public UpdateControl<EcsDeployment> reconcile(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    EcsDeploymentStatus status =
        deployment.getStatus() != null ? deployment.getStatus() : new EcsDeploymentStatus();
    deployment.setStatus(status);
    if (status.deploymentId == null || status.engine == null) {
      return register(deployment, status, context);
    }
    Step step = step(deployment, status, context, deployment.getSpec().operations);
    return applyStatus(step.control, deployment, context);
  }

  @Override
  public DeleteControl cleanup(EcsDeployment deployment, Context<EcsDeployment> context) {
    EcsDeploymentStatus status = deployment.getStatus();
    if (status == null || status.engine == null || finished(status)) {
      return DeleteControl.defaultDelete();
    }
    DeploymentState state = EngineStateCodec.decode(status.engine).state();
    if (state.phase() == Phase.PENDING_START) {
      return DeleteControl.defaultDelete();
    }
    // Still changing AWS: stop it with rollback, then let it go.
    Operations stop = new Operations();
    stop.stop = new io.ecsdeploy.operator.api.v1alpha1.StopOperation();
    stop.stop.autoRollbackEnabled = true;
    Step step = step(deployment, status, context, stop);
    if (step.control.isPatchStatus()) {
      // Through JOSDK, so that the next cleanup call sees this status in its cache.
      writeStatus(deployment, context);
    }
    if (finished(deployment.getStatus())) {
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(step.control.getScheduleDelay().orElse(pollInterval.toMillis()));
  }

  /** A finished deployment with nothing left to send. */
  private static boolean finished(EcsDeploymentStatus status) {
    if (status.engine == null) {
      return status.status != null && status.status.isTerminal();
    }
    DeploymentState state = EngineStateCodec.decode(status.engine).state();
    return state.phase() == Phase.FINISHED && state.pendingNotifications().isEmpty();
  }

  /** Gives a new deployment its CodeDeploy-style id and its Created status. */
  private UpdateControl<EcsDeployment> register(
      EcsDeployment deployment, EcsDeploymentStatus status, Context<EcsDeployment> context) {
    String id = status.deploymentId != null ? status.deploymentId : newDeploymentId();
    Instant now = Instant.now(clock);
    // The label lets the hook endpoint find the deployment by its id.
    context
        .getClient()
        .resources(EcsDeployment.class)
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .edit(
            current -> {
              current.getMetadata().getLabels().put(HookReportInbox.DEPLOYMENT_ID_LABEL, id);
              return current;
            });
    DeploymentState created = DeploymentState.created(id, now);
    status.deploymentId = id;
    status.status = DeploymentStatus.Created;
    status.createTime = now.toString();
    Map<String, String> labels = deployment.getMetadata().getLabels();
    status.creator =
        labels != null && labels.containsKey(CREATOR_LABEL) ? labels.get(CREATOR_LABEL) : "user";
    status.engine = EngineStateCodec.encode(new EngineStateCodec.Persisted(created, null));
    status.observedGeneration = deployment.getMetadata().getGeneration();
    events.normal(deployment, "Created", "Deployment " + id + " created");
    metrics.started();
    return applyStatus(
        UpdateControl.patchStatus(deployment).rescheduleAfter(Duration.ZERO), deployment, context);
  }

  /**
   * Writes the status (server-side apply, without a resourceVersion precondition: the status
   * belongs to this controller alone, while hook reports and labels change the metadata
   * concurrently). A spec change made while this reconcile ran (a stop, a continue) would be hidden
   * behind this controller's own write, so when the written resource shows a newer generation than
   * the one reconciled, reconcile again at once.
   */
  private UpdateControl<EcsDeployment> applyStatus(
      UpdateControl<EcsDeployment> control,
      EcsDeployment deployment,
      Context<EcsDeployment> context) {
    if (!control.isPatchStatus()) {
      return control;
    }
    Long reconciled = deployment.getMetadata().getGeneration();
    EcsDeployment written = writeStatus(deployment, context);
    UpdateControl<EcsDeployment> next = UpdateControl.noUpdate();
    if (written != null
        && reconciled != null
        && written.getMetadata().getGeneration() != null
        && written.getMetadata().getGeneration() > reconciled) {
      return next.rescheduleAfter(Duration.ZERO);
    }
    return control.getScheduleDelay().map(next::rescheduleAfter).orElse(next);
  }

  private static EcsDeployment writeStatus(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    EcsDeployment statusOnly = new EcsDeployment();
    statusOnly.getMetadata().setName(deployment.getMetadata().getName());
    statusOnly.getMetadata().setNamespace(deployment.getMetadata().getNamespace());
    statusOnly.setStatus(deployment.getStatus());
    return context.resourceOperations().serverSideApplyPrimaryStatus(statusOnly);
  }

  private record Step(UpdateControl<EcsDeployment> control) {}

  private Step step(
      EcsDeployment deployment,
      EcsDeploymentStatus status,
      Context<EcsDeployment> context,
      Operations operations) {
    EngineStateCodec.Persisted persisted = EngineStateCodec.decode(status.engine);
    DeploymentState state = persisted.state();
    if (state.phase() == Phase.FINISHED && state.pendingNotifications().isEmpty()) {
      return new Step(UpdateControl.noUpdate());
    }
    String namespace = deployment.getMetadata().getNamespace();
    long generation = deployment.getMetadata().getGeneration();

    Optional<EcsDeploymentGroup> group =
        cached(
            context, EcsDeploymentGroup.class, namespace, deployment.getSpec().deploymentGroupName);
    if (group.isEmpty()) {
      return waitFor(
          deployment,
          status,
          "DeploymentGroupMissing",
          "EcsDeploymentGroup "
              + deployment.getSpec().deploymentGroupName
              + " does not exist in "
              + namespace);
    }
    var groupSpec = group.get().getSpec();
    Optional<EcsApplication> application =
        cached(context, EcsApplication.class, namespace, groupSpec.applicationName);
    if (application.isEmpty()) {
      return waitFor(
          deployment,
          status,
          "ApplicationMissing",
          "EcsApplication " + groupSpec.applicationName + " does not exist in " + namespace);
    }
    if (state.phase() == Phase.PENDING_START
        && !Conditions.isTrue(group.get().getStatus(), Conditions.READY)) {
      var groupReady =
          group.get().getStatus() == null
              ? null
              : Conditions.find(group.get().getStatus().conditions, Conditions.READY);
      return waitFor(
          deployment,
          status,
          "DeploymentGroupNotReady",
          "EcsDeploymentGroup "
              + group.get().getMetadata().getName()
              + " is not ready"
              + (groupReady == null ? "" : ": " + groupReady.getMessage()));
    }
    String configName = DeploymentSettingsFactory.configName(deployment, groupSpec);
    Optional<TrafficRouting> routing =
        DeploymentSettingsFactory.routing(
            configName, cached(context, EcsDeploymentConfig.class, namespace, configName));
    if (routing.isEmpty()) {
      return waitFor(
          deployment,
          status,
          "DeploymentConfigMissing",
          "deployment configuration "
              + configName
              + " is neither built in nor an EcsDeploymentConfig in "
              + namespace);
    }
    Optional<String> notForNetworkLoadBalancer =
        DeploymentSettingsFactory.gradualShiftOnNetworkLoadBalancer(
            groupSpec, routing.get(), configName);
    if (notForNetworkLoadBalancer.isPresent()) {
      return waitFor(
          deployment, status, "DeploymentConfigNotAllowed", notForNetworkLoadBalancer.get());
    }

    GroupIdentity identity =
        GroupIdentity.of(groupSpec, application.get().getSpec(), defaultRegion);
    DeploymentTarget target =
        DeploymentTarget.of(
            aws.forTarget(identity.region(), identity.roleArn()),
            identity.region(),
            groupSpec.applicationName,
            group.get().getMetadata().getName(),
            groupSpec);

    AppSpec appSpec;
    try {
      appSpec = RevisionResolver.resolve(deployment.getSpec().revision, target.aws().revisions());
    } catch (RevisionException e) {
      return failBeforeStart(deployment, status, state, e.code(), e.getMessage());
    } catch (AwsFailure e) {
      return awsUnavailable(deployment, status, e);
    }
    DeploymentSettings settings =
        DeploymentSettingsFactory.create(
            state.deploymentId(), deployment, groupSpec, routing.get(), appSpec, pollInterval);

    boolean groupBusy = !DeploymentQueue.mayStart(state.deploymentId(), queue(deployment, context));
    Instant now = Instant.now(clock);
    DeploymentObserver.Observed observed;
    try {
      observed =
          DeploymentObserver.observe(
              target, settings, inbox.reportsOf(deployment), persisted.actionFailure(), groupBusy);
    } catch (AwsFailure e) {
      return awsUnavailable(deployment, status, e);
    }
    Decision decision =
        engine.decide(
            new EngineInput(
                settings,
                state,
                observed.observation(),
                userOperations(operations),
                now,
                newHookExecutionId()));
    ResourceID resource = ResourceID.fromResource(deployment);
    Optional<ActionFailure> failure =
        decision
            .action()
            .flatMap(
                action ->
                    executor.execute(
                        action,
                        new ActionExecutor.Context(
                            target, resource, state.deploymentId(), appSpec)));

    Optional<Instant> deadline =
        decision.recheck().kind() == Recheck.Kind.AT
            ? Optional.of(decision.recheck().at())
            : Optional.empty();
    status.engine =
        EngineStateCodec.encode(
            new EngineStateCodec.Persisted(decision.state(), failure.orElse(null)));
    status.deploymentConfigName = configName;
    status.observedGeneration = generation;
    DeploymentStatusWriter.write(status, decision.state(), settings, observed.taskSets(), deadline);
    // kstatus (Flux) and kubectl wait read these: Ready only once it succeeded, Stalled when it
    // ended otherwise.
    var outcome = decision.state().status();
    conditions.set(
        status,
        generation,
        Conditions.READY,
        outcome == DeploymentStatus.Succeeded,
        outcome.name(),
        readyMessage(decision.state()));
    boolean stalled = outcome == DeploymentStatus.Failed || outcome == DeploymentStatus.Stopped;
    conditions.set(
        status,
        generation,
        Conditions.STALLED,
        stalled,
        outcome.name(),
        stalled ? readyMessage(decision.state()) : "The deployment has not ended unsuccessfully");
    recordTransitions(deployment, state, decision.state());

    UpdateControl<EcsDeployment> control = UpdateControl.patchStatus(deployment);
    return new Step(
        switch (decision.recheck().kind()) {
          case AFTER_ACTION -> control.rescheduleAfter(Duration.ZERO);
          case AT -> control.rescheduleAfter(delayUntil(decision.recheck().at(), now));
          case NEVER -> control;
        });
  }

  private static String readyMessage(DeploymentState state) {
    return switch (state.status()) {
      case Succeeded -> "Deployment " + state.deploymentId() + " succeeded";
      case Failed, Stopped ->
          "Deployment "
              + state.deploymentId()
              + " "
              + state.status().name().toLowerCase(java.util.Locale.ROOT)
              + (state.errorInformation() == null ? "" : ": " + state.errorInformation().message());
      default -> "Deployment " + state.deploymentId() + " is " + state.status();
    };
  }

  private static Duration delayUntil(Instant at, Instant now) {
    Duration delay = Duration.between(now, at);
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  /** A Kubernetes Event for every lifecycle event that changed status, and for the outcome. */
  private void recordTransitions(
      EcsDeployment deployment, DeploymentState before, DeploymentState after) {
    for (int i = 0; i < after.lifecycleEvents().size(); i++) {
      LifecycleEventRecord was = before.lifecycleEvents().get(i);
      LifecycleEventRecord now = after.lifecycleEvents().get(i);
      if (was.status() != now.status() && now.startTime() != null && now.endTime() != null) {
        metrics.lifecycleEvent(
            now.lifecycleEventName().name(),
            now.status().name(),
            Duration.between(now.startTime(), now.endTime()));
      }
      if (was.status() != now.status()) {
        String message =
            now.lifecycleEventName()
                + " "
                + now.status()
                + (now.diagnostics() == null ? "" : ": " + now.diagnostics());
        if (now.status() == LifecycleEventStatus.Failed) {
          events.warning(deployment, now.lifecycleEventName().name() + "Failed", message);
        } else {
          events.normal(deployment, now.lifecycleEventName().name() + now.status(), message);
        }
      }
    }
    if (before.status() != after.status()) {
      String message =
          "Deployment "
              + after.deploymentId()
              + " is "
              + after.status()
              + (after.errorInformation() == null
                  ? ""
                  : " ("
                      + after.errorInformation().code()
                      + ": "
                      + after.errorInformation().message()
                      + ")");
      if (after.status() == DeploymentStatus.Failed || after.status() == DeploymentStatus.Stopped) {
        events.warning(deployment, "Deployment" + after.status(), message);
      } else {
        events.normal(deployment, "Deployment" + after.status(), message);
      }
      if (after.status().isTerminal()) {
        metrics.finished(after.status().name());
      }
    }
    if (!Objects.equals(before.productionTraffic(), after.productionTraffic())
        && after.productionTraffic() != null
        && after.replacementTargetGroup() != null) {
      metrics.trafficWeight(
          deployment, after.productionTraffic().percentOf(after.replacementTargetGroup()));
    }
  }

  /** The deployments of the same group, for the one-at-a-time queue. */
  private static List<DeploymentQueue.Member> queue(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    return context
        .getPrimaryCache()
        .byIndex(
            GROUP_INDEX,
            groupKey(
                deployment.getMetadata().getNamespace(), deployment.getSpec().deploymentGroupName))
        .stream()
        .filter(other -> other.getStatus() != null && other.getStatus().engine != null)
        .map(
            other -> {
              DeploymentState state = EngineStateCodec.decode(other.getStatus().engine).state();
              return new DeploymentQueue.Member(
                  state.deploymentId(), state.createTime(), state.status());
            })
        .toList();
  }

  private static <T extends HasMetadata> Optional<T> cached(
      Context<EcsDeployment> context, Class<T> kind, String namespace, String name) {
    @SuppressWarnings("unchecked")
    InformerEventSource<T, EcsDeployment> informer =
        (InformerEventSource<T, EcsDeployment>)
            context.eventSourceRetriever().getEventSourceFor(kind);
    return informer.get(new ResourceID(name, namespace));
  }

  private Step waitFor(
      EcsDeployment deployment, EcsDeploymentStatus status, String reason, String message) {
    boolean changed =
        conditions.set(
            status,
            deployment.getMetadata().getGeneration(),
            Conditions.READY,
            false,
            reason,
            message);
    if (changed) {
      events.warning(deployment, reason, message);
      return new Step(UpdateControl.patchStatus(deployment).rescheduleAfter(WAIT_FOR_REFERENCES));
    }
    return new Step(UpdateControl.<EcsDeployment>noUpdate().rescheduleAfter(WAIT_FOR_REFERENCES));
  }

  private Step awsUnavailable(
      EcsDeployment deployment, EcsDeploymentStatus status, AwsFailure failure) {
    LOG.info(
        "AWS read failed for {}: {}", deployment.getMetadata().getName(), failure.getMessage());
    conditions.set(
        status,
        deployment.getMetadata().getGeneration(),
        "AwsReachable",
        false,
        failure.code().name(),
        failure.getMessage());
    return new Step(
        UpdateControl.patchStatus(deployment).rescheduleAfter(pollInterval.multipliedBy(2)));
  }

  /** A revision that cannot be deployed fails the deployment before anything changed. */
  private Step failBeforeStart(
      EcsDeployment deployment,
      EcsDeploymentStatus status,
      DeploymentState state,
      ErrorCode code,
      String message) {
    if (state.phase() != Phase.PENDING_START) {
      // Already running: the revision was read when it started; a failed re-read changes nothing.
      return new Step(UpdateControl.<EcsDeployment>noUpdate().rescheduleAfter(pollInterval));
    }
    status.status = DeploymentStatus.Failed;
    status.errorInformation = DeploymentStatusWriter.errorInformation(code, message);
    status.completeTime = Instant.now(clock).toString();
    status.engine = null;
    conditions.set(
        status,
        deployment.getMetadata().getGeneration(),
        Conditions.READY,
        false,
        code.name(),
        message);
    events.warning(deployment, "DeploymentFailed", code + ": " + message);
    metrics.finished("Failed");
    return new Step(UpdateControl.patchStatus(deployment));
  }

  private static UserOperations userOperations(Operations operations) {
    if (operations == null) {
      return UserOperations.none();
    }
    UserOperations.StopRequest stop =
        operations.stop == null
            ? null
            : new UserOperations.StopRequest(operations.stop.autoRollbackEnabled);
    Set<DeploymentWaitType> continued = EnumSet.noneOf(DeploymentWaitType.class);
    if (operations.continueDeployment != null) {
      if (Boolean.TRUE.equals(operations.continueDeployment.readyWait)) {
        continued.add(DeploymentWaitType.READY_WAIT);
      }
      if (Boolean.TRUE.equals(operations.continueDeployment.terminationWait)) {
        continued.add(DeploymentWaitType.TERMINATION_WAIT);
      }
    }
    return new UserOperations(stop, continued);
  }

  static String newDeploymentId() {
    StringBuilder id = new StringBuilder("d-");
    for (int i = 0; i < 9; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }

  /** 32 random bytes: an id nobody can guess, which is what authorises a hook's report. */
  static String newHookExecutionId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
