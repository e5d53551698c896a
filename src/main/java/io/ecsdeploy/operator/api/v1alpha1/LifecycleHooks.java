package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * Lambda functions run at the hook lifecycle events (the AppSpec's Hooks section). Each is a
 * function name, a partial ARN or a full ARN, optionally with a version or alias.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecycleHooks {
  private static final String FUNCTION =
      "^(arn:aws[a-z-]*:lambda:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$";

  @Pattern(FUNCTION)
  @JsonPropertyDescription("Function run before the replacement task set is created.")
  public String beforeInstall;

  @Pattern(FUNCTION)
  @JsonPropertyDescription("Function run after the replacement task set is created and stable.")
  public String afterInstall;

  @Pattern(FUNCTION)
  @JsonPropertyDescription("Function run after the test route reaches the replacement.")
  public String afterAllowTestTraffic;

  @Pattern(FUNCTION)
  @JsonPropertyDescription("Function run before production traffic moves.")
  public String beforeAllowTraffic;

  @Pattern(FUNCTION)
  @JsonPropertyDescription("Function run after all production traffic has moved.")
  public String afterAllowTraffic;
}
