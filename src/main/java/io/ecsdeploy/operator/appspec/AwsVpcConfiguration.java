package io.ecsdeploy.operator.appspec;

import java.util.List;

/**
 * The awsvpc network settings of the replacement task set.
 *
 * @param subnets subnet ids, at least one
 * @param securityGroups security group ids, possibly empty
 * @param assignPublicIp {@code null} when the AppSpec leaves it to ECS's default (DISABLED)
 */
public record AwsVpcConfiguration(
    List<String> subnets, List<String> securityGroups, AssignPublicIp assignPublicIp) {
  public AwsVpcConfiguration {
    subnets = List.copyOf(subnets);
    securityGroups = List.copyOf(securityGroups);
  }
}
