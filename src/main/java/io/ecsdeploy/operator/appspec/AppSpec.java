package io.ecsdeploy.operator.appspec;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A validated ECS AppSpec revision: the one target service and the Lambda function named for each
 * hook. Instances only come out of {@link AppSpecParser}, so every instance has passed validation.
 *
 * @param version always {@code 0.0}, the only version CodeDeploy accepts
 * @param targetService the {@code AWS::ECS::Service} resource
 * @param hooks Lambda function (name or ARN) per hook, in lifecycle order; hooks not named are
 *     absent
 */
public record AppSpec(
    String version, EcsTargetService targetService, Map<AppSpecHook, String> hooks) {
  public AppSpec {
    EnumMap<AppSpecHook, String> ordered = new EnumMap<>(AppSpecHook.class);
    ordered.putAll(hooks);
    hooks = Collections.unmodifiableMap(ordered);
  }

  /** The Lambda function to invoke for {@code hook}, if the AppSpec names one. */
  public Optional<String> hookFunction(AppSpecHook hook) {
    return Optional.ofNullable(hooks.get(hook));
  }
}
