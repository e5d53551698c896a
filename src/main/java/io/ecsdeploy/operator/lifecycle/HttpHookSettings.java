package io.ecsdeploy.operator.lifecycle;

import java.util.Objects;

/**
 * How the deployment's HTTP hooks are signed: the Kubernetes Secret (in the deployment's namespace)
 * and the key in it that holds the HMAC-SHA256 key. The key itself is read at each call, so a
 * rotated Secret takes effect at once and the key is never stored in the run record.
 *
 * @param signingSecretName the Secret's name
 * @param signingSecretKey the key of the Secret's data that holds the signing key
 */
public record HttpHookSettings(String signingSecretName, String signingSecretKey) {
  public HttpHookSettings {
    Objects.requireNonNull(signingSecretName, "signingSecretName");
    Objects.requireNonNull(signingSecretKey, "signingSecretKey");
  }

  /**
   * Whether a hook target is an HTTP(S) endpoint rather than a Lambda function: a Lambda function
   * name or ARN never contains {@code "://"}.
   */
  public static boolean isEndpoint(String hookTarget) {
    return hookTarget != null
        && (hookTarget.startsWith("https://") || hookTarget.startsWith("http://"));
  }
}
