package io.ecsdeploy.operator.appspec;

import java.util.Arrays;
import java.util.Optional;

/**
 * The lifecycle hooks an ECS AppSpec may name, in the order CodeDeploy runs them. The constants are
 * spelled exactly as they appear in an AppSpec file so that they can be matched and printed without
 * translation.
 */
public enum AppSpecHook {
  BeforeInstall,
  AfterInstall,
  AfterAllowTestTraffic,
  BeforeAllowTraffic,
  AfterAllowTraffic;

  /** The hook with exactly this AppSpec name; hook names are case sensitive in CodeDeploy. */
  public static Optional<AppSpecHook> fromName(String name) {
    return Arrays.stream(values()).filter(hook -> hook.name().equals(name)).findFirst();
  }
}
