package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One of the two target groups that the original and replacement task sets alternate between. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetGroupRef {
  @Required
  @Pattern(ArnPatterns.TARGET_GROUP)
  @JsonPropertyDescription(
      "ARN of the target group, e.g."
          + " arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-blue/0123456789abcdef.")
  public String arn;
}
