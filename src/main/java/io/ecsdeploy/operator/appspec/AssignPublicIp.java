package io.ecsdeploy.operator.appspec;

/** Whether the replacement tasks get a public IP address (awsvpc network mode). */
public enum AssignPublicIp {
  ENABLED,
  DISABLED
}
