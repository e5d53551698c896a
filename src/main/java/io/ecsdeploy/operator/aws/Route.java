package io.ecsdeploy.operator.aws;

import java.util.Objects;

/**
 * Where production or test traffic is forwarded: a listener's default action, or one listener
 * rule's forward action (ECS's own blue/green uses rules).
 *
 * @param kind LISTENER or RULE
 * @param arn the listener's or the rule's ARN
 */
public record Route(Kind kind, String arn) {

  /** What the ARN names. */
  public enum Kind {
    LISTENER,
    RULE
  }

  public Route {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(arn, "arn");
  }

  public static Route listener(String listenerArn) {
    return new Route(Kind.LISTENER, listenerArn);
  }

  public static Route rule(String ruleArn) {
    return new Route(Kind.RULE, ruleArn);
  }

  /** A listener or rule, told apart by the ARN's resource type ({@code listener-rule/}). */
  public static Route fromArn(String arn) {
    return arn.contains(":listener-rule/") ? rule(arn) : listener(arn);
  }

  /**
   * The ARN of the listener this route belongs to: the listener itself, or, for a rule ({@code
   * ...:listener-rule/app/lb/1/listener/2/rule}), the listener the rule's ARN names.
   */
  public String listenerArn() {
    if (kind == Kind.LISTENER) {
      return arn;
    }
    int lastSlash = arn.lastIndexOf('/');
    if (lastSlash < 0 || !arn.contains(":listener-rule/")) {
      throw new IllegalArgumentException("not a listener rule ARN: " + arn);
    }
    return arn.substring(0, lastSlash).replace(":listener-rule/", ":listener/");
  }
}
