package io.ecsdeploy.operator.lifecycle;

import java.util.List;

/**
 * What polling the deployment's CloudWatch alarms found this time.
 *
 * @param result the outcome of the poll
 * @param alarmsInAlarm names of the alarms in state ALARM
 * @param pollFailure why the poll failed, when it did
 */
public record AlarmObservation(Result result, List<String> alarmsInAlarm, String pollFailure) {

  /** Outcomes of an alarm poll. */
  public enum Result {
    /** Alarms were not read this time (none configured, or the caller reads them less often). */
    NOT_POLLED,
    OK,
    ALARM,
    /** The alarms cannot be read: access denied, an alarm missing. */
    POLL_FAILED,
    /** This poll failed with an error that may pass: throttling, a 5xx, a timeout. */
    POLL_FAILED_FOR_NOW
  }

  public AlarmObservation {
    alarmsInAlarm = List.copyOf(alarmsInAlarm);
  }

  public static AlarmObservation notPolled() {
    return new AlarmObservation(Result.NOT_POLLED, List.of(), null);
  }

  public static AlarmObservation ok() {
    return new AlarmObservation(Result.OK, List.of(), null);
  }

  public static AlarmObservation inAlarm(String... alarmNames) {
    return new AlarmObservation(Result.ALARM, List.of(alarmNames), null);
  }

  public static AlarmObservation pollFailed(String reason) {
    return new AlarmObservation(Result.POLL_FAILED, List.of(), reason);
  }

  /** A poll that failed with an error that may pass at the next poll. */
  public static AlarmObservation pollFailedForNow(String reason) {
    return new AlarmObservation(Result.POLL_FAILED_FOR_NOW, List.of(), reason);
  }
}
