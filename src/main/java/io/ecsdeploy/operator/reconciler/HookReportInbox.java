package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.hooks.HookStatusReports;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.HookCallbacks;
import io.ecsdeploy.operator.lifecycle.HookReport;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where hook results arrive, from the CodeDeploy-compatible endpoint or from a synchronous Lambda
 * response. A result is kept in an annotation of the EcsDeployment ({@value #ANNOTATION}), so it
 * survives a restart, and the deployment's reconcile is triggered at once. Each execution id is
 * accepted once, and only while its hook is the one the deployment waits for.
 */
public final class HookReportInbox implements HookStatusReports {
  static final String ANNOTATION = "ecsdeploy.io/hook-reports";

  /** Label carrying the CodeDeploy-style deployment id, for lookups by id. */
  public static final String DEPLOYMENT_ID_LABEL = "ecsdeploy.io/deployment-id";

  private static final Logger LOG = LoggerFactory.getLogger(HookReportInbox.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> REPORTS = new TypeReference<>() {};
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private volatile Consumer<ResourceID> onReport = id -> {};

  /**
   * The deployments with a deployment id, from the deployment controller's informer index; unset
   * until that controller is registered, and empty until its informer has listed (the endpoint
   * serves from before the controllers start).
   */
  private volatile Function<String, List<ResourceID>> byDeploymentId;

  /**
   * Reports written lately, by deployment: the informer's copy of the resource may not show the new
   * annotation yet when the report triggers the reconcile.
   */
  private final Map<String, Map<String, String>> recent =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Namespaces the operator watches; empty for all. */
  private final java.util.Set<String> namespaces;

  /** The deployments this installation acts on. */
  private final LabelSelector selector;

  /** An inbox for deployments in any namespace. */
  public HookReportInbox(KubernetesClient client) {
    this(client, java.util.Set.of());
  }

  /**
   * An inbox for deployments in {@code namespaces} (empty: any namespace). An operator that watches
   * listed namespaces may only read there: its RBAC is a Role in each.
   */
  public HookReportInbox(KubernetesClient client, java.util.Set<String> namespaces) {
    this(client, namespaces, LabelSelector.EVERYTHING);
  }

  /**
   * An inbox for the deployments in {@code namespaces} (empty: any namespace) that {@code selector}
   * selects: a report for a deployment of another installation is answered as CodeDeploy answers
   * one for a deployment that does not exist.
   */
  public HookReportInbox(
      KubernetesClient client, java.util.Set<String> namespaces, LabelSelector selector) {
    this.client = client;
    this.namespaces = java.util.Set.copyOf(namespaces);
    this.selector = selector;
  }

  /** Finds deployments by id through the deployment controller's informer index. */
  void useIndex(Function<String, List<ResourceID>> byDeploymentId) {
    this.byDeploymentId = byDeploymentId;
  }

  /** Called with the deployment that received a report, to reconcile it now. */
  void onReport(Consumer<ResourceID> onReport) {
    this.onReport = onReport;
  }

  /**
   * Judges and records a report. The hook's execution is saved in the run record before its
   * function is invoked, so the stored state always knows the execution a report may name. The
   * write is conditional on the resourceVersion read: a concurrent change means read and judge
   * again, so no lock is held.
   */
  @Override
  public Outcome report(String deploymentId, String executionId, boolean succeeded) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<EcsDeployment> found = find(deploymentId);
      if (found.isEmpty()) {
        return Outcome.DEPLOYMENT_DOES_NOT_EXIST;
      }
      EcsDeployment deployment = found.get();
      // Lines logged while judging the report name the deployment.
      try (var logContext = DeploymentLogContext.of(deployment)) {
        Map<String, String> reports = reports(deployment);
        if (reports.containsKey(executionId)) {
          return Outcome.ALREADY_COMPLETED;
        }
        String status = succeeded ? "Succeeded" : "Failed";
        HookCallbacks.Verdict verdict =
            state(deployment)
                .map(state -> HookCallbacks.check(state, executionId, status))
                .orElse(HookCallbacks.Verdict.INVALID_EXECUTION_ID);
        switch (verdict) {
          case LIFECYCLE_EVENT_ALREADY_COMPLETED:
            return Outcome.ALREADY_COMPLETED;
          case INVALID_EXECUTION_ID:
          case INVALID_STATUS:
            return Outcome.INVALID_EXECUTION_ID;
          case ACCEPT:
            break;
        }
        reports.put(executionId, status);
        try {
          record(deployment, reports);
          LOG.info("hook execution of deployment {} reported {}", deploymentId, status);
          onReport.accept(ResourceID.fromResource(deployment));
          return Outcome.ACCEPTED;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          // Changed since we read it (a reconcile wrote it): read again and decide again.
        }
      }
    }
    throw new IllegalStateException("deployment " + deploymentId + " kept changing; try again");
  }

  /**
   * Records a result the operator itself received (a function's synchronous answer) for an
   * execution it has just started; the engine ignores a result for any other execution.
   */
  void recordAnswer(ResourceID resource, String executionId, boolean succeeded) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      EcsDeployment deployment =
          client
              .resources(EcsDeployment.class)
              .inNamespace(resource.getNamespace().orElseThrow())
              .withName(resource.getName())
              .get();
      if (deployment == null) {
        return;
      }
      Map<String, String> reports = reports(deployment);
      if (reports.putIfAbsent(executionId, succeeded ? "Succeeded" : "Failed") != null) {
        return;
      }
      try {
        record(deployment, reports);
        onReport.accept(resource);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  /** The reports recorded on the deployment, for the engine's observation. */
  List<HookReport> reportsOf(EcsDeployment deployment) {
    Map<String, String> all = reports(deployment);
    Map<String, String> written = recent.get(key(deployment));
    if (written != null) {
      written.forEach(all::putIfAbsent);
    }
    return all.entrySet().stream()
        .map(e -> new HookReport(e.getKey(), LifecycleEventStatus.valueOf(e.getValue())))
        .toList();
  }

  /**
   * The deployment with this id, as the API server has it now: found through the informer's index
   * (which holds only the deployments the label selector selects), then read by name; when the
   * index does not know the id, by label and the selector from the API server. The index knows only
   * what the controller's informer has seen: nothing while a starting replica's informer has not
   * listed yet (its endpoint already takes reports), and not a deployment it has not caught up
   * with. A miss there would refuse a report for a deployment that exists, with an error no
   * CodeDeploy client retries.
   */
  private Optional<EcsDeployment> find(String deploymentId) {
    Function<String, List<ResourceID>> index = byDeploymentId;
    if (index != null) {
      Optional<EcsDeployment> indexed =
          index.apply(deploymentId).stream()
              .map(
                  id ->
                      client
                          .resources(EcsDeployment.class)
                          .inNamespace(id.getNamespace().orElseThrow())
                          .withName(id.getName())
                          .get())
              .filter(java.util.Objects::nonNull)
              .filter(d -> deploymentId.equals(labelOf(d)))
              .findFirst();
      if (indexed.isPresent()) {
        return indexed;
      }
    }
    return findByLabel(deploymentId);
  }

  private Optional<EcsDeployment> findByLabel(String deploymentId) {
    String labels =
        DEPLOYMENT_ID_LABEL
            + "="
            + deploymentId
            + (selector.isEverything() ? "" : "," + selector.text());
    if (namespaces.isEmpty()) {
      return client
          .resources(EcsDeployment.class)
          .inAnyNamespace()
          .withLabelSelector(labels)
          .list()
          .getItems()
          .stream()
          .findFirst();
    }
    return namespaces.stream()
        .flatMap(
            namespace ->
                client
                    .resources(EcsDeployment.class)
                    .inNamespace(namespace)
                    .withLabelSelector(labels)
                    .list()
                    .getItems()
                    .stream())
        .findFirst();
  }

  private static String labelOf(EcsDeployment deployment) {
    var labels = deployment.getMetadata().getLabels();
    return labels == null ? null : labels.get(DEPLOYMENT_ID_LABEL);
  }

  private static String key(EcsDeployment deployment) {
    return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
  }

  private void record(EcsDeployment deployment, Map<String, String> reports) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    // The resourceVersion makes the patch conditional: a concurrent change answers 409.
    metadata.put("resourceVersion", deployment.getMetadata().getResourceVersion());
    metadata.put("annotations", Map.of(ANNOTATION, write(reports)));
    client
        .resources(EcsDeployment.class)
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), write(Map.of("metadata", metadata)));
    if (recent.size() > 1_000) {
      recent.clear();
    }
    recent.put(key(deployment), new LinkedHashMap<>(reports));
  }

  private static Map<String, String> reports(EcsDeployment deployment) {
    String stored =
        deployment.getMetadata().getAnnotations() == null
            ? null
            : deployment.getMetadata().getAnnotations().get(ANNOTATION);
    if (stored == null || stored.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      return new LinkedHashMap<>(JSON.readValue(stored, REPORTS));
    } catch (Exception e) {
      LOG.warn("ignoring unreadable {} on {}", ANNOTATION, deployment.getMetadata().getName());
      return new LinkedHashMap<>();
    }
  }

  private static Optional<DeploymentState> state(EcsDeployment deployment) {
    var status = deployment.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    if (status.runRecord != null) {
      return Optional.of(RunRecordCodec.decode(status.runRecord).state());
    }
    return RunRecordCodec.decodeLegacy(status.engine).map(RunRecordCodec.LegacyEngineState::state);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
