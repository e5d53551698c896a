package io.ecsdeploy.operator.aws;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * A target group as ELB describes it.
 *
 * @param arn its ARN
 * @param name its name
 * @param loadBalancerArns the load balancers whose listeners or rules forward to it, each once
 * @param protocol HTTP, HTTPS, TCP, ...
 * @param port its port, or 0 when it has none (Lambda targets)
 * @param targetType ip, instance, lambda or alb
 */
public record TargetGroupDescription(
    String arn,
    String name,
    List<String> loadBalancerArns,
    String protocol,
    int port,
    String targetType) {
  public TargetGroupDescription {
    // Some ELB implementations list a load balancer once per listener or rule that uses the group.
    loadBalancerArns = List.copyOf(new LinkedHashSet<>(loadBalancerArns));
  }
}
