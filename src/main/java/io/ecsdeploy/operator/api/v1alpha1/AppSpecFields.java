package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The fields of an ECS AppSpec file written directly as YAML of the resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppSpecFields {
  @Required
  @Pattern(ArnPatterns.TASK_DEFINITION)
  @JsonPropertyDescription(
      "Task definition of the replacement task set: an ARN, or family:revision.")
  public String taskDefinition;

  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription(
      "Container that receives load balancer traffic; must be a container of the task definition.")
  public String containerName;

  @Required
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port of that container that receives the traffic.")
  public Integer containerPort;

  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Fargate platform version, e.g. LATEST or 1.4.0.")
  public String platformVersion;

  @JsonPropertyDescription("Network settings; absent means the service's current ones.")
  public NetworkConfiguration networkConfiguration;

  @Size(max = 6)
  @JsonPropertyDescription("Capacity provider strategy of the replacement task set.")
  public List<CapacityProviderStrategyItem> capacityProviderStrategy;

  @JsonPropertyDescription("Lambda functions run at the hook lifecycle events.")
  public LifecycleHooks hooks;
}
