package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SdkTaskSetsTest {

  @Test
  void aKubernetesUidIsItsOwnClientToken() {
    String uid = "6f1c7c9e-2d4b-4c55-9a53-0a3c1f5e8b21";

    assertThat(SdkTaskSets.clientTokenFor(uid)).isEqualTo(uid);
    assertThat(SdkTaskSets.externalIdFor(uid)).isEqualTo(uid);
  }

  @Test
  void aKeyEcsWouldRefuseBecomesAStableThirtySixCharacterToken() {
    String longKey = "namespace/some-very-long-deployment-name-that-goes-on";
    String withSpace = "has space";

    String token = SdkTaskSets.clientTokenFor(longKey);

    assertThat(token).hasSize(36).isEqualTo(SdkTaskSets.clientTokenFor(longKey));
    assertThat(token.chars()).allMatch(c -> c >= 33 && c <= 126);
    assertThat(SdkTaskSets.clientTokenFor(withSpace)).hasSize(36).doesNotContain(" ");
    assertThat(SdkTaskSets.clientTokenFor(longKey + "x")).isNotEqualTo(token);
  }
}
