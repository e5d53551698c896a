package io.ecsdeploy.operator.aws;

import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The result of fetching a revision from S3.
 *
 * @param outcome FOUND, or why there is no usable content
 * @param content the object's bytes when FOUND, else empty
 * @param etag the object's ETag without quotes, or {@code null} when it was not read
 * @param versionId the object's version id, or {@code null}
 * @param size the object's size in bytes as S3 reported it, or -1 when unknown
 * @param message what went wrong, or {@code null} when FOUND
 */
public record FetchedRevision(
    Outcome outcome, byte[] content, String etag, String versionId, long size, String message) {

  /** Whether the object was fetched, and if not, why. */
  public enum Outcome {
    FOUND,
    /** The bucket, key or version does not exist. */
    MISSING,
    /** The object exists but its ETag is not the expected one. */
    ETAG_MISMATCH,
    /** The object is larger than the revision size limit. */
    TOO_LARGE
  }

  public FetchedRevision {
    content = content == null ? new byte[0] : content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The content as UTF-8 text. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /**
   * The CodeDeploy error the deployment fails with, if there is no usable content: REVISION_MISSING
   * for a missing object, INVALID_REVISION for a wrong ETag or size.
   */
  public Optional<ErrorCode> failureCode() {
    return switch (outcome) {
      case FOUND -> Optional.empty();
      case MISSING -> Optional.of(ErrorCode.REVISION_MISSING);
      case ETAG_MISMATCH, TOO_LARGE -> Optional.of(ErrorCode.INVALID_REVISION);
    };
  }
}
