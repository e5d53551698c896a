package io.ecsdeploy.operator.testsupport;

import io.ecsdeploy.operator.OperatorMain;
import io.ecsdeploy.operator.OperatorSettings;
import io.ecsdeploy.operator.aws.sdk.AwsClientConfig;
import io.ecsdeploy.operator.aws.sdk.AwsClientFactory;
import io.ecsdeploy.operator.aws.sdk.AwsService;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The operator, started as {@code main} starts it, against the test API server and the AWS
 * emulators: moto for everything but CloudWatch and Lambda, which MiniStack serves (it speaks
 * CloudWatch's CBOR protocol and runs Python hook functions).
 */
public final class OperatorUnderTest implements AutoCloseable {
  private final OperatorMain operator;
  private final AwsClientFactory aws;

  private OperatorUnderTest(OperatorMain operator, AwsClientFactory aws) {
    this.operator = operator;
    this.aws = aws;
  }

  /** The operator watching all namespaces, with the given client. */
  public static OperatorUnderTest start(io.fabric8.kubernetes.client.KubernetesClient client) {
    return start(settings -> settings, client);
  }

  /** The operator watching all namespaces, with settings changed by {@code customize}. */
  public static OperatorUnderTest start(
      java.util.function.UnaryOperator<OperatorSettings> customize,
      io.fabric8.kubernetes.client.KubernetesClient client) {
    AwsClientConfig config =
        AwsClientConfig.defaults()
            .withDefaultEndpoint(AwsEmulatorsExtension.motoEndpoint())
            .withEndpoint(AwsService.CLOUDWATCH, AwsEmulatorsExtension.cloudWatchEndpoint())
            .withEndpoint(AwsService.LAMBDA, AwsEmulatorsExtension.cloudWatchEndpoint())
            .withEndpoint(AwsService.EVENTBRIDGE, AwsEmulatorsExtension.cloudWatchEndpoint())
            .withCredentials(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    AwsClientFactory aws = new AwsClientFactory(config);
    OperatorSettings settings =
        new OperatorSettings(
            Set.of(),
            0,
            0,
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            EmulatorClients.REGION.id(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            io.ecsdeploy.operator.reconciler.EcsDeploymentGroupReconciler.DEFAULT_CHECK_INTERVAL,
            io.ecsdeploy.operator.reconciler.LabelSelector.EVERYTHING);
    try {
      return new OperatorUnderTest(OperatorMain.start(customize.apply(settings), client, aws), aws);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String hookEndpoint() {
    return "http://127.0.0.1:" + operator.hooksPort();
  }

  public String metricsEndpoint() {
    return "http://127.0.0.1:" + operator.httpPort() + "/metrics";
  }

  public AwsClientFactory aws() {
    return aws;
  }

  @Override
  public void close() {
    operator.close();
  }
}
