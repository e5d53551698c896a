package io.ecsdeploy.operator.aws;

/**
 * A listener as ELB describes it.
 *
 * @param arn its ARN
 * @param loadBalancerArn the load balancer it belongs to
 * @param protocol HTTP, HTTPS, TCP, ...
 * @param port its port
 */
public record ListenerDescription(String arn, String loadBalancerArn, String protocol, int port) {}
