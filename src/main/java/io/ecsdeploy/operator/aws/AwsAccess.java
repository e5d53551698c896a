package io.ecsdeploy.operator.aws;

import java.util.Optional;

/**
 * Hands out the AWS ports for a deployment group's target: its region, and the role to assume when
 * the group (or its application) names one; otherwise the operator's own credentials.
 */
public interface AwsAccess {
  AwsPorts forTarget(String region, Optional<String> roleArn);
}
