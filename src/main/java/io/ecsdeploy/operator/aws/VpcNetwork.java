package io.ecsdeploy.operator.aws;

import java.util.List;

/**
 * An awsvpc network configuration for a task set.
 *
 * @param subnets subnet ids, at least one
 * @param securityGroups security group ids, possibly empty
 * @param assignPublicIp whether tasks get a public IP
 */
public record VpcNetwork(
    List<String> subnets, List<String> securityGroups, boolean assignPublicIp) {
  public VpcNetwork {
    subnets = List.copyOf(subnets);
    securityGroups = List.copyOf(securityGroups);
    if (subnets.isEmpty()) {
      throw new IllegalArgumentException("an awsvpc network needs at least one subnet");
    }
  }
}
