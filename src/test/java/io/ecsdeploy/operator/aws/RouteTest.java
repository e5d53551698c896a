package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTest {

  private static final String LISTENER =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2";
  private static final String RULE =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";

  @Test
  void tellsRulesFromListenersByArn() {
    assertThat(Route.fromArn(LISTENER)).isEqualTo(Route.listener(LISTENER));
    assertThat(Route.fromArn(RULE)).isEqualTo(Route.rule(RULE));
  }

  @Test
  void aRuleNamesItsListener() {
    assertThat(Route.rule(RULE).listenerArn()).isEqualTo(LISTENER);
    assertThat(Route.listener(LISTENER).listenerArn()).isEqualTo(LISTENER);
  }

  @Test
  void aRuleWithAListenerArnIsRefused() {
    assertThatThrownBy(() -> Route.rule(LISTENER).listenerArn())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
