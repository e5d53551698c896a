package io.ecsdeploy.operator.lifecycle;

/**
 * A task set the deployment remembers.
 *
 * @param arn its ARN
 * @param targetGroupArn the target group it serves
 */
public record TaskSetRef(String arn, String targetGroupArn) {}
