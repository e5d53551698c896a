package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What to deploy: an AppSpec file inline, an AppSpec file in S3, or the same fields written
 * directly. Exactly one source is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.appSpecContent) ? 1 : 0) + (has(self.s3Location) ? 1 : 0)"
            + " + (has(self.appSpec) ? 1 : 0) == 1",
    message = "set exactly one revision source: appSpecContent, s3Location or appSpec")
public class Revision {
  @JsonPropertyDescription("An AppSpec file given inline, YAML or JSON.")
  public AppSpecContent appSpecContent;

  @JsonPropertyDescription("An AppSpec file stored in Amazon S3.")
  public S3Location s3Location;

  @JsonPropertyDescription("The AppSpec's fields written directly.")
  public AppSpecFields appSpec;
}
