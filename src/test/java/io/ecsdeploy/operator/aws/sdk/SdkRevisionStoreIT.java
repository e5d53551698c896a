package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.FetchedRevision;
import io.ecsdeploy.operator.aws.RevisionLocation;
import io.ecsdeploy.operator.aws.RevisionStore;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Revisions fetched from a versioned bucket in moto's S3. */
@ExtendWith(AwsEmulatorsExtension.class)
class SdkRevisionStoreIT {

  private static final String BUCKET = "shop-revisions";
  private static final String KEY = "web/appspec.yaml";
  private static final String FIRST =
      "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n";
  private static final String SECOND = FIRST + "Hooks:\n  - BeforeInstall: check\n";

  private static AwsClientFactory factory;
  private static RevisionStore store;
  private static PutObjectResponse first;
  private static PutObjectResponse second;

  @BeforeAll
  static void versionedBucket() {
    AwsEmulatorsExtension.reset();
    try (S3Client s3 = EmulatorClients.s3()) {
      s3.createBucket(r -> r.bucket(BUCKET));
      s3.putBucketVersioning(
          r ->
              r.bucket(BUCKET)
                  .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
      first = s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromString(FIRST));
      second = s3.putObject(r -> r.bucket(BUCKET).key(KEY), RequestBody.fromString(SECOND));
      s3.putObject(
          r -> r.bucket(BUCKET).key("big.yaml"),
          RequestBody.fromBytes(new byte[RevisionStore.MAX_REVISION_BYTES + 1]));
      s3.putObject(
          r -> r.bucket(BUCKET).key("just-fits.yaml"),
          RequestBody.fromBytes(new byte[RevisionStore.MAX_REVISION_BYTES]));
    }
    factory = EmulatorFactory.create();
    store = factory.clients(EmulatorFactory.REGION).revisionStore();
  }

  @AfterAll
  static void close() {
    factory.close();
  }

  @Test
  void fetchesTheCurrentVersion() {
    FetchedRevision revision = store.fetch(new RevisionLocation(BUCKET, KEY, null, null));

    assertThat(revision.outcome()).isEqualTo(FetchedRevision.Outcome.FOUND);
    assertThat(revision.text()).isEqualTo(SECOND);
    assertThat(revision.versionId()).isEqualTo(second.versionId());
    assertThat(revision.etag()).isEqualTo(second.eTag().replace("\"", ""));
    assertThat(revision.failureCode()).isEmpty();
  }

  @Test
  void fetchesAnOlderVersionWithItsEtag() {
    FetchedRevision revision =
        store.fetch(new RevisionLocation(BUCKET, KEY, first.versionId(), first.eTag()));

    assertThat(revision.outcome()).isEqualTo(FetchedRevision.Outcome.FOUND);
    assertThat(revision.text()).isEqualTo(FIRST);
    assertThat(revision.size()).isEqualTo(FIRST.length());
  }

  @Test
  void anEtagMismatchIsReportedAndNoContentReturned() {
    FetchedRevision revision =
        store.fetch(new RevisionLocation(BUCKET, KEY, null, first.eTag().replace("\"", "")));

    assertThat(revision.outcome()).isEqualTo(FetchedRevision.Outcome.ETAG_MISMATCH);
    assertThat(revision.content()).isEmpty();
    assertThat(revision.failureCode()).contains(ErrorCode.INVALID_REVISION);
    assertThat(revision.message()).contains(first.eTag().replace("\"", ""));
  }

  @Test
  void missingKeyBucketAndVersionAreReportedMissing() {
    FetchedRevision noKey = store.fetch(new RevisionLocation(BUCKET, "web/nope.yaml", null, null));
    FetchedRevision noBucket =
        store.fetch(new RevisionLocation("no-such-bucket-here", KEY, null, null));
    FetchedRevision noVersion =
        store.fetch(
            new RevisionLocation(BUCKET, KEY, "00000000-0000-0000-0000-000000000000", null));

    for (FetchedRevision missing : new FetchedRevision[] {noKey, noBucket, noVersion}) {
      assertThat(missing.outcome()).isEqualTo(FetchedRevision.Outcome.MISSING);
      assertThat(missing.failureCode()).contains(ErrorCode.REVISION_MISSING);
    }
    assertThat(noKey.message()).contains("NoSuchKey");
    assertThat(noBucket.message()).contains("NoSuchBucket");
    assertThat(noVersion.message()).contains("NoSuchVersion");
  }

  @Test
  void aRevisionOverTheSizeLimitIsRefused() {
    FetchedRevision big = store.fetch(new RevisionLocation(BUCKET, "big.yaml", null, null));
    FetchedRevision fits = store.fetch(new RevisionLocation(BUCKET, "just-fits.yaml", null, null));

    assertThat(big.outcome()).isEqualTo(FetchedRevision.Outcome.TOO_LARGE);
    assertThat(big.size()).isEqualTo(RevisionStore.MAX_REVISION_BYTES + 1);
    assertThat(big.failureCode()).contains(ErrorCode.INVALID_REVISION);
    assertThat(fits.outcome()).isEqualTo(FetchedRevision.Outcome.FOUND);
    assertThat(fits.content()).hasSize(RevisionStore.MAX_REVISION_BYTES);
  }

  @Test
  void anUnreachableStoreIsARetryableFailureNotAMissingRevision() {
    AwsClientConfig unreachable =
        EmulatorFactory.config()
            .withEndpoint(AwsService.S3, java.net.URI.create("http://127.0.0.1:9"));
    try (AwsClientFactory broken = new AwsClientFactory(unreachable)) {
      RevisionStore nowhere = broken.clients(EmulatorFactory.REGION).revisionStore();

      assertThatThrownBy(() -> nowhere.fetch(new RevisionLocation(BUCKET, KEY, null, null)))
          .isInstanceOfSatisfying(
              AwsFailure.class,
              failure -> {
                assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                assertThat(failure.retryable()).isTrue();
              });
    }
  }
}
