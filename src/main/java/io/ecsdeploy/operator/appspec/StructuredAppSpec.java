package io.ecsdeploy.operator.appspec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of an ECS AppSpec given directly rather than as YAML or JSON text, as a deployment
 * resource's structured revision carries them. Every field may be missing or wrong: {@link
 * AppSpecParser#parseStructured} holds them to the same rules as text.
 *
 * @param taskDefinition TaskDefinition
 * @param containerName LoadBalancerInfo.ContainerName
 * @param containerPort LoadBalancerInfo.ContainerPort
 * @param platformVersion PlatformVersion
 * @param subnets NetworkConfiguration.AwsvpcConfiguration.Subnets
 * @param securityGroups NetworkConfiguration.AwsvpcConfiguration.SecurityGroups
 * @param assignPublicIp NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp
 * @param capacityProviderStrategy CapacityProviderStrategy
 * @param hooks Lambda function per hook name, in the order given
 */
public record StructuredAppSpec(
    String taskDefinition,
    String containerName,
    Integer containerPort,
    String platformVersion,
    List<String> subnets,
    List<String> securityGroups,
    String assignPublicIp,
    List<CapacityProvider> capacityProviderStrategy,
    Map<String, String> hooks) {

  public StructuredAppSpec {
    hooks = hooks == null ? null : new LinkedHashMap<>(hooks);
  }

  /** One capacity provider strategy entry; base and weight may be left out. */
  public record CapacityProvider(String capacityProvider, Integer base, Integer weight) {}
}
