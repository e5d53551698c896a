package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** Settings shared by the deployment groups of an application. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsApplicationSpec {
  @Size(max = 1024)
  @JsonPropertyDescription("Free text describing the application.")
  public String description;

  @Pattern(ArnPatterns.AWS_REGION)
  @JsonPropertyDescription(
      "AWS region of the application's services, e.g. us-east-1; defaults to the operator's"
          + " region. A deployment group may override it.")
  public String region;

  @Pattern(ArnPatterns.IAM_ROLE)
  @JsonPropertyDescription(
      "IAM role the operator assumes (STS AssumeRole) for this application's AWS calls, like"
          + " CodeDeploy's service role. A deployment group may override it.")
  public String roleArn;

  @Size(max = 50)
  @JsonPropertyDescription(
      "Tags describing the application, as CodeDeploy's application tags; kept on the resource,"
          + " not sent to AWS.")
  public Map<String, String> tags;
}
