package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ecsdeploy.operator.analysis.AnalysisMeasurer;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.api.v1alpha1.Operations;
import io.ecsdeploy.operator.aws.AwsAccess;
import io.ecsdeploy.operator.aws.AwsCallTime;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.Analysis;
import io.ecsdeploy.operator.lifecycle.AnalysisCheck;
import io.ecsdeploy.operator.lifecycle.AnalysisMeasurement;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.Observation;
import io.ecsdeploy.operator.lifecycle.Phase;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import io.ecsdeploy.operator.metrics.DeploymentMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JOSDK adapter of the deployment controller. Per reconcile of an {@link EcsDeployment}:
 *
 * <pre>
 * no id yet       -> give it its CodeDeploy-style id (Created)
 * no run record   -> resolve its inputs once (RunRecordResolver): wait, fail for good, or save them
 * action in flight-> perform it again (a crash came between saving it and performing it), save
 * otherwise       -> may it start (claim, queue, group lock)? observe AWS, step (DeploymentStepper),
 *                    save the new record with its action, perform the action, save the outcome
 * </pre>
 *
 * Deciding lives in {@link DeploymentStepper} and the lifecycle engine; this class reads, writes,
 * performs and reports (Events, metrics). A deployment that has ended is never run again. Deleting
 * a deployment that still changes AWS stops it with rollback before its finalizer is removed.
 */
@ControllerConfiguration(name = "ecsdeployment")
public class EcsDeploymentReconciler implements Reconciler<EcsDeployment>, Cleaner<EcsDeployment> {
  private static final Logger LOG = LoggerFactory.getLogger(EcsDeploymentReconciler.class);

  /** Reads a reconcile's CPU time (HotSpot measures it for every thread by default). */
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final ObjectMapper CANONICAL_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** Who created a deployment: {@code user} unless this label says otherwise (e.g. gitOps). */
  public static final String CREATOR_LABEL = "ecsdeploy.io/creator";

  static final String GROUP_INDEX = "byGroup";
  static final String DEPLOYMENT_ID_INDEX = "byDeploymentId";
  private static final Duration WAIT_FOR_REFERENCES = Duration.ofMinutes(1);

  private final AwsAccess aws;
  private final Clock clock;
  private final Duration pollInterval;
  private final String defaultRegion;
  private final HookReportInbox inbox;
  private final RunRecordResolver resolver;
  private final DeploymentStepper stepper = new DeploymentStepper();

  /**
   * How long a reconcile waits for a hook function's synchronous answer. A longer-running function
   * goes on, and reports through the hook endpoint.
   */
  static final Duration HOOK_ANSWER_WAIT = Duration.ofSeconds(10);

  private final ActionExecutor executor;
  private final Conditions conditions;
  private final StartGate startGate;
  private final DeploymentReporter reporter;
  private final HookReportEvents hookReports = new HookReportEvents();
  private final LabelSelector selector;
  private final AnalysisMeasurer measurer;

  public EcsDeploymentReconciler(
      AwsAccess aws,
      Clock clock,
      Duration pollInterval,
      String defaultRegion,
      HookReportInbox inbox,
      EventRecorder events,
      DeploymentMetrics metrics) {
    this(aws, clock, pollInterval, defaultRegion, inbox, events, metrics, LabelSelector.EVERYTHING);
  }

  /**
   * @param selector the groups and deployments this installation acts on: a deployment waits while
   *     its group is not among them
   */
  public EcsDeploymentReconciler(
      AwsAccess aws,
      Clock clock,
      Duration pollInterval,
      String defaultRegion,
      HookReportInbox inbox,
      EventRecorder events,
      DeploymentMetrics metrics,
      LabelSelector selector) {
    this.aws = aws;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.defaultRegion = defaultRegion;
    this.inbox = inbox;
    this.conditions = new Conditions(clock);
    this.resolver = new RunRecordResolver(aws, defaultRegion, pollInterval);
    this.selector = selector;
    this.startGate = new StartGate(defaultRegion, selector);
    this.reporter = new DeploymentReporter(events, metrics);
    this.executor = new ActionExecutor(HOOK_ANSWER_WAIT, clock);
    this.measurer = new AnalysisMeasurer(clock);
    inbox.onReport(hookReports::propagateEvent);
  }

  @Override
  public List<EventSource<?, EcsDeployment>> prepareEventSources(
      EventSourceContext<EcsDeployment> context) {
    var deployments = context.getPrimaryCache();
    deployments.addIndexers(
        Map.of(
            GROUP_INDEX,
            deployment ->
                List.of(
                    groupKey(
                        deployment.getMetadata().getNamespace(),
                        deployment.getSpec().deploymentGroupName)),
            DEPLOYMENT_ID_INDEX,
            deployment -> {
              var labels = deployment.getMetadata().getLabels();
              String id = labels == null ? null : labels.get(HookReportInbox.DEPLOYMENT_ID_LABEL);
              return id == null ? List.of() : List.of(id);
            }));
    inbox.useIndex(
        id ->
            deployments.byIndex(DEPLOYMENT_ID_INDEX, id).stream()
                .map(ResourceID::fromResource)
                .toList());
    // Every group, whatever the label selector: a service claimed by a group of another
    // installation must keep this one's deployments from starting on it.
    InformerEventSourceConfiguration<EcsDeploymentGroup> groups =
        Informers.shared(
                InformerEventSourceConfiguration.from(
                    EcsDeploymentGroup.class, EcsDeployment.class),
                context)
            .withSecondaryToPrimaryMapper(
                group ->
                    deployments
                        .byIndex(
                            GROUP_INDEX,
                            groupKey(
                                group.getMetadata().getNamespace(), group.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    InformerEventSourceConfiguration<EcsApplication> applications =
        Informers.shared(
                InformerEventSourceConfiguration.from(EcsApplication.class, EcsDeployment.class),
                context)
            .withSecondaryToPrimaryMapper(application -> Set.of())
            .build();
    InformerEventSourceConfiguration<EcsDeploymentConfig> configs =
        Informers.shared(
                InformerEventSourceConfiguration.from(
                    EcsDeploymentConfig.class, EcsDeployment.class),
                context)
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

  /** Every line logged meanwhile names the deployment (DeploymentLogContext). */
  @Override
  public UpdateControl<EcsDeployment> reconcile(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    long wallBefore = System.nanoTime();
    long awsBefore = AwsCallTime.nanos();
    long kubernetesBefore = KubernetesCallTime.nanos();
    try (var logContext = DeploymentLogContext.of(deployment)) {
      return reconcileDeployment(deployment, context);
    } finally {
      long wall = System.nanoTime() - wallBefore;
      long aws = AwsCallTime.nanos() - awsBefore;
      reporter.reconciled(
          Duration.ofNanos(Math.max(0, THREADS.getCurrentThreadCpuTime() - cpuBefore)),
          Duration.ofNanos(Math.max(0, wall - aws)),
          Duration.ofNanos(KubernetesCallTime.nanos() - kubernetesBefore));
    }
  }

  /** Every line logged meanwhile names the deployment (DeploymentLogContext). */
  @Override
  public DeleteControl cleanup(EcsDeployment deployment, Context<EcsDeployment> context) {
    try (var logContext = DeploymentLogContext.of(deployment)) {
      return cleanupDeployment(deployment, context);
    }
  }

  private UpdateControl<EcsDeployment> reconcileDeployment(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    EcsDeploymentStatus status =
        deployment.getStatus() != null ? deployment.getStatus() : new EcsDeploymentStatus();
    deployment.setStatus(status);
    if (status.deploymentId == null) {
      return register(deployment, status, context);
    }
    Optional<RunRecord> record = storedRecord(status);
    if (record.isEmpty()) {
      if (status.status != null && status.status.isTerminal()) {
        // Ended before it had a run record (an operator before the run record failed it): ended.
        return acknowledgeGeneration(deployment, context);
      }
      return resolve(deployment, status, context);
    }
    if (record.get().isDone()) {
      return acknowledgeGeneration(deployment, context);
    }
    return toControl(advance(deployment, record.get(), context, deployment.getSpec().operations));
  }

  private DeleteControl cleanupDeployment(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    EcsDeploymentStatus status = deployment.getStatus();
    Optional<RunRecord> record = status == null ? Optional.empty() : storedRecord(status);
    if (record.isEmpty()
        || record.get().inputs() == null
        || record.get().isDone()
        || record.get().state().phase() == Phase.PENDING_START
        || record.get().state().phase() == Phase.FINISHED) {
      releaseGroup(deployment, context);
      reporter.deleted(deployment);
      return DeleteControl.defaultDelete();
    }
    // Still changing AWS: stop it with rollback, then let it go.
    Operations stop = new Operations();
    stop.stop = new io.ecsdeploy.operator.api.v1alpha1.StopOperation();
    stop.stop.autoRollbackEnabled = true;
    Outcome outcome = advance(deployment, record.get(), context, stop);
    Optional<RunRecord> after = storedRecord(deployment.getStatus());
    if (after.isPresent() && after.get().state().phase() == Phase.FINISHED) {
      releaseGroup(deployment, context);
      reporter.deleted(deployment);
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(outcome.lookAgainIn().orElse(pollInterval).toMillis());
  }

  /**
   * An ended deployment changes no more, but says it has seen its latest spec, so that GitOps tools
   * comparing {@code status.observedGeneration} with {@code metadata.generation} do not wait on it.
   */
  private UpdateControl<EcsDeployment> acknowledgeGeneration(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    Long generation = deployment.getMetadata().getGeneration();
    if (generation != null && !generation.equals(deployment.getStatus().observedGeneration)) {
      EcsDeploymentStatus next = Registration.copy(deployment.getStatus());
      next.observedGeneration = generation;
      write(deployment, next, context);
    }
    return UpdateControl.noUpdate();
  }

  /** When to reconcile again; empty when nothing is left to do. */
  private record Outcome(Optional<Duration> lookAgainIn) {
    static Outcome now() {
      return new Outcome(Optional.of(Duration.ZERO));
    }

    static Outcome in(Duration delay) {
      return new Outcome(Optional.of(delay));
    }

    static Outcome never() {
      return new Outcome(Optional.empty());
    }
  }

  private static UpdateControl<EcsDeployment> toControl(Outcome outcome) {
    UpdateControl<EcsDeployment> control = UpdateControl.noUpdate();
    return outcome.lookAgainIn().map(control::rescheduleAfter).orElse(control);
  }

  // ---- registration and inputs

  /** Gives a new deployment its CodeDeploy-style id and its Created status. */
  private UpdateControl<EcsDeployment> register(
      EcsDeployment deployment, EcsDeploymentStatus status, Context<EcsDeployment> context) {
    String id = newDeploymentId();
    DeploymentLogContext.deploymentIdGiven(id);
    Instant now = Instant.now(clock);
    // The id label lets the hook endpoint find the deployment by its id; kubectl get ecsd -l
    // ecsdeploy.io/deployment-group=<group> finds every deployment of a group. A merge patch adds
    // the two and leaves every other label as it is, also one a user adds meanwhile (an edit of
    // the copy read would send a JSON patch that replaces the whole map when there was none).
    String idAndGroupLabels =
        json(
            Map.of(
                "metadata",
                Map.of(
                    "labels",
                    Map.of(
                        HookReportInbox.DEPLOYMENT_ID_LABEL,
                        id,
                        EcsDeploymentGroupReconciler.GROUP_LABEL,
                        deployment.getSpec().deploymentGroupName))));
    KubernetesCallTime.measure(
        () ->
            context
                .getClient()
                .resources(EcsDeployment.class)
                .inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), idAndGroupLabels));
    EcsDeploymentStatus created = new EcsDeploymentStatus();
    created.deploymentId = id;
    created.status = DeploymentStatus.Created;
    created.createTime = now.toString();
    Map<String, String> labels = deployment.getMetadata().getLabels();
    created.creator =
        labels != null && labels.containsKey(CREATOR_LABEL) ? labels.get(CREATOR_LABEL) : "user";
    created.observedGeneration = deployment.getMetadata().getGeneration();
    write(deployment, created, context);
    reporter.created(deployment, id);
    return UpdateControl.<EcsDeployment>noUpdate().rescheduleAfter(Duration.ZERO);
  }

  /**
   * The stored run record; one an operator before the run record stored ({@code status.engine})
   * comes back without inputs, which {@link #resolve} then adds.
   */
  private static Optional<RunRecord> storedRecord(EcsDeploymentStatus status) {
    if (status.runRecord != null) {
      return Optional.of(RunRecordCodec.decode(status.runRecord));
    }
    return Optional.empty();
  }

  /** Resolves the deployment's inputs once and saves them as its run record. */
  private UpdateControl<EcsDeployment> resolve(
      EcsDeployment deployment, EcsDeploymentStatus status, Context<EcsDeployment> context) {
    String namespace = deployment.getMetadata().getNamespace();
    Optional<EcsDeploymentGroup> group =
        cached(
            context, EcsDeploymentGroup.class, namespace, deployment.getSpec().deploymentGroupName);
    Optional<EcsApplication> application =
        group.flatMap(
            g -> cached(context, EcsApplication.class, namespace, g.getSpec().applicationName));
    Optional<EcsDeploymentConfig> config =
        group.flatMap(
            g ->
                cached(
                    context,
                    EcsDeploymentConfig.class,
                    namespace,
                    DeploymentSettingsFactory.configName(deployment, g.getSpec())));
    // Operators before the run record kept only the engine's state; such a deployment keeps it.
    Optional<RunRecordCodec.LegacyEngineState> legacy = RunRecordCodec.decodeLegacy(status.engine);
    Optional<RunRecordResolver.Waiting> elsewhere =
        group.flatMap(g -> StartGate.notSelected(g, selector));
    RunRecordResolver.Resolution resolution;
    try {
      resolution =
          elsewhere.isPresent()
              ? RunRecordResolver.Resolution.waiting(
                  elsewhere.get().reason(), elsewhere.get().message())
              : resolver.resolve(
                  deployment,
                  status.deploymentId,
                  new RunRecordResolver.References(group, application, config));
    } catch (AwsFailure e) {
      return toControl(awsUnavailable(deployment, status, e, context));
    }
    Registration.Result registered =
        Registration.of(
            resolution,
            status,
            legacy,
            deployment.getMetadata().getGeneration(),
            Instant.now(clock));
    write(deployment, registered.status(), context);
    return switch (registered.kind()) {
      case WAITING -> {
        if (registered.reasonChanged()) {
          reporter.waiting(deployment, registered.reason(), registered.message());
        }
        yield UpdateControl.<EcsDeployment>noUpdate().rescheduleAfter(WAIT_FOR_REFERENCES);
      }
      case FAILED -> {
        reporter.failedBeforeStart(deployment, registered.code(), registered.message());
        yield UpdateControl.noUpdate();
      }
      case RESOLVED -> {
        if (legacy.isPresent()) {
          forgetLegacyEngineState(deployment, context);
        }
        LOG.info(
            "deployment {} ({}) runs on {} with {}",
            deployment.getMetadata().getName(),
            status.deploymentId,
            registered.record().inputs().deploymentConfigName(),
            registered.record().inputs().replacement().taskDefinition());
        yield UpdateControl.<EcsDeployment>noUpdate().rescheduleAfter(Duration.ZERO);
      }
    };
  }

  /**
   * Removes {@code status.engine} once the run record holds what it held. Server-side apply removes
   * only fields its own field manager wrote, and the former bookkeeping may have been written by
   * another, so this is an explicit merge patch.
   */
  private static void forgetLegacyEngineState(
      EcsDeployment deployment, Context<EcsDeployment> context) {
    context
        .getClient()
        .resources(EcsDeployment.class)
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .subresource("status")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"status\":{\"engine\":null}}");
  }

  /**
   * From when a wait after a performed action counts: when its call returned, AWS having the change
   * by then; for a hook, when it was invoked, since the call waits for the function's answer and
   * the hook's time counts from its invocation.
   */
  private static Instant effectiveFrom(Action action, Instant calledAt, Instant returnedAt) {
    return action instanceof Action.InvokeHook ? calledAt : returnedAt;
  }

  // ---- one step

  private Outcome advance(
      EcsDeployment deployment,
      RunRecord record,
      Context<EcsDeployment> context,
      Operations operations) {
    EcsDeploymentStatus status = deployment.getStatus();
    FrozenInputs inputs = record.inputs();
    AwsPorts ports = aws.forTarget(inputs.region(), inputs.role());
    ResourceID resource = ResourceID.fromResource(deployment);
    ActionExecutor.Target target =
        new ActionExecutor.Target(
            inputs,
            ports,
            (executionId, succeeded) -> inbox.recordAnswer(resource, executionId, succeeded),
            deployment.getMetadata().getNamespace(),
            signingKeys(context::getClient, deployment.getMetadata().getNamespace()));
    long generation = deployment.getMetadata().getGeneration();
    Instant now = Instant.now(clock);

    if (record.actionInFlight() != null) {
      // Saved, then the operator stopped before it was known to be performed: perform it again,
      // unless it was a hook's invocation whose result has been reported since (the function ran;
      // the report may have reached another replica): a hook is not run twice for nothing.
      // If it had not taken effect, it is handed out again now, saved first like any hand-out,
      // and a wait after it counts from then; had it taken effect, a wait after it goes on
      // counting from when it was handed out.
      RunRecord performed;
      if (hookAlreadyReported(record.actionInFlight(), deployment)) {
        LOG.info(
            "not invoking the hook of {} again after a restart: its result has been reported",
            status.deploymentId);
        performed = record.performed(null);
      } else {
        LOG.info(
            "performing {} of {} again after a restart",
            record.actionInFlight().kind(),
            status.deploymentId);
        boolean inEffect = executor.inEffect(record.actionInFlight(), target);
        RunRecord handedOut = record;
        if (!inEffect) {
          // Should this process stop too before the outcome is saved, and the action then be
          // found in effect, its wait counts from this hand-out, not from the first one.
          handedOut = record.withState(record.state().reissuedAt(Instant.now(clock)));
          write(
              deployment,
              DeploymentStatusWriter.view(status, handedOut, List.of(), generation, now),
              context);
        }
        Instant calledAt = Instant.now(clock);
        ActionExecutor.Performed outcome = executor.execute(record.actionInFlight(), target);
        performed =
            afterward(
                record.actionInFlight(),
                outcome,
                inEffect
                    ? handedOut.performed(outcome.failure().orElse(null))
                    : handedOut.performed(
                        outcome.failure().orElse(null),
                        effectiveFrom(record.actionInFlight(), calledAt, Instant.now(clock))));
      }
      write(
          deployment,
          DeploymentStatusWriter.view(status, performed, List.of(), generation, now),
          context);
      return Outcome.now();
    }

    Optional<RunRecordResolver.Waiting> blocked = Optional.empty();
    if (record.state().phase() == Phase.PENDING_START) {
      blocked = startGate.blocker(deployment, record.state().deploymentId(), startWorld(context));
    }
    DeploymentObserver.Observed observed;
    if (blocked.isPresent()) {
      // Queued: nothing in AWS matters until it may start, so nothing is read.
      observed =
          new DeploymentObserver.Observed(
              Observation.builder(new TrafficWeights(Map.of())).groupBusy(true).build(), List.of());
    } else {
      try {
        observed =
            DeploymentObserver.observe(
                ports,
                inputs,
                inbox.reportsOf(deployment),
                record.actionFailure(),
                false,
                record.state(),
                measureAnalysis(deployment, inputs, record, ports, now));
      } catch (AwsFailure e) {
        return awsUnavailable(deployment, status, e, context);
      }
    }
    DeploymentStepper.Result result =
        stepper.step(
            new DeploymentStepper.Input(
                status,
                generation,
                record,
                observed.observation(),
                observed.taskSets(),
                DeploymentStepper.userOperations(operations),
                now,
                newHookExecutionId()));
    EcsDeploymentStatus next = result.status();
    Conditions at = new Conditions(Clock.fixed(now, java.time.ZoneOffset.UTC));
    if (blocked.isPresent()) {
      at.set(
          next,
          generation,
          Conditions.RECONCILING,
          true,
          blocked.get().reason(),
          blocked.get().message());
    } else {
      at.set(
          next, generation, Conditions.AWS_REACHABLE, true, Reasons.AWS_ANSWERED, "AWS answered");
    }
    RunRecord decided = result.record();
    if (result.action().isPresent()) {
      // The action is handed out when its record is saved, and the call follows the save at once
      // (Events come after the call). Should the operator stop before the call's outcome is saved,
      // its successor counts a wait after the action from this hand-out time: stamped now, not when
      // the step began, which is before AWS was read and could be seconds earlier on a slow day.
      decided = decided.withState(decided.state().reissuedAt(Instant.now(clock)));
      next.runRecord = RunRecordCodec.encode(decided);
    }
    boolean rescheduleNow = write(deployment, next, context);

    if (result.action().isPresent()) {
      // A wait after it counts from when the call returned (RunRecord#performed).
      Instant calledAt = Instant.now(clock);
      endedWait(record.state(), decided.state(), now)
          .ifPresent(end -> reporter.waitEnded(Duration.between(end, calledAt)));
      ActionExecutor.Performed outcome = executor.execute(result.action().get(), target);
      RunRecord performed =
          afterward(
              result.action().get(),
              outcome,
              decided.performed(
                  outcome.failure().orElse(null),
                  effectiveFrom(result.action().get(), calledAt, Instant.now(clock))));
      write(
          deployment,
          DeploymentStatusWriter.view(next, performed, observed.taskSets(), generation, now),
          context);
      reporter.report(deployment, result.transitions(), status, next);
      return Outcome.now();
    }
    reporter.report(deployment, result.transitions(), status, next);
    if (result.record().state().status().isTerminal()) {
      releaseGroup(deployment, context);
    }
    if (rescheduleNow) {
      return Outcome.now();
    }
    return result.lookAgainIn().map(Outcome::in).orElse(Outcome.never());
  }

  /**
   * Takes the analysis measurements that are due, one after the other, each within its check's
   * timeout (at most 30 seconds), and counts them in the metrics. The engine hands back the time
   * the next one is due as the time to look again.
   */
  private List<AnalysisMeasurement> measureAnalysis(
      EcsDeployment deployment,
      FrozenInputs inputs,
      RunRecord record,
      AwsPorts ports,
      Instant now) {
    List<AnalysisCheck> due = Analysis.due(inputs.settings(), record.state(), now);
    if (due.isEmpty()) {
      return List.of();
    }
    String wait = Analysis.currentWait(record.state()).orElseThrow();
    List<AnalysisMeasurement> measurements = new ArrayList<>();
    for (AnalysisCheck check : due) {
      AnalysisMeasurement measurement = measurer.measure(check, wait, ports.alarms());
      LOG.info(
          "analysis check {} of {} in {}: {} {}{}",
          check.name(),
          record.state().deploymentId(),
          wait,
          measurement.phase(),
          measurement.value(),
          measurement.message() == null ? "" : " (" + measurement.message() + ")");
      reporter.analysisMeasured(deployment, check, measurement);
      measurements.add(measurement);
    }
    return measurements;
  }

  /**
   * Reads HTTP hooks' signing keys from Secrets of the deployment's namespace, one GET per call (no
   * informer: the operator caches no Secret, and needs only {@code get} on them).
   */
  static ActionExecutor.SigningKeys signingKeys(
      java.util.function.Supplier<KubernetesClient> client, String namespace) {
    return (secretName, key) ->
        Optional.ofNullable(
                client.get().secrets().inNamespace(namespace).withName(secretName).get())
            .map(Secret::getData)
            .map(data -> data.get(key))
            .map(encoded -> Base64.getDecoder().decode(encoded));
  }

  /**
   * The end of a wait (a traffic step's, the ready wait, the termination wait) that was due by
   * {@code now} and that the step ended, if it ended one. A wait held past its time by an analysis
   * check with a count ended when the last of those measurements was due, not at its own time.
   */
  private static Optional<Instant> endedWait(
      DeploymentState before, DeploymentState after, Instant now) {
    return java.util.stream.Stream.of(
            ended(before.trafficStepWaitUntil(), after.trafficStepWaitUntil(), now),
            ended(before.readyWaitUntil(), after.readyWaitUntil(), now),
            ended(before.terminationWaitUntil(), after.terminationWaitUntil(), now))
        .flatMap(Optional::stream)
        .findFirst()
        .map(end -> heldByAnalysisUntil(before, now).filter(end::isBefore).orElse(end));
  }

  /** The latest measurement of the current wait that was due by {@code now}, if any. */
  private static Optional<Instant> heldByAnalysisUntil(DeploymentState before, Instant now) {
    Optional<String> wait = Analysis.currentWait(before);
    return before.analysis().stream()
        .filter(run -> wait.isPresent() && run.waitName().equals(wait.get()))
        .map(run -> run.nextMeasurementAt())
        .filter(at -> at != null && !at.isAfter(now))
        .max(Instant::compareTo);
  }

  private static Optional<Instant> ended(Instant before, Instant after, Instant now) {
    return before != null && !before.isAfter(now) && !before.equals(after)
        ? Optional.of(before)
        : Optional.empty();
  }

  /** The run record once the action is performed: an unanswered hook is to be invoked again. */
  private static RunRecord afterward(
      Action action, ActionExecutor.Performed outcome, RunRecord performed) {
    if (action instanceof Action.InvokeHook invoke && outcome.invokeHookAgainAt().isPresent()) {
      return performed.withState(
          performed
              .state()
              .hookUnansweredUntil(invoke.executionId(), outcome.invokeHookAgainAt().get()));
    }
    return performed;
  }

  /** Whether the action is a hook invocation whose result has been reported. */
  private boolean hookAlreadyReported(Action action, EcsDeployment deployment) {
    return action instanceof Action.InvokeHook invoke
        && inbox.reportsOf(deployment).stream()
            .anyMatch(report -> report.executionId().equals(invoke.executionId()));
  }

  private void releaseGroup(EcsDeployment deployment, Context<EcsDeployment> context) {
    if (deployment.getStatus() == null || deployment.getStatus().deploymentId == null) {
      return;
    }
    new GroupLock(context.getClient()).release(deployment, deployment.getStatus().deploymentId);
  }

  // ---- status, Events, metrics

  /**
   * Writes the status if it changed (server-side apply, without a resourceVersion precondition: the
   * status belongs to this controller alone, while hook reports and labels change the metadata
   * concurrently). A spec change made while this reconcile ran (a stop, a continue) would be hidden
   * behind this controller's own write, so returns true when the written resource shows a newer
   * generation than the one reconciled: reconcile again at once.
   */
  private boolean write(
      EcsDeployment deployment, EcsDeploymentStatus next, Context<EcsDeployment> context) {
    if (deployment.getStatus() != null && json(deployment.getStatus()).equals(json(next))) {
      return false;
    }
    EcsDeployment statusOnly = new EcsDeployment();
    statusOnly.getMetadata().setName(deployment.getMetadata().getName());
    statusOnly.getMetadata().setNamespace(deployment.getMetadata().getNamespace());
    statusOnly.setStatus(next);
    EcsDeployment written =
        KubernetesCallTime.measure(
            () -> context.resourceOperations().serverSideApplyPrimaryStatus(statusOnly));
    deployment.setStatus(next);
    Long reconciled = deployment.getMetadata().getGeneration();
    return written != null
        && reconciled != null
        && written.getMetadata().getGeneration() != null
        && written.getMetadata().getGeneration() > reconciled;
  }

  private static String json(Object value) {
    try {
      return CANONICAL_JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Outcome awsUnavailable(
      EcsDeployment deployment,
      EcsDeploymentStatus status,
      AwsFailure failure,
      Context<EcsDeployment> context) {
    LOG.info(
        "AWS read failed for {}: {}", deployment.getMetadata().getName(), failure.getMessage());
    EcsDeploymentStatus next = Registration.copy(status);
    conditions.set(
        next,
        deployment.getMetadata().getGeneration(),
        Conditions.AWS_REACHABLE,
        false,
        failure.code().name(),
        failure.getMessage());
    write(deployment, next, context);
    return Outcome.in(pollInterval.multipliedBy(2));
  }

  /** The start gate's view: this controller's caches, and the group lock on the API server. */
  private static StartGate.World startWorld(Context<EcsDeployment> context) {
    GroupLock lock = new GroupLock(context.getClient());
    return new StartGate.World() {
      @Override
      public Optional<EcsDeploymentGroup> group(String namespace, String name) {
        return cached(context, EcsDeploymentGroup.class, namespace, name);
      }

      @Override
      public List<EcsDeploymentGroup> groups() {
        @SuppressWarnings("unchecked")
        InformerEventSource<EcsDeploymentGroup, EcsDeployment> informer =
            (InformerEventSource<EcsDeploymentGroup, EcsDeployment>)
                context.eventSourceRetriever().getEventSourceFor(EcsDeploymentGroup.class);
        return informer.list().toList();
      }

      @Override
      public Optional<EcsApplication> application(String namespace, String name) {
        return cached(context, EcsApplication.class, namespace, name);
      }

      @Override
      public List<EcsDeployment> deploymentsOf(String namespace, String group) {
        return context.getPrimaryCache().byIndex(GROUP_INDEX, groupKey(namespace, group));
      }

      @Override
      public boolean tryAcquire(EcsDeployment deployment, String deploymentId) {
        return lock.tryAcquire(deployment, deploymentId);
      }
    };
  }

  private static <T extends HasMetadata> Optional<T> cached(
      Context<EcsDeployment> context, Class<T> kind, String namespace, String name) {
    @SuppressWarnings("unchecked")
    InformerEventSource<T, EcsDeployment> informer =
        (InformerEventSource<T, EcsDeployment>)
            context.eventSourceRetriever().getEventSourceFor(kind);
    return informer.get(new ResourceID(name, namespace));
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
