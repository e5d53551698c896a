package io.ecsdeploy.operator.lifecycle;

/**
 * The eight lifecycle events of an ECS blue/green deployment, in the order CodeDeploy runs them.
 * Constants are spelled as CodeDeploy spells the events so that status, hook payloads and persisted
 * state read the same as CodeDeploy's API.
 */
public enum LifecycleEvent {
  BeforeInstall(true),
  Install(false),
  AfterInstall(true),
  AllowTestTraffic(false),
  AfterAllowTestTraffic(true),
  BeforeAllowTraffic(true),
  AllowTraffic(false),
  AfterAllowTraffic(true);

  private final boolean hook;

  LifecycleEvent(boolean hook) {
    this.hook = hook;
  }

  /** Whether the event only runs a Lambda function named in the AppSpec's Hooks section. */
  public boolean isHook() {
    return hook;
  }
}
