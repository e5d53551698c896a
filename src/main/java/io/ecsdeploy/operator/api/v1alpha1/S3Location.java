package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An AppSpec file stored in Amazon S3 (CodeDeploy's S3 revision). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Location {
  @Required
  @Size(min = 3, max = 63)
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  @JsonPropertyDescription("Name of the bucket.")
  public String bucket;

  @Required
  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("Key of the AppSpec object (YAML or JSON).")
  public String key;

  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("Optional object version; without it the latest version is read.")
  public String version;

  @Size(min = 1, max = 1024)
  @JsonPropertyDescription(
      "Optional ETag the object must have; a different object fails the deployment with"
          + " INVALID_REVISION.")
  public String eTag;

  @Pattern("^[0-9a-fA-F]{64}$")
  @JsonPropertyDescription(
      "Optional SHA-256 the object's content must have, as 64 hex digits (unlike the ETag, the"
          + " same however the object was uploaded or encrypted); a different object fails the"
          + " deployment with INVALID_REVISION.")
  public String sha256;
}
