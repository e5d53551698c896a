package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.metrics.ThreadCallTime;
import java.util.function.Supplier;

/**
 * The time the current thread has spent in requests to the Kubernetes API server that a
 * deployment's reconcile makes itself (its status writes, its Events, the group it takes), so that
 * {@code ecsdeploy_deployment_reconcile_kubernetes_seconds} can say how much of a reconcile's own
 * time they take.
 */
final class KubernetesCallTime {
  private static final ThreadCallTime TIME = new ThreadCallTime();

  private KubernetesCallTime() {}

  static long nanos() {
    return TIME.nanos();
  }

  static <T> T measure(Supplier<T> call) {
    return TIME.measure(call);
  }
}
