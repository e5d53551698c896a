package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One deployment of a revision to a deployment group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsDeploymentSpec {
  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(value = "self == oldSelf", message = "deploymentGroupName cannot be changed")
  @JsonPropertyDescription(
      "Name of the EcsDeploymentGroup (same namespace) to deploy to. It cannot be changed; create"
          + " a new deployment instead.")
  public String deploymentGroupName;

  @Required
  @ValidationRule(value = "self == oldSelf", message = "revision cannot be changed")
  @JsonPropertyDescription("What to deploy. It cannot be changed; create a new deployment instead.")
  public Revision revision;

  @Size(max = 1024)
  @JsonPropertyDescription("Free text describing the deployment.")
  public String description;

  @JsonPropertyDescription("Settings that replace the group's for this deployment only.")
  public DeploymentOverrides overrides;

  @JsonPropertyDescription("Stop, or end a wait early.")
  public Operations operations;
}
