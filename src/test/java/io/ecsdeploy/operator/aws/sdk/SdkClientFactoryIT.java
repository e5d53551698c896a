package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.iam.IamClient;

/** Clients built from configuration, with the default credentials chain and assumed roles. */
@ExtendWith(AwsEmulatorsExtension.class)
class SdkClientFactoryIT {

  private static final String REGION = EmulatorFactory.REGION;

  @BeforeEach
  void freshAccount() {
    AwsEmulatorsExtension.reset();
    try (EcsClient ecs = EmulatorClients.ecs()) {
      ecs.createCluster(r -> r.clusterName("web"));
    }
  }

  @Test
  void endpointsAndCredentialsComeFromSystemProperties() {
    Map<String, String> properties =
        Map.of(
            "ecsdeploy.aws.endpoint",
            AwsEmulatorsExtension.motoEndpoint().toString(),
            "ecsdeploy.cloudwatch.endpoint",
            AwsEmulatorsExtension.cloudWatchEndpoint().toString(),
            // read by the SDK's default credentials chain
            "aws.accessKeyId",
            "testing",
            "aws.secretAccessKey",
            "testing");
    properties.forEach(System::setProperty);
    try (AwsClientFactory factory = AwsClientFactory.fromEnvironment()) {
      AwsClients clients = factory.clients(REGION);

      EcsService service = clients.taskSets().describeService(new ServiceId("web", "absent"));
      AlarmState alarm = clients.alarms().states(List.of("absent")).stateOf("absent");

      assertThat(service.status()).isEqualTo(EcsService.Status.MISSING);
      assertThat(alarm).isEqualTo(AlarmState.MISSING);
      assertThat(factory.callCounter().calls("ECS", "DescribeServices")).isEqualTo(1);
      assertThat(factory.callCounter().calls("CloudWatch", "DescribeAlarms")).isEqualTo(1);
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  /**
   * IRSA: the SDK's default chain exchanges the projected token for credentials with its own STS
   * client, which finds its HTTP client on the class path. The URL-connection client is the only
   * one there (pom.xml excludes the SDK's Apache and Netty clients), and is enough.
   */
  @Test
  void webIdentityCredentialsComeThroughTheUrlConnectionClientAlone() throws Exception {
    assertThat(onClassPath("software.amazon.awssdk.http.apache5.Apache5HttpClient")).isFalse();
    assertThat(onClassPath("software.amazon.awssdk.http.apache.ApacheHttpClient")).isFalse();
    assertThat(onClassPath("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"))
        .isFalse();
    java.nio.file.Path token =
        java.nio.file.Files.createDirectories(
                java.nio.file.Path.of(System.getProperty("ecsdeploy.repo.dir", "."))
                    .resolve("target/sdk-it"))
            .resolve("web-identity-token");
    java.nio.file.Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.projected-token.signature");
    // What EKS sets for IRSA (as environment variables; the chain reads these equally)
    Map<String, String> properties =
        Map.of(
            "aws.webIdentityTokenFile",
            token.toString(),
            "aws.roleArn",
            "arn:aws:iam::" + EmulatorClients.ACCOUNT_ID + ":role/operator",
            "aws.roleSessionName",
            "ecs-deploy-operator",
            "aws.region",
            REGION,
            "aws.endpointUrlSts",
            AwsEmulatorsExtension.motoEndpoint().toString(),
            "ecsdeploy.aws.endpoint",
            AwsEmulatorsExtension.motoEndpoint().toString());
    properties.forEach(System::setProperty);
    try (var chain =
            software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build();
        AwsClientFactory factory = AwsClientFactory.fromEnvironment()) {
      assertThat(chain.resolveCredentials())
          .as("session credentials, from AssumeRoleWithWebIdentity")
          .isInstanceOf(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.class);

      EcsService service =
          factory.clients(REGION).taskSets().describeService(new ServiceId("web", "absent"));

      assertThat(service.status()).isEqualTo(EcsService.Status.MISSING);
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, SdkClientFactoryIT.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Test
  void anAssumedRoleIsAssumedOncePerRoleAndRegion() {
    String roleArn;
    try (IamClient iam = EmulatorClients.iam()) {
      roleArn =
          iam.createRole(
                  r ->
                      r.roleName("deployer")
                          .assumeRolePolicyDocument(
                              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                  + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
                                  + EmulatorClients.ACCOUNT_ID
                                  + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"))
              .role()
              .arn();
    }
    try (AwsClientFactory factory = EmulatorFactory.create()) {
      AwsCallCounter counter = factory.callCounter();
      AwsClients asRole = factory.clients(REGION, roleArn);

      asRole.taskSets().describeService(new ServiceId("web", "absent"));
      asRole.taskSets().describeService(new ServiceId("web", "absent"));

      assertThat(counter.calls("STS", "AssumeRole")).isEqualTo(1);
      assertThat(counter.calls("ECS", "DescribeServices")).isEqualTo(2);
      assertThat(factory.clients(REGION, roleArn)).isSameAs(asRole);
      assertThat(asRole.roleArn()).isEqualTo(roleArn);

      AwsClients own = factory.clients(REGION);
      own.taskSets().describeService(new ServiceId("web", "absent"));
      assertThat(own).isNotSameAs(asRole);
      assertThat(own.roleArn()).isNull();
      assertThat(factory.clients(REGION, " ")).isSameAs(own);
      assertThat(counter.calls("STS", "AssumeRole")).isEqualTo(1);
    }
  }

  @Test
  void clientsAreKeptPerRegion() {
    try (AwsClientFactory factory = EmulatorFactory.create()) {
      assertThat(factory.clients(REGION)).isSameAs(factory.clients(REGION));
      assertThat(factory.clients("eu-west-1")).isNotSameAs(factory.clients(REGION));
      assertThat(factory.clients("eu-west-1").region()).isEqualTo("eu-west-1");
    }
  }
}
