package io.ecsdeploy.operator.aws;

/** Revisions (AppSpec files) kept in S3. */
public interface RevisionStore {

  /** Revisions larger than this are refused: an AppSpec is small, and it ends up in status. */
  int MAX_REVISION_BYTES = 64 * 1024;

  /**
   * Fetches the object. A missing bucket, key or version, a wrong ETag and an object over {@link
   * #MAX_REVISION_BYTES} are outcomes; other failures (permissions, throttling) throw {@link
   * AwsFailure}. Note that S3 answers AccessDenied instead of NoSuchKey when the caller may not
   * list the bucket.
   */
  FetchedRevision fetch(RevisionLocation location);
}
