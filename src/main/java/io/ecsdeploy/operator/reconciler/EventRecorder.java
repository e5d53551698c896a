package io.ecsdeploy.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on the resources, which {@code kubectl describe} and {@code kubectl
 * events} show. An event that cannot be written is logged and dropped: it must never hold up a
 * deployment.
 */
public final class EventRecorder {
  static final String CONTROLLER = "ecs-deploy-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.instance = System.getenv().getOrDefault("HOSTNAME", "local");
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    Instant now = Instant.now(clock);
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                resource.getMetadata().getName()
                    + "."
                    + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(resource.getMetadata().getNamespace())
            .endMetadata()
            .withEventTime(new MicroTime(MICRO_TIME.format(now)))
            .withReportingController(CONTROLLER)
            .withReportingInstance(instance)
            .withAction(reason)
            .withReason(reason)
            .withType(type)
            .withNote(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
            .withRegarding(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace())
                    .withUid(resource.getMetadata().getUid())
                    .withResourceVersion(resource.getMetadata().getResourceVersion())
                    .build())
            .build();
    try {
      KubernetesCallTime.measure(
          () ->
              client
                  .events()
                  .v1()
                  .events()
                  .inNamespace(resource.getMetadata().getNamespace())
                  .resource(event)
                  .create());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}: {}",
          reason,
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
