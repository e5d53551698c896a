package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code status DEPLOYMENT --watch}: the status view again at each change of the deployment or its
 * Events, until the deployment ends. On a terminal the view is also redrawn every {@code refresh},
 * so that durations and ages move; elsewhere a block is written only when something changed. With
 * {@code -o json|yaml}, each new version of the resource is written instead.
 */
final class DeploymentWatch {
  /** Fewer Events than {@code status} shows, so that a redraw fits on a screen. */
  static final int EVENTS_SHOWN = 5;

  private final Cluster cluster;
  private final String name;
  private final PrintStream out;
  private final Clock clock;
  private final boolean terminal;

  DeploymentWatch(Cluster cluster, String name, PrintStream out, Clock clock, boolean terminal) {
    this.cluster = cluster;
    this.name = name;
    this.out = out;
    this.clock = clock;
    this.terminal = terminal;
  }

  /** Follows the deployment until it ends; returns 0 then, whatever the outcome. */
  int follow(OutputFormat format, Duration refresh) throws InterruptedException {
    WatchScreen screen = new WatchScreen(out, terminal);
    try (DeploymentFollower follower = new DeploymentFollower(cluster, name)) {
      GenericKubernetesResource raw = follower.first();
      String shown = null;
      while (true) {
        EcsDeployment deployment = cluster.typed(raw, EcsDeployment.class);
        if (format != null) {
          String version = raw.getMetadata().getResourceVersion();
          if (!version.equals(shown)) {
            if (shown != null && format == OutputFormat.yaml) {
              out.print("---\n");
            }
            out.print(format.format(cluster.client, raw));
            shown = version;
          }
        } else {
          List<Event> events = cluster.events(name, "EcsDeployment");
          String version = raw.getMetadata().getResourceVersion() + "/" + eventsVersion(events);
          if (terminal || !version.equals(shown)) {
            String view = DeploymentView.render(deployment, events, clock.instant(), EVENTS_SHOWN);
            screen.show(WatchScreen.frame(view, clock.instant(), terminal));
            shown = version;
          }
        }
        var status = DeploymentView.statusOf(deployment).status;
        if (status != null && status.isTerminal()) {
          if (format == null) {
            out.print("\n" + name + " ended: " + status + "\n");
          }
          return 0;
        }
        GenericKubernetesResource next = follower.next(refresh);
        raw = next != null ? next : raw;
      }
    }
  }

  private static String eventsVersion(List<Event> events) {
    return events.isEmpty()
        ? "0"
        : events.size() + ":" + events.get(events.size() - 1).getMetadata().getResourceVersion();
  }
}
