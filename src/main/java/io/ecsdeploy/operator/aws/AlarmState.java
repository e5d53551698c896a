package io.ecsdeploy.operator.aws;

/** A CloudWatch alarm's state; MISSING when CloudWatch has no alarm of that name. */
public enum AlarmState {
  OK,
  ALARM,
  INSUFFICIENT_DATA,
  MISSING
}
