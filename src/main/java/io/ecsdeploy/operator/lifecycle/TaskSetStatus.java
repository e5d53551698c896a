package io.ecsdeploy.operator.lifecycle;

/** Status of an ECS task set. */
public enum TaskSetStatus {
  PRIMARY,
  ACTIVE,
  DRAINING
}
