package io.ecsdeploy.operator.lifecycle;

/** The two listeners of a deployment group. */
public enum Listener {
  PRODUCTION,
  TEST
}
