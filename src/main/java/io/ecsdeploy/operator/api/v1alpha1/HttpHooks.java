package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Lifecycle hooks served by HTTP(S) endpoints instead of Lambda functions: the operator POSTs
 * CodeDeploy's payload and the deployment's context, signed with HMAC-SHA256, to the endpoint of
 * each hook event. An event has one hook: the AppSpec must not also name a Lambda function for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpHooks {
  // No user info (user:password@): the endpoint shows in the status and the logs, and the
  // signature is what authenticates the operator.
  private static final String URL = "self.matches('^https?://[^ /?#@]+([/?#][^ ]*)?$')";

  private static final String URL_MESSAGE =
      "must be an http:// or https:// URL, without spaces or user info (user:password@)";

  @Required
  @JsonPropertyDescription(
      "The Secret key holding the HMAC-SHA256 signing key; read at each call, so rotating the"
          + " Secret takes effect at once.")
  public SecretKeyRef signingSecret;

  @ValidationRule(value = URL, message = URL_MESSAGE)
  @Size(max = 2048)
  @JsonPropertyDescription("Endpoint called before the replacement task set is created.")
  public String beforeInstall;

  @ValidationRule(value = URL, message = URL_MESSAGE)
  @Size(max = 2048)
  @JsonPropertyDescription("Endpoint called after the replacement task set is created and stable.")
  public String afterInstall;

  @ValidationRule(value = URL, message = URL_MESSAGE)
  @Size(max = 2048)
  @JsonPropertyDescription("Endpoint called after the test route reaches the replacement.")
  public String afterAllowTestTraffic;

  @ValidationRule(value = URL, message = URL_MESSAGE)
  @Size(max = 2048)
  @JsonPropertyDescription("Endpoint called before production traffic moves.")
  public String beforeAllowTraffic;

  @ValidationRule(value = URL, message = URL_MESSAGE)
  @Size(max = 2048)
  @JsonPropertyDescription("Endpoint called after all production traffic has moved.")
  public String afterAllowTraffic;
}
