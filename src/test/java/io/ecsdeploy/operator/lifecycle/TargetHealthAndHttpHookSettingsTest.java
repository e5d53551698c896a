package io.ecsdeploy.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetHealthAndHttpHookSettingsTest {
  @Test
  void aTargetHealthGateRefusesANegativeCountAShareOutside0To100AndNoTimeout() {
    assertThatThrownBy(() -> new TargetHealthSettings(true, -1, 100, Duration.ofMinutes(1)))
        .hasMessageContaining("minHealthyCount");
    assertThatThrownBy(() -> new TargetHealthSettings(true, null, -1, Duration.ofMinutes(1)))
        .hasMessageContaining("minHealthyPercent");
    assertThatThrownBy(() -> new TargetHealthSettings(true, null, 101, Duration.ofMinutes(1)))
        .hasMessageContaining("minHealthyPercent");
    assertThatThrownBy(() -> new TargetHealthSettings(true, null, 100, null))
        .hasMessageContaining("timeout");
  }

  @Test
  void theHealthyTargetsNeededAreTheCountAsGivenOrTheShareRoundedUp() {
    assertThat(new TargetHealthSettings(true, 3, 0, Duration.ofMinutes(1)).needed(10)).isEqualTo(3);
    assertThat(new TargetHealthSettings(true, null, 50, Duration.ofMinutes(1)).needed(3))
        .isEqualTo(2);
    assertThat(TargetHealthSettings.allHealthy(Duration.ofMinutes(1)).needed(-2)).isZero();
    assertThat(TargetHealthSettings.disabled().enabled()).isFalse();
  }

  @Test
  void anHttpHookIsAnHttpOrHttpsUrlAndNeedsItsSigningSecret() {
    assertThat(HttpHookSettings.isEndpoint("https://hooks.example.com/before")).isTrue();
    assertThat(HttpHookSettings.isEndpoint("http://10.0.0.1:8080/hook")).isTrue();
    assertThat(HttpHookSettings.isEndpoint("arn:aws:lambda:us-east-1:123456789012:function:f"))
        .isFalse();
    assertThat(HttpHookSettings.isEndpoint(null)).isFalse();
    assertThatThrownBy(() -> new HttpHookSettings(null, "key"))
        .hasMessageContaining("signingSecretName");
    assertThatThrownBy(() -> new HttpHookSettings("secret", null))
        .hasMessageContaining("signingSecretKey");
  }
}
