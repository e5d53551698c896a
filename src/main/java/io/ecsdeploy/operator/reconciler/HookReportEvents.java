package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Map;
import java.util.Objects;

/**
 * Reconciles a deployment as soon as a hook report is recorded on it, by whichever replica took the
 * report: this replica's {@link HookReportInbox} says so directly, and a report another replica
 * recorded arrives as a change of the {@value HookReportInbox#ANNOTATION} annotation, which the
 * controller's own informer sees (an annotation does not change the generation, so the controller
 * would otherwise wait until the hook's timeout).
 */
final class HookReportEvents extends SimpleInboundEventSource<EcsDeployment>
    implements ResourceEventAware<EcsDeployment> {
  HookReportEvents() {
    super("hook-reports");
  }

  @Override
  public void onResourceUpdated(EcsDeployment updated, EcsDeployment before) {
    if (!Objects.equals(reports(updated), reports(before))) {
      propagateEvent(ResourceID.fromResource(updated));
    }
  }

  private static String reports(EcsDeployment deployment) {
    if (deployment == null) {
      return null;
    }
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(HookReportInbox.ANNOTATION);
  }
}
