package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Network settings of the replacement task set; absent means the service's current settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkConfiguration {
  @Required
  @JsonPropertyDescription("Subnets, security groups and public IP assignment.")
  public AwsVpcConfiguration awsvpcConfiguration;
}
