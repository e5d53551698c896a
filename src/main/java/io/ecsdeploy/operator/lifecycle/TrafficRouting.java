package io.ecsdeploy.operator.lifecycle;

import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How production traffic moves to the replacement: CodeDeploy's {@code trafficRoutingConfig}
 * ({@code AllAtOnce}, {@code TimeBasedCanary}, {@code TimeBasedLinear}) plus an explicit list of
 * steps. {@link #schedule()} turns any of them into the list of steps the AllowTraffic event walks.
 *
 * @param type the kind of routing
 * @param percentage canary or linear percentage (1..99); unused otherwise
 * @param interval wait between canary or linear increments; unused otherwise
 * @param steps explicit steps for {@link TrafficRoutingType#Steps}; empty otherwise
 */
public record TrafficRouting(
    TrafficRoutingType type, int percentage, Duration interval, List<TrafficStep> steps) {

  private static final Map<String, TrafficRouting> BUILT_IN =
      Map.of(
          "CodeDeployDefault.ECSAllAtOnce", allAtOnce(),
          "CodeDeployDefault.ECSLinear10PercentEvery1Minutes", linear(10, Duration.ofMinutes(1)),
          "CodeDeployDefault.ECSLinear10PercentEvery3Minutes", linear(10, Duration.ofMinutes(3)),
          "CodeDeployDefault.ECSCanary10Percent5Minutes", canary(10, Duration.ofMinutes(5)),
          "CodeDeployDefault.ECSCanary10Percent15Minutes", canary(10, Duration.ofMinutes(15)));

  public TrafficRouting {
    Objects.requireNonNull(type, "type");
    steps = List.copyOf(steps);
    if (type == TrafficRoutingType.TimeBasedCanary || type == TrafficRoutingType.TimeBasedLinear) {
      if (percentage < 1 || percentage > 99) {
        throw new IllegalArgumentException(
            type + " percentage must be in 1..99, found " + percentage);
      }
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException(type + " needs a non-negative interval");
      }
    }
    if (type == TrafficRoutingType.Steps) {
      if (steps.isEmpty()) {
        throw new IllegalArgumentException("explicit traffic routing needs at least one step");
      }
      for (int i = 1; i < steps.size(); i++) {
        if (steps.get(i).replacementPercent() < steps.get(i - 1).replacementPercent()) {
          throw new IllegalArgumentException(
              "traffic steps must not decrease: step "
                  + i
                  + " goes back to "
                  + steps.get(i).replacementPercent()
                  + "%");
        }
      }
    }
  }

  /** All production traffic in one step. */
  public static TrafficRouting allAtOnce() {
    return new TrafficRouting(TrafficRoutingType.AllAtOnce, 0, Duration.ZERO, List.of());
  }

  /** {@code percentage} first, the rest after {@code interval}. */
  public static TrafficRouting canary(int percentage, Duration interval) {
    return new TrafficRouting(TrafficRoutingType.TimeBasedCanary, percentage, interval, List.of());
  }

  /** {@code percentage} more every {@code interval} until all traffic has moved. */
  public static TrafficRouting linear(int percentage, Duration interval) {
    return new TrafficRouting(TrafficRoutingType.TimeBasedLinear, percentage, interval, List.of());
  }

  /** Explicit steps; a final step to 100% is added when the list stops short of it. */
  public static TrafficRouting steps(List<TrafficStep> steps) {
    return new TrafficRouting(TrafficRoutingType.Steps, 0, Duration.ZERO, steps);
  }

  /** One of the five {@code CodeDeployDefault.ECS*} configurations, by name. */
  public static Optional<TrafficRouting> builtIn(String configName) {
    return Optional.ofNullable(BUILT_IN.get(configName));
  }

  /** The steps of the shift; the last one always sends 100% to the replacement. */
  public List<TrafficStep> schedule() {
    List<TrafficStep> schedule = new ArrayList<>();
    switch (type) {
      case AllAtOnce -> schedule.add(new TrafficStep(100, Duration.ZERO));
      case TimeBasedCanary -> {
        schedule.add(new TrafficStep(percentage, interval));
        schedule.add(new TrafficStep(100, Duration.ZERO));
      }
      case TimeBasedLinear -> {
        for (int percent = percentage; percent < 100; percent += percentage) {
          schedule.add(new TrafficStep(percent, interval));
        }
        schedule.add(new TrafficStep(100, Duration.ZERO));
      }
      case Steps -> {
        schedule.addAll(steps);
        if (steps.get(steps.size() - 1).replacementPercent() != 100) {
          schedule.add(new TrafficStep(100, Duration.ZERO));
        }
      }
    }
    return List.copyOf(schedule);
  }
}
