package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the engine needs to know about a deployment that does not change while it runs: the
 * deployment group's settings with the deployment's overrides applied, and the revision's hooks.
 *
 * @param deploymentId the deployment's id, such as {@code d-ABCDEF123}
 * @param externalId marks the replacement task set so it can be found (and adopted after a restart)
 *     without remembering its ARN; derived by the caller from the deployment's UID
 * @param targetGroups the group's two target group ARNs
 * @param testListener whether the group has a test listener
 * @param trafficRouting how production traffic moves
 * @param hookFunctions the hook per hook event: a Lambda function from the revision's Hooks
 *     section, or an HTTP(S) endpoint from the group's {@code httpHooks} ({@link
 *     HttpHookSettings#isEndpoint})
 * @param readyAction what to do once the replacement is installed and tested
 * @param readyWait how long STOP_DEPLOYMENT waits for a continue
 * @param terminationAction what becomes of the original task set
 * @param terminationWait how long TERMINATE waits before deleting the original task set
 * @param alarms alarm monitoring
 * @param autoRollback automatic rollback
 * @param triggers SNS triggers
 * @param eventBridge where state changes are published as EventBridge events; {@code null} for
 *     nowhere
 * @param hookTimeout how long a hook may take to report (CodeDeploy: one hour)
 * @param steadyStateTimeout how long the replacement task set may take to become stable
 *     (CodeDeploy: one hour)
 * @param unsteadyTrafficTimeout how long the replacement may stay unstable while traffic shifts
 *     (CodeDeploy: five minutes)
 * @param pollInterval how often to look again while waiting on AWS or watching alarms
 * @param reissueAfter how long an action whose effect is not yet visible is given before it is sent
 *     again; protects the account's API budget from eventually consistent reads
 * @param maxActionAttempts how many times an action that fails with a retryable error is tried
 * @param targetHealth the gate on the replacement's target health before traffic moves to it;
 *     {@code null} for none ({@link #targetHealthGate})
 * @param httpHooks how HTTP hooks are signed; {@code null} when the group has none
 * @param analysis the analysis checks run during each traffic step's wait and the termination wait
 */
public record DeploymentSettings(
    String deploymentId,
    String externalId,
    List<String> targetGroups,
    boolean testListener,
    TrafficRouting trafficRouting,
    Map<LifecycleEvent, String> hookFunctions,
    DeploymentReadyAction readyAction,
    Duration readyWait,
    TerminationAction terminationAction,
    Duration terminationWait,
    AlarmSettings alarms,
    AutoRollbackSettings autoRollback,
    List<TriggerSettings> triggers,
    EventBridgeSettings eventBridge,
    Duration hookTimeout,
    Duration steadyStateTimeout,
    Duration unsteadyTrafficTimeout,
    Duration pollInterval,
    Duration reissueAfter,
    int maxActionAttempts,
    TargetHealthSettings targetHealth,
    HttpHookSettings httpHooks,
    List<AnalysisCheck> analysis) {

  public DeploymentSettings {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(externalId, "externalId");
    targetGroups = List.copyOf(targetGroups);
    if (targetGroups.size() != 2 || targetGroups.get(0).equals(targetGroups.get(1))) {
      throw new IllegalArgumentException(
          "a deployment group needs exactly two different target groups, found " + targetGroups);
    }
    Objects.requireNonNull(trafficRouting, "trafficRouting");
    EnumMap<LifecycleEvent, String> hooks = new EnumMap<>(LifecycleEvent.class);
    hooks.putAll(hookFunctions);
    if (hooks.keySet().stream().anyMatch(event -> !event.isHook())) {
      throw new IllegalArgumentException("only hook events can name a function: " + hooks.keySet());
    }
    hookFunctions = Map.copyOf(hooks);
    Objects.requireNonNull(readyAction, "readyAction");
    Objects.requireNonNull(readyWait, "readyWait");
    Objects.requireNonNull(terminationAction, "terminationAction");
    Objects.requireNonNull(terminationWait, "terminationWait");
    Objects.requireNonNull(alarms, "alarms");
    Objects.requireNonNull(autoRollback, "autoRollback");
    triggers = List.copyOf(triggers);
    Objects.requireNonNull(hookTimeout, "hookTimeout");
    Objects.requireNonNull(steadyStateTimeout, "steadyStateTimeout");
    Objects.requireNonNull(unsteadyTrafficTimeout, "unsteadyTrafficTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(reissueAfter, "reissueAfter");
    if (maxActionAttempts < 1) {
      throw new IllegalArgumentException("maxActionAttempts must be at least 1");
    }
    // No gate is stored as none, so that the run records of groups without one read and write
    // as they did before the gate existed.
    targetHealth = targetHealth == null || !targetHealth.enabled() ? null : targetHealth;
    if (httpHooks == null
        && hookFunctions.values().stream().anyMatch(HttpHookSettings::isEndpoint)) {
      throw new IllegalArgumentException("HTTP hooks need a signing Secret");
    }
    // Settings frozen before analysis existed have none.
    analysis = analysis == null ? List.of() : List.copyOf(analysis);
    if (analysis.stream().map(AnalysisCheck::name).distinct().count() != analysis.size()) {
      throw new IllegalArgumentException("analysis check names must be unique");
    }
  }

  /** Settings with CodeDeploy's defaults, to be adjusted with the builder's setters. */
  public static Builder builder(
      String deploymentId, String firstTargetGroup, String secondTargetGroup) {
    return new Builder(deploymentId, firstTargetGroup, secondTargetGroup);
  }

  /** The hook for {@code event} (a Lambda function or an HTTP endpoint), if there is one. */
  public Optional<String> hookFunction(LifecycleEvent event) {
    return Optional.ofNullable(hookFunctions.get(event));
  }

  /** The target-health gate; a disabled one when the group has none. */
  public TargetHealthSettings targetHealthGate() {
    return targetHealth == null ? TargetHealthSettings.disabled() : targetHealth;
  }

  /** The target group that is not {@code targetGroup}. */
  public String otherTargetGroup(String targetGroup) {
    return targetGroups.get(0).equals(targetGroup) ? targetGroups.get(1) : targetGroups.get(0);
  }

  /** Builds {@link DeploymentSettings}, starting from CodeDeploy's defaults. */
  public static final class Builder {
    private final String deploymentId;
    private final List<String> targetGroups;
    private String externalId;
    private boolean testListener;
    private TrafficRouting trafficRouting = TrafficRouting.allAtOnce();
    private final Map<LifecycleEvent, String> hookFunctions = new EnumMap<>(LifecycleEvent.class);
    private DeploymentReadyAction readyAction = DeploymentReadyAction.CONTINUE_DEPLOYMENT;
    private Duration readyWait = Duration.ZERO;
    private TerminationAction terminationAction = TerminationAction.TERMINATE;
    private Duration terminationWait = Duration.ZERO;
    private AlarmSettings alarms = AlarmSettings.disabled();
    private AutoRollbackSettings autoRollback = AutoRollbackSettings.disabled();
    private final List<TriggerSettings> triggers = new ArrayList<>();
    private EventBridgeSettings eventBridge;
    private Duration hookTimeout = Duration.ofHours(1);
    private Duration steadyStateTimeout = Duration.ofHours(1);
    private Duration unsteadyTrafficTimeout = Duration.ofMinutes(5);
    private Duration pollInterval = Duration.ofSeconds(15);
    private Duration reissueAfter = Duration.ofSeconds(30);
    private int maxActionAttempts = 5;
    private TargetHealthSettings targetHealth = TargetHealthSettings.disabled();
    private HttpHookSettings httpHooks;
    private final List<AnalysisCheck> analysis = new ArrayList<>();

    private Builder(String deploymentId, String firstTargetGroup, String secondTargetGroup) {
      this.deploymentId = deploymentId;
      this.externalId = deploymentId;
      this.targetGroups = List.of(firstTargetGroup, secondTargetGroup);
    }

    public Builder externalId(String externalId) {
      this.externalId = externalId;
      return this;
    }

    public Builder testListener(boolean testListener) {
      this.testListener = testListener;
      return this;
    }

    public Builder trafficRouting(TrafficRouting trafficRouting) {
      this.trafficRouting = trafficRouting;
      return this;
    }

    public Builder hook(LifecycleEvent event, String function) {
      hookFunctions.put(event, function);
      return this;
    }

    public Builder hooks(Map<LifecycleEvent, String> functions) {
      hookFunctions.putAll(functions);
      return this;
    }

    public Builder ready(DeploymentReadyAction action, Duration wait) {
      this.readyAction = action;
      this.readyWait = wait;
      return this;
    }

    public Builder termination(TerminationAction action, Duration wait) {
      this.terminationAction = action;
      this.terminationWait = wait;
      return this;
    }

    public Builder alarms(AlarmSettings alarms) {
      this.alarms = alarms;
      return this;
    }

    public Builder autoRollback(AutoRollbackSettings autoRollback) {
      this.autoRollback = autoRollback;
      return this;
    }

    public Builder trigger(TriggerSettings trigger) {
      triggers.add(trigger);
      return this;
    }

    public Builder eventBridge(EventBridgeSettings eventBridge) {
      this.eventBridge = eventBridge;
      return this;
    }

    public Builder hookTimeout(Duration hookTimeout) {
      this.hookTimeout = hookTimeout;
      return this;
    }

    public Builder steadyStateTimeout(Duration steadyStateTimeout) {
      this.steadyStateTimeout = steadyStateTimeout;
      return this;
    }

    public Builder unsteadyTrafficTimeout(Duration unsteadyTrafficTimeout) {
      this.unsteadyTrafficTimeout = unsteadyTrafficTimeout;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder reissueAfter(Duration reissueAfter) {
      this.reissueAfter = reissueAfter;
      return this;
    }

    public Builder maxActionAttempts(int maxActionAttempts) {
      this.maxActionAttempts = maxActionAttempts;
      return this;
    }

    public Builder targetHealth(TargetHealthSettings targetHealth) {
      this.targetHealth = targetHealth;
      return this;
    }

    public Builder httpHooks(HttpHookSettings httpHooks) {
      this.httpHooks = httpHooks;
      return this;
    }

    public Builder analysis(AnalysisCheck check) {
      analysis.add(check);
      return this;
    }

    public DeploymentSettings build() {
      return new DeploymentSettings(
          deploymentId,
          externalId,
          targetGroups,
          testListener,
          trafficRouting,
          hookFunctions,
          readyAction,
          readyWait,
          terminationAction,
          terminationWait,
          alarms,
          autoRollback,
          triggers,
          eventBridge,
          hookTimeout,
          steadyStateTimeout,
          unsteadyTrafficTimeout,
          pollInterval,
          reissueAfter,
          maxActionAttempts,
          targetHealth,
          httpHooks,
          analysis);
    }
  }
}
