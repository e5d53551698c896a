package io.ecsdeploy.operator.testsupport.faults;

import java.util.Set;

/**
 * One AWS API operation as the fault proxy recognised it from a request.
 *
 * @param service the service, as {@link AwsOperations} names it: {@code ECS}, {@code ELBv2}, {@code
 *     Lambda}, {@code S3}, {@code SNS}, {@code CloudWatch}, {@code STS}, {@code IAM}, {@code EC2},
 *     or the signing name for another service
 * @param name the operation, as in the API reference ({@code CreateTaskSet}, {@code Invoke})
 * @param protocol the wire protocol, which decides the shape of an injected error
 */
public record AwsOperation(String service, String name, Protocol protocol) {

  /** The operations the operator makes that change something in AWS. */
  public static final Set<String> MUTATING =
      Set.of(
          "CreateTaskSet",
          "DeleteTaskSet",
          "UpdateServicePrimaryTaskSet",
          "ModifyListener",
          "ModifyRule",
          "Invoke",
          "Publish");

  /** The AWS wire protocols, each with its own error shape. */
  public enum Protocol {
    /** {@code X-Amz-Target} and a JSON body (ECS). */
    AWS_JSON,
    /** REST paths and JSON bodies (Lambda). */
    REST_JSON,
    /** Form bodies with {@code Action=}, XML replies (ELBv2, SNS, STS, IAM, EC2). */
    QUERY,
    /** REST paths and XML replies (S3). */
    REST_XML,
    /** Smithy RPC v2 with CBOR bodies (CloudWatch in SDK v2). */
    RPC_V2_CBOR,
    /** Not recognised. */
    UNKNOWN
  }

  /** Whether the operation is one of {@link #MUTATING}. */
  public boolean mutating() {
    return MUTATING.contains(name);
  }

  @Override
  public String toString() {
    return service + ":" + name;
  }
}
