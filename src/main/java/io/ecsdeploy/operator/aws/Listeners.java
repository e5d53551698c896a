package io.ecsdeploy.operator.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * ELB listeners and rules that shift traffic between the original and the replacement target group
 * by weighted forwarding, and the descriptions a deployment group's validation needs (the target
 * groups and the listeners must share a load balancer).
 */
public interface Listeners {

  /**
   * Reads the weights of the route's forward action (the listener's default actions, or the rule's
   * actions). Fails with ELASTIC_LOAD_BALANCING_INVALID when the route has no forward action.
   */
  ForwardWeights readWeights(Route route);

  /**
   * Sets the route's forward action to exactly these weights (absolute, 0..999 each, not
   * increments; target groups left out get no traffic). The route's other actions and the forward
   * action's stickiness settings are kept. Setting the weights it already has changes nothing.
   */
  void setWeights(Route route, Map<String, Integer> weights);

  /** Describes target groups by ARN, in the order given. */
  List<TargetGroupDescription> describeTargetGroups(Collection<String> targetGroupArns);

  /**
   * How many of the target group's registered targets are in each health state
   * (DescribeTargetHealth: {@code healthy}, {@code initial}, {@code unhealthy}, {@code draining},
   * ...); empty when none is registered.
   */
  Map<String, Integer> targetStates(String targetGroupArn);

  /** Describes a listener by ARN. */
  ListenerDescription describeListener(String listenerArn);
}
