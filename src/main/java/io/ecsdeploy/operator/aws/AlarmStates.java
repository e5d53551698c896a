package io.ecsdeploy.operator.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of each alarm that was asked about, in the order asked. */
public record AlarmStates(Map<String, AlarmState> states) {
  public AlarmStates {
    states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
  }

  public AlarmState stateOf(String alarmName) {
    AlarmState state = states.get(alarmName);
    if (state == null) {
      throw new IllegalArgumentException("alarm not polled: " + alarmName);
    }
    return state;
  }

  /** Alarms in the ALARM state. */
  public List<String> firing() {
    return withState(AlarmState.ALARM);
  }

  /** Alarms CloudWatch does not know. */
  public List<String> missing() {
    return withState(AlarmState.MISSING);
  }

  private List<String> withState(AlarmState wanted) {
    return states.entrySet().stream()
        .filter(e -> e.getValue() == wanted)
        .map(Map.Entry::getKey)
        .toList();
  }
}
