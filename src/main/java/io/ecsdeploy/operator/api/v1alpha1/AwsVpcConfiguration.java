package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The awsvpc network settings of the replacement task set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsVpcConfiguration {
  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Subnet ids such as subnet-0123abcd, at most 16.")
  public List<@Pattern("^subnet-[0-9a-f]{8,17}$") String> subnets;

  @Size(max = 5)
  @JsonPropertyDescription("Security group ids such as sg-0123abcd, at most 5.")
  public List<@Pattern("^sg-[0-9a-f]{8,17}$") String> securityGroups;

  @JsonPropertyDescription("ENABLED or DISABLED (the default).")
  public AssignPublicIp assignPublicIp;

  /** Whether tasks get a public IP address. */
  public enum AssignPublicIp {
    ENABLED,
    DISABLED
  }
}
