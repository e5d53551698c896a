package io.ecsdeploy.operator.aws.sdk;

import java.util.Locale;

/** The AWS services the operator calls, with the names of their endpoint settings. */
public enum AwsService {
  ECS,
  ELBV2,
  LAMBDA,
  CLOUDWATCH,
  SNS,
  S3,
  STS,
  EVENTBRIDGE;

  /**
   * The environment variable that overrides this service's endpoint, such as {@code
   * ECSDEPLOY_ECS_ENDPOINT}.
   */
  public String environmentVariable() {
    return "ECSDEPLOY_" + name() + "_ENDPOINT";
  }

  /**
   * The system property that overrides this service's endpoint, such as {@code
   * ecsdeploy.ecs.endpoint}.
   */
  public String systemProperty() {
    return "ecsdeploy." + name().toLowerCase(Locale.ROOT) + ".endpoint";
  }
}
