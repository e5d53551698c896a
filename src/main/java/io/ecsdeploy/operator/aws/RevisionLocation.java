package io.ecsdeploy.operator.aws;

import java.util.Objects;

/**
 * A revision (AppSpec) stored in S3.
 *
 * @param bucket the bucket
 * @param key the object key
 * @param version the object version, or {@code null} for the current one
 * @param expectedEtag the ETag the object must have (quoted or not), or {@code null} for any
 */
public record RevisionLocation(String bucket, String key, String version, String expectedEtag) {
  public RevisionLocation {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key + (version == null ? "" : "?versionId=" + version);
  }
}
