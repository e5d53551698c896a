package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The ECS service a deployment group deploys to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsServiceRef {
  @Required
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription("Name of the ECS cluster that runs the service.")
  public String clusterName;

  @Required
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription(
      "Name of the ECS service. Its deployment controller must be EXTERNAL: task sets are the API the"
          + " operator deploys with.")
  public String serviceName;
}
