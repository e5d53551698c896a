package io.ecsdeploy.operator.appspec;

/**
 * One entry of the replacement task set's capacity provider strategy.
 *
 * @param capacityProvider the capacity provider's name, such as {@code FARGATE_SPOT}
 * @param base tasks placed on this provider before weights apply (0 when not given)
 * @param weight relative share of the remaining tasks (0 when not given)
 */
public record CapacityProviderStrategyItem(String capacityProvider, int base, int weight) {}
