package io.ecsdeploy.operator.aws;

import java.util.Objects;

/**
 * One entry of a capacity provider strategy.
 *
 * @param capacityProvider the provider's name, such as {@code FARGATE_SPOT}
 * @param weight the relative share of tasks, 0..1000
 * @param base tasks placed on this provider first, 0..100000
 */
public record CapacityProviderItem(String capacityProvider, int weight, int base) {
  public CapacityProviderItem {
    Objects.requireNonNull(capacityProvider, "capacityProvider");
  }
}
