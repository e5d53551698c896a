package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An AppSpec file given inline (CodeDeploy's AppSpecContent revision). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppSpecContent {
  @Required
  @Size(min = 1, max = 65536)
  @JsonPropertyDescription("The AppSpec file, YAML or JSON, for the ECS compute platform.")
  public String content;

  @Pattern("^[0-9a-fA-F]{64}$")
  @JsonPropertyDescription(
      "Optional SHA-256 of content, as 64 hex digits; a mismatch fails the deployment with"
          + " INVALID_REVISION.")
  public String sha256;
}
