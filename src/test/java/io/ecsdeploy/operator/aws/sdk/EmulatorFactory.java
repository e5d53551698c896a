package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** An {@link AwsClientFactory} configured the way an operator pointed at the emulators would be. */
final class EmulatorFactory {
  static final String REGION = EmulatorClients.REGION.id();

  private EmulatorFactory() {}

  static AwsClientConfig config() {
    return new AwsClientConfig(
            AwsEmulatorsExtension.motoEndpoint(),
            Map.of(AwsService.CLOUDWATCH, AwsEmulatorsExtension.cloudWatchEndpoint()),
            null,
            null,
            null,
            null)
        .withCredentials(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
  }

  static AwsClientFactory create() {
    return new AwsClientFactory(config());
  }
}
