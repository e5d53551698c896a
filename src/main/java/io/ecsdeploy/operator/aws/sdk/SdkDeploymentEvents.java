package io.ecsdeploy.operator.aws.sdk;

import static io.ecsdeploy.operator.aws.sdk.SdkCalls.call;

import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.DeploymentEvents;
import io.ecsdeploy.operator.aws.DeploymentStateChange;
import io.ecsdeploy.operator.aws.StateChangeEvent;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@link DeploymentEvents} on EventBridge PutEvents. PutEvents answers 200 even when it refuses an
 * entry, with the entry's error code in the result: that is turned into a failure here, retryable
 * for throttling and internal failures, as EventBridge documents them.
 */
public final class SdkDeploymentEvents implements DeploymentEvents {

  private static final Set<String> RETRYABLE = Set.of("ThrottlingException", "InternalFailure");

  private final EventBridgeClient events;

  public SdkDeploymentEvents(EventBridgeClient events) {
    this.events = events;
  }

  @Override
  public String publish(String eventBus, DeploymentStateChange change) {
    PutEventsRequestEntry entry =
        PutEventsRequestEntry.builder()
            .eventBusName(eventBus)
            .source(change.source())
            .detailType(StateChangeEvent.DETAIL_TYPE)
            .detail(StateChangeEvent.detail(change))
            .resources(StateChangeEvent.resources(change))
            .time(change.time())
            .build();
    PutEventsResultEntry result =
        call(() -> events.putEvents(r -> r.entries(entry)).entries().get(0));
    if (result.errorCode() != null) {
      boolean retryable = RETRYABLE.contains(result.errorCode());
      throw new AwsFailure(
          "ThrottlingException".equals(result.errorCode())
              ? ErrorCode.THROTTLED
              : ErrorCode.INTERNAL_ERROR,
          retryable,
          "EventBridge",
          result.errorCode(),
          "EventBridge " + result.errorCode() + ": " + result.errorMessage(),
          null);
    }
    return result.eventId();
  }
}
