package io.ecsdeploy.operator.testsupport;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK v2 clients pointed at the emulators that {@link AwsEmulatorsExtension} started. */
public final class EmulatorClients {
  public static final Region REGION = Region.US_EAST_1;

  /** moto's default account. */
  public static final String ACCOUNT_ID = "123456789012";

  private EmulatorClients() {}

  public static EcsClient ecs() {
    return configure(EcsClient.builder(), AwsEmulatorsExtension.motoEndpoint()).build();
  }

  public static ElasticLoadBalancingV2Client elbv2() {
    return configure(ElasticLoadBalancingV2Client.builder(), AwsEmulatorsExtension.motoEndpoint())
        .build();
  }

  public static Ec2Client ec2() {
    return configure(Ec2Client.builder(), AwsEmulatorsExtension.motoEndpoint()).build();
  }

  public static LambdaClient lambda() {
    return configure(LambdaClient.builder(), AwsEmulatorsExtension.motoEndpoint()).build();
  }

  /**
   * Lambda in MiniStack, which runs Python handlers (moto's Lambda runs no code without Docker).
   */
  public static LambdaClient lambdaInMiniStack() {
    return configure(LambdaClient.builder(), AwsEmulatorsExtension.cloudWatchEndpoint()).build();
  }

  public static IamClient iam() {
    return configure(IamClient.builder(), AwsEmulatorsExtension.motoEndpoint())
        .region(Region.AWS_GLOBAL)
        .build();
  }

  public static SnsClient sns() {
    return configure(SnsClient.builder(), AwsEmulatorsExtension.motoEndpoint()).build();
  }

  public static S3Client s3() {
    return configure(S3Client.builder(), AwsEmulatorsExtension.motoEndpoint())
        .forcePathStyle(true)
        .build();
  }

  public static CloudWatchClient cloudWatch() {
    return configure(CloudWatchClient.builder(), AwsEmulatorsExtension.cloudWatchEndpoint())
        .build();
  }

  /** EventBridge in MiniStack. */
  public static EventBridgeClient eventBridge() {
    return configure(EventBridgeClient.builder(), AwsEmulatorsExtension.cloudWatchEndpoint())
        .build();
  }

  /** SQS in MiniStack, where EventBridge rules deliver. */
  public static SqsClient sqs() {
    return configure(SqsClient.builder(), AwsEmulatorsExtension.cloudWatchEndpoint()).build();
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
    builder
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    if (builder
        instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
    return builder;
  }

  /**
   * Registers an EC2 instance with the cluster. moto places the tasks of a task set that is not
   * FARGATE (EC2, or a capacity provider strategy: moto then uses EC2 too) on the cluster's
   * container instances, and fails CreateTaskSet with a server error when there are none.
   */
  public static void registerContainerInstance(String cluster) {
    try (Ec2Client ec2 = ec2();
        EcsClient ecs = ecs()) {
      // Any image id: moto checks it only with MOTO_ENABLE_AMI_VALIDATION.
      String instance =
          ec2.runInstances(r -> r.imageId("ami-12c6146b").minCount(1).maxCount(1))
              .instances()
              .get(0)
              .instanceId();
      ecs.registerContainerInstance(
          r ->
              r.cluster(cluster)
                  .instanceIdentityDocument("{\"instanceId\": \"" + instance + "\"}"));
    }
  }
}
