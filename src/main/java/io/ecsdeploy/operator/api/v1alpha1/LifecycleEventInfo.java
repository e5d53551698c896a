package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;

/** One lifecycle event of a deployment, as CodeDeploy's ecsTarget.lifecycleEvents shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecycleEventInfo {
  @JsonPropertyDescription(
      "BeforeInstall, Install, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic,"
          + " BeforeAllowTraffic, AllowTraffic or AfterAllowTraffic.")
  public String lifecycleEventName;

  @JsonPropertyDescription("Pending, InProgress, Succeeded, Failed, Skipped or Unknown.")
  public LifecycleEventStatus status;

  @JsonPropertyDescription("When the event started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the event ended (RFC 3339).")
  public String endTime;

  @JsonPropertyDescription("The Lambda function run by a hook event.")
  public String hookFunction;

  @JsonPropertyDescription("Why the event failed, if it did.")
  public String message;
}
