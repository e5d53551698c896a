package io.ecsdeploy.operator.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller read from AWS (and from the hook endpoint and the deployment group) just before
 * asking the engine for a decision. The engine trusts nothing else about the outside world: every
 * step it takes is confirmed here before the next one.
 *
 * @param taskSets every task set of the ECS service
 * @param productionListener how the production listener splits traffic now
 * @param testListener how the test listener splits traffic now; {@code null} without a test
 *     listener
 * @param alarms this time's alarm poll
 * @param hookReports hook results received since the hook was invoked
 * @param actionFailure the previous decision's action failed; {@code null} when it succeeded or
 *     there was none
 * @param groupBusy another deployment of the same group runs or is ahead in the queue, or the
 *     deployment may not start for another reason the caller knows (its group is not ready)
 * @param replacementTargetHealth the replacement target group's targets by health, read only while
 *     the target-health gate may need them (before test or production traffic moves); {@code null}
 *     when not read
 * @param analysisMeasurements the analysis checks measured just now, those {@link Analysis#due}
 *     named
 */
public record Observation(
    List<ObservedTaskSet> taskSets,
    TrafficWeights productionListener,
    TrafficWeights testListener,
    AlarmObservation alarms,
    List<HookReport> hookReports,
    ActionFailure actionFailure,
    boolean groupBusy,
    TargetHealth replacementTargetHealth,
    List<AnalysisMeasurement> analysisMeasurements) {

  public Observation {
    taskSets = List.copyOf(taskSets);
    Objects.requireNonNull(productionListener, "productionListener");
    Objects.requireNonNull(alarms, "alarms");
    hookReports = List.copyOf(hookReports);
    analysisMeasurements =
        analysisMeasurements == null ? List.of() : List.copyOf(analysisMeasurements);
  }

  /** Starts an observation of the given production listener split. */
  public static Builder builder(TrafficWeights productionListener) {
    return new Builder(productionListener);
  }

  /** The task set with this external id. */
  public Optional<ObservedTaskSet> taskSetWithExternalId(String externalId) {
    return taskSets.stream().filter(taskSet -> externalId.equals(taskSet.externalId())).findFirst();
  }

  /** The task set with this ARN. */
  public Optional<ObservedTaskSet> taskSet(String arn) {
    return taskSets.stream().filter(taskSet -> taskSet.arn().equals(arn)).findFirst();
  }

  /** Builds an {@link Observation}. */
  public static final class Builder {
    private final List<ObservedTaskSet> taskSets = new ArrayList<>();
    private final TrafficWeights productionListener;
    private TrafficWeights testListener;
    private AlarmObservation alarms = AlarmObservation.notPolled();
    private final List<HookReport> hookReports = new ArrayList<>();
    private ActionFailure actionFailure;
    private boolean groupBusy;
    private TargetHealth replacementTargetHealth;
    private final List<AnalysisMeasurement> analysisMeasurements = new ArrayList<>();

    private Builder(TrafficWeights productionListener) {
      this.productionListener = productionListener;
    }

    public Builder taskSet(ObservedTaskSet taskSet) {
      taskSets.add(taskSet);
      return this;
    }

    public Builder taskSets(List<ObservedTaskSet> all) {
      taskSets.addAll(all);
      return this;
    }

    public Builder testListener(TrafficWeights testListener) {
      this.testListener = testListener;
      return this;
    }

    public Builder alarms(AlarmObservation alarms) {
      this.alarms = alarms;
      return this;
    }

    public Builder hookReport(HookReport report) {
      hookReports.add(report);
      return this;
    }

    public Builder actionFailure(ActionFailure actionFailure) {
      this.actionFailure = actionFailure;
      return this;
    }

    public Builder groupBusy(boolean groupBusy) {
      this.groupBusy = groupBusy;
      return this;
    }

    public Builder replacementTargetHealth(TargetHealth replacementTargetHealth) {
      this.replacementTargetHealth = replacementTargetHealth;
      return this;
    }

    public Builder analysisMeasurement(AnalysisMeasurement measurement) {
      analysisMeasurements.add(measurement);
      return this;
    }

    public Observation build() {
      return new Observation(
          taskSets,
          productionListener,
          testListener,
          alarms,
          hookReports,
          actionFailure,
          groupBusy,
          replacementTargetHealth,
          analysisMeasurements);
    }
  }
}
