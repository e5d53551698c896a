package io.ecsdeploy.operator.lifecycle;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** Deployment ids in CodeDeploy's shape: {@code d-} followed by nine of {@code [A-Z0-9]}. */
public final class DeploymentIds {
  private static final int ID_LENGTH = 9;

  private DeploymentIds() {}

  /**
   * The id of the rollback of {@code deploymentId}. Derived rather than random so that every
   * decision (and every operator replica) names the same rollback.
   */
  public static String rollbackIdFor(String deploymentId) {
    byte[] digest = sha256("rollback:" + deploymentId);
    String base36 = new BigInteger(1, digest).toString(36).toUpperCase(Locale.ROOT);
    return "d-" + base36.substring(0, ID_LENGTH);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
