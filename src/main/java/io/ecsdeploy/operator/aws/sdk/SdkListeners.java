package io.ecsdeploy.operator.aws.sdk;

import static io.ecsdeploy.operator.aws.sdk.SdkCalls.call;

import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.ForwardWeights;
import io.ecsdeploy.operator.aws.ListenerDescription;
import io.ecsdeploy.operator.aws.Listeners;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.TargetGroupDescription;
import io.ecsdeploy.operator.aws.shared.SharedReads;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * {@link Listeners} on the ELBv2 API: DescribeListeners / DescribeRules to read, ModifyListener /
 * ModifyRule to set weighted forwarding, DescribeTargetGroups.
 *
 * <p>With a read TTL, reads of listeners and rules are shared by every deployment ({@link
 * SharedReads}): one DescribeListeners by load balancer answers for all of its listeners, one
 * DescribeRules by listener for all of its rules. Setting weights reads the route afresh, and drops
 * what was read of it once the change is made (or failed), so the next read sees it.
 */
public final class SdkListeners implements Listeners {

  /** ELB's bounds for a target group's weight in a forward action. */
  static final int MAX_WEIGHT = 999;

  /** Target groups per DescribeTargetGroups call (ELB's page size is larger; this is plenty). */
  static final int MAX_TARGET_GROUPS_PER_CALL = 20;

  /** A listener or rule as read, or why it could not be read. */
  private record Read<T>(T value, AwsFailure failure) {
    T get() {
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }

  private final ElasticLoadBalancingV2Client elb;
  private final SharedReads<String, Read<Listener>> listeners;
  private final SharedReads<String, Read<Rule>> rules;

  public SdkListeners(ElasticLoadBalancingV2Client elb) {
    this(elb, Duration.ZERO);
  }

  /** Listeners whose reads are shared for {@code readTtl} (zero: every read goes to ELB). */
  public SdkListeners(ElasticLoadBalancingV2Client elb, Duration readTtl) {
    this.elb = elb;
    if (readTtl.isZero()) {
      this.listeners = null;
      this.rules = null;
    } else {
      this.listeners =
          new SharedReads<>(
              readTtl, Integer.MAX_VALUE, SdkListeners::loadBalancerOf, this::listenersOf);
      this.rules =
          new SharedReads<>(readTtl, Integer.MAX_VALUE, SdkListeners::listenerOf, this::rulesOf);
    }
  }

  @Override
  public ForwardWeights readWeights(Route route) {
    return weightsOf(route, forwardAction(route, sharedActions(route)));
  }

  @Override
  public void setWeights(Route route, Map<String, Integer> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("a forward action needs at least one target group");
    }
    weights.forEach(
        (arn, weight) -> {
          if (weight == null || weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException(
                "weight of " + arn + " must be 0.." + MAX_WEIGHT + ": " + weight);
          }
        });
    List<Action> actions = actions(route);
    Action forward = forwardAction(route, actions);
    if (weightsOf(route, forward).weights().equals(new LinkedHashMap<>(weights))
        && forward.forwardConfig() != null) {
      return;
    }
    ForwardActionConfig.Builder config = ForwardActionConfig.builder();
    if (forward.forwardConfig() != null
        && forward.forwardConfig().targetGroupStickinessConfig() != null) {
      config.targetGroupStickinessConfig(forward.forwardConfig().targetGroupStickinessConfig());
    }
    config.targetGroups(
        weights.entrySet().stream()
            .map(
                e ->
                    TargetGroupTuple.builder()
                        .targetGroupArn(e.getKey())
                        .weight(e.getValue())
                        .build())
            .toList());
    // A forward action with several target groups must not also name a single one.
    Action weighted =
        forward.toBuilder().targetGroupArn(null).forwardConfig(config.build()).build();
    List<Action> updated = new ArrayList<>(actions.size());
    for (Action action : actions) {
      updated.add(action == forward ? weighted : action);
    }
    try {
      switch (route.kind()) {
        case LISTENER ->
            call(() -> elb.modifyListener(r -> r.listenerArn(route.arn()).defaultActions(updated)));
        case RULE -> call(() -> elb.modifyRule(r -> r.ruleArn(route.arn()).actions(updated)));
      }
    } finally {
      changed(route);
    }
  }

  /** Our change of a route (made, failed or of unknown outcome) drops what was read of it. */
  private void changed(Route route) {
    if (listeners == null) {
      return;
    }
    switch (route.kind()) {
      case LISTENER -> listeners.invalidate(route.arn()::equals);
      case RULE -> rules.invalidate(route.arn()::equals);
    }
  }

  @Override
  public List<TargetGroupDescription> describeTargetGroups(Collection<String> targetGroupArns) {
    List<String> arns = new ArrayList<>(new LinkedHashSet<>(targetGroupArns));
    Map<String, TargetGroupDescription> byArn = new LinkedHashMap<>();
    for (int from = 0; from < arns.size(); from += MAX_TARGET_GROUPS_PER_CALL) {
      List<String> batch =
          arns.subList(from, Math.min(arns.size(), from + MAX_TARGET_GROUPS_PER_CALL));
      for (TargetGroup group :
          call(() -> elb.describeTargetGroups(r -> r.targetGroupArns(batch)).targetGroups())) {
        byArn.put(
            group.targetGroupArn(),
            new TargetGroupDescription(
                group.targetGroupArn(),
                group.targetGroupName(),
                group.loadBalancerArns(),
                group.protocolAsString(),
                group.port() == null ? 0 : group.port(),
                group.targetTypeAsString()));
      }
    }
    List<TargetGroupDescription> ordered = new ArrayList<>();
    for (String arn : targetGroupArns) {
      TargetGroupDescription description = byArn.get(arn);
      if (description == null) {
        throw invalid("target group " + arn + " was not described by ELB");
      }
      ordered.add(description);
    }
    return ordered;
  }

  @Override
  public Map<String, Integer> targetStates(String targetGroupArn) {
    Map<String, Integer> states = new TreeMap<>();
    for (TargetHealthDescription target :
        call(
            () ->
                elb.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn))
                    .targetHealthDescriptions())) {
      String state =
          target.targetHealth() == null ? "unknown" : target.targetHealth().stateAsString();
      states.merge(state == null ? "unknown" : state, 1, Integer::sum);
    }
    return states;
  }

  @Override
  public ListenerDescription describeListener(String listenerArn) {
    Listener listener =
        listeners == null ? listener(listenerArn) : listeners.get(listenerArn).get();
    return new ListenerDescription(
        listener.listenerArn(),
        listener.loadBalancerArn(),
        listener.protocolAsString(),
        listener.port() == null ? 0 : listener.port());
  }

  private Listener listener(String listenerArn) {
    List<Listener> listeners =
        call(() -> elb.describeListeners(r -> r.listenerArns(listenerArn)).listeners());
    if (listeners.isEmpty()) {
      throw invalid("listener " + listenerArn + " does not exist");
    }
    return listeners.get(0);
  }

  /** The route's actions, from a shared read when reads are shared. */
  private List<Action> sharedActions(Route route) {
    if (listeners == null) {
      return actions(route);
    }
    return switch (route.kind()) {
      case LISTENER -> listeners.get(route.arn()).get().defaultActions();
      case RULE -> rules.get(route.arn()).get().actions();
    };
  }

  /**
   * The load balancer a listener ARN names ({@code ...:listener/app/lb/1/2} belongs to {@code
   * ...:loadbalancer/app/lb/1}), or the listener ARN itself when it does not look like one.
   */
  static String loadBalancerOf(String listenerArn) {
    int lastSlash = listenerArn.lastIndexOf('/');
    if (!listenerArn.contains(":listener/") || lastSlash < 0) {
      return listenerArn;
    }
    return listenerArn.substring(0, lastSlash).replace(":listener/", ":loadbalancer/");
  }

  /** The listener a rule ARN names, or the rule ARN itself when it does not look like one. */
  static String listenerOf(String ruleArn) {
    try {
      return Route.rule(ruleArn).listenerArn();
    } catch (IllegalArgumentException notARuleArn) {
      return ruleArn;
    }
  }

  /**
   * Every listener of the load balancer with one DescribeListeners (by page); listeners it did not
   * list (or when the group is not a load balancer) are read by ARN, one by one.
   */
  private Map<String, Read<Listener>> listenersOf(Object loadBalancer, List<String> listenerArns) {
    Map<String, Read<Listener>> read = new LinkedHashMap<>();
    String lb = (String) loadBalancer;
    if (lb.contains(":loadbalancer/")) {
      String marker = null;
      do {
        String page = marker;
        DescribeListenersResponse response =
            call(() -> elb.describeListeners(r -> r.loadBalancerArn(lb).marker(page)));
        for (Listener listener : response.listeners()) {
          read.put(listener.listenerArn(), new Read<>(listener, null));
        }
        marker = response.nextMarker();
      } while (marker != null && !marker.isEmpty());
    }
    for (String arn : listenerArns) {
      if (!read.containsKey(arn)) {
        try {
          read.put(arn, new Read<>(listener(arn), null));
        } catch (AwsFailure failure) {
          read.put(arn, new Read<>(null, failure));
        }
      }
    }
    return read;
  }

  /** Every rule of the listener with one DescribeRules (by page); the others by ARN, one by one. */
  private Map<String, Read<Rule>> rulesOf(Object listener, List<String> ruleArns) {
    Map<String, Read<Rule>> read = new LinkedHashMap<>();
    String listenerArn = (String) listener;
    if (listenerArn.contains(":listener/")) {
      String marker = null;
      do {
        String page = marker;
        DescribeRulesResponse response =
            call(() -> elb.describeRules(r -> r.listenerArn(listenerArn).marker(page)));
        for (Rule rule : response.rules()) {
          read.put(rule.ruleArn(), new Read<>(rule, null));
        }
        marker = response.nextMarker();
      } while (marker != null && !marker.isEmpty());
    }
    for (String arn : ruleArns) {
      if (!read.containsKey(arn)) {
        try {
          read.put(arn, new Read<>(rule(arn), null));
        } catch (AwsFailure failure) {
          read.put(arn, new Read<>(null, failure));
        }
      }
    }
    return read;
  }

  private Rule rule(String ruleArn) {
    var found = call(() -> elb.describeRules(r -> r.ruleArns(ruleArn)).rules());
    if (found.isEmpty()) {
      throw invalid("listener rule " + ruleArn + " does not exist");
    }
    return found.get(0);
  }

  private List<Action> actions(Route route) {
    return switch (route.kind()) {
      case LISTENER -> listener(route.arn()).defaultActions();
      case RULE -> rule(route.arn()).actions();
    };
  }

  private static Action forwardAction(Route route, List<Action> actions) {
    return actions.stream()
        .filter(a -> a.type() == ActionTypeEnum.FORWARD)
        .findFirst()
        .orElseThrow(
            () ->
                invalid(
                    (route.kind() == Route.Kind.RULE ? "listener rule " : "listener ")
                        + route.arn()
                        + " has no forward action"));
  }

  private static ForwardWeights weightsOf(Route route, Action forward) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    if (forward.forwardConfig() != null && !forward.forwardConfig().targetGroups().isEmpty()) {
      for (TargetGroupTuple tuple : forward.forwardConfig().targetGroups()) {
        // ELB's default weight for a target group listed without one.
        weights.put(tuple.targetGroupArn(), tuple.weight() == null ? 1 : tuple.weight());
      }
    } else if (forward.targetGroupArn() != null) {
      weights.put(forward.targetGroupArn(), 1);
    } else {
      throw invalid("the forward action of " + route.arn() + " names no target group");
    }
    return new ForwardWeights(weights);
  }

  private static AwsFailure invalid(String message) {
    return new AwsFailure(
        ErrorCode.ELASTIC_LOAD_BALANCING_INVALID,
        false,
        "ElasticLoadBalancingV2",
        null,
        message,
        null);
  }
}
