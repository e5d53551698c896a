package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The revision a deployment runs, as it was read when the deployment registered. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevisionSummary {
  @JsonPropertyDescription("Where the AppSpec came from: inline, s3 or structured.")
  public String source;

  @JsonPropertyDescription("SHA-256 of the AppSpec that was read.")
  public String sha256;

  @JsonPropertyDescription("The replacement task set's task definition.")
  public String taskDefinition;

  @JsonPropertyDescription("The container that receives traffic, and its port (name:port).")
  public String container;

  @JsonPropertyDescription(
      "How the replacement task set is launched: a launch type (FARGATE, EC2), or a capacity"
          + " provider strategy; from the AppSpec, else from the service.")
  public String launch;

  @JsonPropertyDescription("For an S3 revision: the object version that was read.")
  public String s3VersionId;

  @JsonPropertyDescription("For an S3 revision: the ETag of the object that was read.")
  public String s3ETag;
}
