package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The successive versions of one deployment, in the order the API server wrote them: read once,
 * then watched from that resourceVersion, so that no version is missed or shown out of order.
 * Should the watch end for good, the deployment is read again at each look instead.
 */
final class DeploymentFollower implements AutoCloseable {
  private static final Object DELETED = new Object();
  private static final Object CLOSED = new Object();

  private final Cluster cluster;
  private final String name;
  private final BlockingQueue<Object> changes = new LinkedBlockingQueue<>();
  private final GenericKubernetesResource first;
  private final Watch watch;
  private boolean watching = true;

  DeploymentFollower(Cluster cluster, String name) {
    this.cluster = cluster;
    this.name = name;
    this.first = cluster.rawDeployment(name);
    this.watch =
        cluster
            .raw(EcsDeployment.class)
            .inNamespace(cluster.namespace)
            .withName(name)
            .watch(
                new ListOptionsBuilder()
                    .withResourceVersion(first.getMetadata().getResourceVersion())
                    .build(),
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    switch (action) {
                      case ADDED, MODIFIED -> changes.add(resource);
                      case DELETED -> changes.add(DELETED);
                      case ERROR, BOOKMARK -> {}
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    changes.add(CLOSED);
                  }

                  @Override
                  public void onClose() {
                    changes.add(CLOSED);
                  }
                });
  }

  /** The deployment as it was when the follower started. */
  GenericKubernetesResource first() {
    return first;
  }

  /**
   * The next version, waiting for it at most {@code timeout}; null if there is none yet.
   *
   * @throws UserError if the deployment was deleted
   */
  GenericKubernetesResource next(Duration timeout) throws InterruptedException {
    Object change = watching ? changes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) : null;
    if (change == CLOSED) {
      watching = false;
    }
    if (change == DELETED) {
      throw new UserError("EcsDeployment " + name + " was deleted");
    }
    if (change instanceof GenericKubernetesResource resource) {
      return resource;
    }
    if (!watching) {
      if (change == null) {
        Thread.sleep(timeout.toMillis());
      }
      return cluster.rawDeployment(name);
    }
    return null;
  }

  @Override
  public void close() {
    watch.close();
  }
}
