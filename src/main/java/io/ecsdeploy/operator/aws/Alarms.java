package io.ecsdeploy.operator.aws;

import java.util.Collection;

/** CloudWatch alarms watched during a deployment. */
public interface Alarms {

  /**
   * The current state of each named alarm (metric or composite), read with as few DescribeAlarms
   * calls as CloudWatch allows (100 names per call). Names CloudWatch does not know are MISSING.
   */
  AlarmStates states(Collection<String> alarmNames);
}
