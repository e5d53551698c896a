package io.ecsdeploy.operator.lifecycle;

import java.util.List;

/**
 * CodeDeploy's {@code alarmConfiguration} for one deployment (the group's, or the deployment's
 * override).
 *
 * @param enabled whether alarms are watched at all
 * @param ignorePollAlarmFailure keep going when alarm states cannot be read (CodeDeploy's default
 *     is to stop)
 * @param alarmNames CloudWatch alarm names, up to 10
 */
public record AlarmSettings(
    boolean enabled, boolean ignorePollAlarmFailure, List<String> alarmNames) {
  public AlarmSettings {
    alarmNames = List.copyOf(alarmNames);
  }

  /** No alarm monitoring. */
  public static AlarmSettings disabled() {
    return new AlarmSettings(false, false, List.of());
  }

  /** Stop the deployment when any of {@code alarmNames} is in ALARM or cannot be read. */
  public static AlarmSettings watching(String... alarmNames) {
    return new AlarmSettings(true, false, List.of(alarmNames));
  }
}
