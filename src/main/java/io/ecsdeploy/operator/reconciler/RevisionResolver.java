package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ecsdeploy.operator.api.v1alpha1.AppSpecFields;
import io.ecsdeploy.operator.api.v1alpha1.Revision;
import io.ecsdeploy.operator.appspec.AppSpec;
import io.ecsdeploy.operator.appspec.AppSpecException;
import io.ecsdeploy.operator.appspec.AppSpecParser;
import io.ecsdeploy.operator.appspec.StructuredAppSpec;
import io.ecsdeploy.operator.aws.FetchedRevision;
import io.ecsdeploy.operator.aws.RevisionLocation;
import io.ecsdeploy.operator.aws.RevisionStore;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a resource's revision (inline, S3 or structured) into a validated AppSpec, and says where
 * it came from. An S3 revision is read here, once per deployment.
 */
final class RevisionResolver {
  private static final ObjectMapper CANONICAL_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private RevisionResolver() {}

  /** The AppSpec and where it came from. */
  record Resolved(AppSpec appSpec, FrozenInputs.RevisionSource source) {}

  static Resolved resolve(Revision revision, RevisionStore store) throws RevisionException {
    try {
      if (revision.appSpecContent != null) {
        byte[] content = revision.appSpecContent.content.getBytes(StandardCharsets.UTF_8);
        return new Resolved(
            AppSpecParser.parse(content, revision.appSpecContent.sha256),
            new FrozenInputs.RevisionSource(
                "inline", AppSpecParser.sha256Hex(content), null, null, null, null));
      }
      if (revision.s3Location != null) {
        FetchedRevision fetched = fetch(revision, store);
        checkSha256(revision, fetched);
        return new Resolved(
            AppSpecParser.parse(fetched.content(), null),
            new FrozenInputs.RevisionSource(
                "s3",
                AppSpecParser.sha256Hex(fetched.content()),
                revision.s3Location.bucket,
                revision.s3Location.key,
                fetched.versionId(),
                fetched.etag()));
      }
      if (revision.appSpec != null) {
        return new Resolved(
            AppSpecParser.parseStructured(structured(revision.appSpec)),
            new FrozenInputs.RevisionSource(
                "structured",
                AppSpecParser.sha256Hex(canonicalJson(revision.appSpec)),
                null,
                null,
                null,
                null));
      }
    } catch (AppSpecException e) {
      throw new RevisionException(ErrorCode.INVALID_REVISION, e.getMessage());
    }
    throw new RevisionException(ErrorCode.REVISION_MISSING, "the revision names no source");
  }

  private static byte[] canonicalJson(AppSpecFields fields) {
    try {
      return CANONICAL_JSON.writeValueAsBytes(CANONICAL_JSON.valueToTree(fields));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RevisionLocation location(Revision revision) {
    return new RevisionLocation(
        revision.s3Location.bucket,
        revision.s3Location.key,
        revision.s3Location.version,
        revision.s3Location.eTag);
  }

  /** The object is the one the revision names by digest, if it names one. */
  private static void checkSha256(Revision revision, FetchedRevision fetched)
      throws RevisionException {
    String expected = revision.s3Location.sha256;
    if (expected == null) {
      return;
    }
    String actual = AppSpecParser.sha256Hex(fetched.content());
    if (!actual.equalsIgnoreCase(expected)) {
      throw new RevisionException(
          ErrorCode.INVALID_REVISION,
          location(revision) + " has SHA-256 " + actual + ", expected " + expected);
    }
  }

  private static FetchedRevision fetch(Revision revision, RevisionStore store)
      throws RevisionException {
    FetchedRevision fetched = store.fetch(location(revision));
    return switch (fetched.outcome()) {
      case FOUND -> fetched;
      case MISSING -> throw new RevisionException(ErrorCode.REVISION_MISSING, fetched.message());
      case ETAG_MISMATCH, TOO_LARGE ->
          throw new RevisionException(ErrorCode.INVALID_REVISION, fetched.message());
    };
  }

  private static StructuredAppSpec structured(AppSpecFields fields) {
    Map<String, String> hooks = new LinkedHashMap<>();
    if (fields.hooks != null) {
      putIfSet(hooks, "BeforeInstall", fields.hooks.beforeInstall);
      putIfSet(hooks, "AfterInstall", fields.hooks.afterInstall);
      putIfSet(hooks, "AfterAllowTestTraffic", fields.hooks.afterAllowTestTraffic);
      putIfSet(hooks, "BeforeAllowTraffic", fields.hooks.beforeAllowTraffic);
      putIfSet(hooks, "AfterAllowTraffic", fields.hooks.afterAllowTraffic);
    }
    var network =
        fields.networkConfiguration == null
            ? null
            : fields.networkConfiguration.awsvpcConfiguration;
    List<StructuredAppSpec.CapacityProvider> providers =
        fields.capacityProviderStrategy == null
            ? null
            : fields.capacityProviderStrategy.stream()
                .map(
                    p ->
                        new StructuredAppSpec.CapacityProvider(
                            p.capacityProvider, p.base, p.weight))
                .toList();
    return new StructuredAppSpec(
        fields.taskDefinition,
        fields.containerName,
        fields.containerPort,
        fields.platformVersion,
        network == null ? null : network.subnets,
        network == null ? null : network.securityGroups,
        network == null || network.assignPublicIp == null ? null : network.assignPublicIp.name(),
        providers,
        hooks);
  }

  private static void putIfSet(Map<String, String> hooks, String name, String function) {
    if (function != null) {
      hooks.put(name, function);
    }
  }
}
