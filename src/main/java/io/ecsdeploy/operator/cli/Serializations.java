package io.ecsdeploy.operator.cli;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** fabric8's reader and writer of YAML and JSON, for the commands that need no cluster. */
final class Serializations {
  /** Made on first use: the command line loads the plugin's classes on every start. */
  static final KubernetesSerialization PLAIN = new KubernetesSerialization();

  private Serializations() {}
}
