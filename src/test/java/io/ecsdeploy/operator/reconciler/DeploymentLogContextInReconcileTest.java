package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentSpec;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.metrics.DeploymentMetrics;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.ResourceOperations;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every line logged while the deployment controller works on a deployment names it: its namespace,
 * name, group and deployment id are in the MDC for the reconcile (or cleanup) and gone after it.
 */
class DeploymentLogContextInReconcileTest {
  private final Logger reconcilerLog =
      (Logger) LoggerFactory.getLogger(EcsDeploymentReconciler.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final FakeAwsPorts aws = new FakeAwsPorts();
  private final KubernetesClient nowhere =
      new KubernetesClientBuilder()
          .withConfig(
              new ConfigBuilder()
                  .withMasterUrl("https://127.0.0.1:1")
                  .withRequestRetryBackoffLimit(0)
                  .build())
          .build();
  private final StatusWrites statusWrites = new StatusWrites();
  private EcsDeploymentReconciler reconciler;

  @BeforeEach
  void listenToTheReconcilersLog() {
    lines.start();
    reconcilerLog.addAppender(lines);
    reconciler =
        new EcsDeploymentReconciler(
            (region, role) -> aws.ports(),
            Clock.systemUTC(),
            Duration.ofSeconds(5),
            "eu-west-1",
            new HookReportInbox(nowhere),
            new EventRecorder(nowhere, Clock.systemUTC()),
            new DeploymentMetrics(new SimpleMeterRegistry()));
  }

  @AfterEach
  void stopListening() {
    reconcilerLog.detachAppender(lines);
    nowhere.close();
    MDC.clear();
  }

  @Test
  void aLineLoggedDuringAReconcileNamesTheDeployment() {
    // Given a deployment whose create of the replacement was saved but not known to be performed
    EcsDeployment deployment = deploymentCreatingItsReplacement();

    // When it is reconciled (after a restart, so the create is performed again)
    reconciler.reconcile(deployment, statusWrites);

    // Then the line about it names it, and the thread's MDC is clear again
    assertThat(statusWrites.written).as("the outcome of the create was saved").hasSize(1);
    ILoggingEvent line = onlyLineContaining("again after a restart");
    assertThat(line.getMDCPropertyMap())
        .containsEntry("namespace", "apps")
        .containsEntry("deployment", "web-release-2")
        .containsEntry("deploymentGroup", "web-group")
        .containsEntry("deploymentId", "d-TESTDEPL1");
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aLineLoggedDuringACleanupNamesTheDeployment() {
    EcsDeployment deployment = deploymentCreatingItsReplacement();

    reconciler.cleanup(deployment, statusWrites);

    assertThat(onlyLineContaining("again after a restart").getMDCPropertyMap())
        .containsEntry("namespace", "apps")
        .containsEntry("deployment", "web-release-2")
        .containsEntry("deploymentGroup", "web-group")
        .containsEntry("deploymentId", "d-TESTDEPL1");
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  private ILoggingEvent onlyLineContaining(String text) {
    List<ILoggingEvent> found =
        lines.list.stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static EcsDeployment deploymentCreatingItsReplacement() {
    EcsDeployment deployment = new EcsDeployment();
    deployment.getMetadata().setNamespace("apps");
    deployment.getMetadata().setName("web-release-2");
    deployment.getMetadata().setGeneration(1L);
    deployment.setSpec(new EcsDeploymentSpec());
    deployment.getSpec().deploymentGroupName = "web-group";
    deployment.setStatus(new EcsDeploymentStatus());
    RunRecord record = RunRecordCodecTest.creatingTheReplacement();
    deployment.getStatus().deploymentId = record.state().deploymentId(); // d-TESTDEPL1
    deployment.getStatus().runRecord = RunRecordCodec.encode(record);
    return deployment;
  }

  /**
   * The context of one reconcile, as far as this path uses it: the status write, recorded. The rest
   * is never reached on this path.
   */
  private static final class StatusWrites implements Context<EcsDeployment> {
    final List<EcsDeployment> written = new ArrayList<>();

    @Override
    public ResourceOperations<EcsDeployment> resourceOperations() {
      return new ResourceOperations<>(this) {
        @Override
        public EcsDeployment serverSideApplyPrimaryStatus(EcsDeployment statusOnly) {
          written.add(statusOnly);
          return statusOnly;
        }
      };
    }

    @Override
    public Optional<RetryInfo> getRetryInfo() {
      return Optional.empty();
    }

    @Override
    public <R> Set<R> getSecondaryResources(Class<R> type, boolean deduplicate) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <R> Stream<R> getSecondaryResourcesAsStream(Class<R> type, boolean deduplicate) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <R> Optional<R> getSecondaryResource(Class<R> type, String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ControllerConfiguration<EcsDeployment> getControllerConfiguration() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
      throw new UnsupportedOperationException();
    }

    @Override
    public EventSourceRetriever<EcsDeployment> eventSourceRetriever() {
      throw new UnsupportedOperationException();
    }

    @Override
    public KubernetesClient getClient() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ExecutorService getWorkflowExecutorService() {
      throw new UnsupportedOperationException();
    }

    @Override
    public EcsDeployment getPrimaryResource() {
      throw new UnsupportedOperationException();
    }

    @Override
    public IndexedResourceCache<EcsDeployment> getPrimaryCache() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isNextReconciliationImminent() {
      return false;
    }

    @Override
    public boolean isPrimaryResourceDeleted() {
      return false;
    }

    @Override
    public boolean isPrimaryResourceFinalStateUnknown() {
      return false;
    }
  }
}
