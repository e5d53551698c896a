package io.ecsdeploy.operator.cli;

import io.ecsdeploy.operator.api.v1alpha1.TimeBasedCanary;
import io.ecsdeploy.operator.api.v1alpha1.TimeBasedLinear;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRouting;
import io.ecsdeploy.operator.api.v1alpha1.TrafficStep;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When production traffic moves, by a deployment configuration: each step as the time from the
 * start of AllowTraffic and the share of production traffic on the replacement then, the way the
 * operator walks it (a canary's share, then the rest after its interval; a linear increment every
 * interval until 100%; explicit steps, each held for its wait or paused until continued).
 */
final class TrafficTimeline {
  /** The configuration a deployment uses when neither it nor its group names one. */
  static final String DEFAULT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";

  private static final Map<String, TrafficRouting> BUILT_IN =
      Map.of(
          "CodeDeployDefault.ECSAllAtOnce", allAtOnce(),
          "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", linear(10, "1m"),
          "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", linear(10, "3m"),
          "CodeDeployDefault.ECSCanary10Percent5Minutes", canary(10, "5m"),
          "CodeDeployDefault.ECSCanary10Percent15Minutes", canary(10, "15m"));

  /**
   * One point of the timeline: from {@code at} on, {@code percent}% goes to the replacement. After
   * a pause, times count from the pause's end ({@code afterPause}), which a user decides; {@code
   * pause} describes a pause at this point, or is {@code null}.
   */
  record Point(Duration at, int percent, boolean afterPause, String pause) {
    Point(Duration at, int percent) {
      this(at, percent, false, null);
    }

    @Override
    public String toString() {
      return (afterPause ? "pause end + " : "")
          + Text.kubeDuration(at)
          + ": "
          + percent
          + "% "
          + Text.arrow()
          + " replacement"
          + (pause == null ? "" : ", " + pause);
    }
  }

  private TrafficTimeline() {}

  /** One of the five {@code CodeDeployDefault.ECS*} configurations, by name. */
  static Optional<TrafficRouting> builtIn(String configName) {
    return Optional.ofNullable(BUILT_IN.get(configName));
  }

  static boolean isBuiltIn(String configName) {
    return BUILT_IN.containsKey(configName);
  }

  /** The points of the shift; the last one always sends 100% to the replacement. */
  static List<Point> points(TrafficRouting routing) {
    List<Point> points = new ArrayList<>();
    Duration at = Duration.ZERO;
    switch (routing.type) {
      case AllAtOnce -> points.add(new Point(at, 100));
      case TimeBasedCanary -> {
        points.add(new Point(at, routing.timeBasedCanary.canaryPercentage));
        points.add(new Point(KubeDuration.parse(routing.timeBasedCanary.canaryInterval), 100));
      }
      case TimeBasedLinear -> {
        int step = routing.timeBasedLinear.linearPercentage;
        Duration interval = KubeDuration.parse(routing.timeBasedLinear.linearInterval);
        for (int percent = step; percent < 100; percent += step) {
          points.add(new Point(at, percent));
          at = at.plus(interval);
        }
        points.add(new Point(at, 100));
      }
      case Steps -> {
        boolean afterPause = false;
        for (TrafficStep step : routing.steps) {
          if (step.pause != null) {
            points.add(
                new Point(
                    at,
                    step.weight,
                    afterPause,
                    "paused until continued"
                        + (step.pause.duration == null
                            ? ""
                            : " (at most " + step.pause.duration + ")")));
            // When the pause ends is the user's call: later steps count from then.
            afterPause = true;
            at = Duration.ZERO;
          } else {
            points.add(new Point(at, step.weight, afterPause, null));
            at = at.plus(step.wait == null ? Duration.ZERO : KubeDuration.parse(step.wait));
          }
        }
        if (routing.steps.get(routing.steps.size() - 1).weight != 100) {
          points.add(new Point(at, 100, afterPause, null));
        }
      }
    }
    return List.copyOf(points);
  }

  /** The routing in words: {@code TimeBasedCanary: 10%, then the rest after 5m}. */
  static String describe(TrafficRouting routing) {
    return switch (routing.type) {
      case AllAtOnce -> "AllAtOnce: all traffic in one step";
      case TimeBasedCanary ->
          "TimeBasedCanary: "
              + routing.timeBasedCanary.canaryPercentage
              + "%, then the rest after "
              + routing.timeBasedCanary.canaryInterval;
      case TimeBasedLinear ->
          "TimeBasedLinear: "
              + routing.timeBasedLinear.linearPercentage
              + "% more every "
              + routing.timeBasedLinear.linearInterval;
      case Steps ->
          "Steps: "
              + routing.steps.size()
              + " explicit steps"
              + (routing.steps.stream().anyMatch(step -> step.pause != null)
                  ? ", with pauses until continued"
                  : "");
    };
  }

  static TrafficRouting allAtOnce() {
    TrafficRouting routing = new TrafficRouting();
    routing.type = TrafficRoutingType.AllAtOnce;
    return routing;
  }

  static TrafficRouting canary(int percentage, String interval) {
    TrafficRouting routing = new TrafficRouting();
    routing.type = TrafficRoutingType.TimeBasedCanary;
    routing.timeBasedCanary = new TimeBasedCanary();
    routing.timeBasedCanary.canaryPercentage = percentage;
    routing.timeBasedCanary.canaryInterval = interval;
    return routing;
  }

  static TrafficRouting linear(int percentage, String interval) {
    TrafficRouting routing = new TrafficRouting();
    routing.type = TrafficRoutingType.TimeBasedLinear;
    routing.timeBasedLinear = new TimeBasedLinear();
    routing.timeBasedLinear.linearPercentage = percentage;
    routing.timeBasedLinear.linearInterval = interval;
    return routing;
  }
}
