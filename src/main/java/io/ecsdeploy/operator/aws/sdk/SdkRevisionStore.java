package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.FetchedRevision;
import io.ecsdeploy.operator.aws.RevisionLocation;
import io.ecsdeploy.operator.aws.RevisionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** {@link RevisionStore} on S3 GetObject (s3:GetObject, s3:GetObjectVersion with a version). */
public final class SdkRevisionStore implements RevisionStore {

  private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchBucket", "NoSuchVersion");

  private final S3Client s3;
  private final int maxBytes;

  public SdkRevisionStore(S3Client s3) {
    this(s3, MAX_REVISION_BYTES);
  }

  SdkRevisionStore(S3Client s3, int maxBytes) {
    this.s3 = s3;
    this.maxBytes = maxBytes;
  }

  @Override
  public FetchedRevision fetch(RevisionLocation location) {
    GetObjectRequest.Builder request =
        GetObjectRequest.builder().bucket(location.bucket()).key(location.key());
    if (location.version() != null) {
      request.versionId(location.version());
    }
    try (ResponseInputStream<GetObjectResponse> object = s3.getObject(request.build())) {
      GetObjectResponse metadata = object.response();
      String etag = unquoted(metadata.eTag());
      long size = metadata.contentLength() == null ? -1 : metadata.contentLength();
      String version = metadata.versionId();
      if (location.expectedEtag() != null
          && !unquoted(location.expectedEtag()).equalsIgnoreCase(etag)) {
        object.abort();
        return new FetchedRevision(
            FetchedRevision.Outcome.ETAG_MISMATCH,
            null,
            etag,
            version,
            size,
            location + " has ETag " + etag + ", expected " + unquoted(location.expectedEtag()));
      }
      if (size > maxBytes) {
        object.abort();
        return tooLarge(location, etag, version, size);
      }
      byte[] content = object.readNBytes(maxBytes + 1);
      if (content.length > maxBytes) {
        object.abort();
        return tooLarge(location, etag, version, size);
      }
      return new FetchedRevision(
          FetchedRevision.Outcome.FOUND, content, etag, version, content.length, null);
    } catch (SdkException e) {
      String code = AwsErrors.errorCode(e);
      if (code != null && MISSING.contains(code)) {
        return new FetchedRevision(
            FetchedRevision.Outcome.MISSING,
            null,
            null,
            null,
            -1,
            location + " does not exist (" + code + ")");
      }
      throw AwsErrors.classify(e);
    } catch (IOException e) {
      throw AwsErrors.classify(new UncheckedIOException("reading " + location + " failed", e));
    }
  }

  private FetchedRevision tooLarge(
      RevisionLocation location, String etag, String version, long size) {
    return new FetchedRevision(
        FetchedRevision.Outcome.TOO_LARGE,
        null,
        etag,
        version,
        size,
        location
            + (size < 0 ? " is larger than" : " is " + size + " bytes, over")
            + " the "
            + maxBytes
            + "-byte limit for a revision");
  }

  private static String unquoted(String etag) {
    if (etag == null) {
      return null;
    }
    String trimmed = etag.trim();
    if (trimmed.startsWith("W/")) {
      trimmed = trimmed.substring(2);
    }
    if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
      trimmed = trimmed.substring(1, trimmed.length() - 1);
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}
