package io.ecsdeploy.operator.testsupport.faults;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Which calls get which fault. Made with {@link #on(String)}, {@link #onEveryOperation()} or {@link
 * #onEveryMutatingOperation()}, narrowed with {@link Builder#onCall(int...)}, {@link
 * Builder#withProbability(double)}, {@link Builder#times(int)} or {@link Builder#firstOfEach}, and
 * finished with the fault:
 *
 * <pre>{@code
 * proxy.inject(FaultRule.on("CreateTaskSet").onCall(1).lostReply(Duration.ofSeconds(5)));
 * proxy.inject(FaultRule.onEveryMutatingOperation().withProbability(0.2).throttle());
 * proxy.inject(FaultRule.on("S3:GetObject").times(1).internalError());
 * proxy.inject(FaultRule.on("DescribeServices").aboveRate(10, 5).throttle()); // as AWS throttles
 * proxy.inject(FaultRule.onEveryMutatingOperation()
 *     .firstOfEach((operation, parameters) -> operation.name() + parameters)
 *     .lostReply(Duration.ofSeconds(8)));
 * }</pre>
 *
 * <p>Calls are numbered per rule: the k-th call is the k-th call this rule's target saw since the
 * rule was injected. A rule keeps counting the calls it matched and the faults it injected.
 */
public final class FaultRule {

  private final String target;
  private final Set<Integer> calls;
  private final double probability;
  private final int maxInjections;
  private final BiFunction<AwsOperation, Map<String, String>, String> distinct;
  private final Predicate<Map<String, String>> parameterCondition;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final RateAllowance allowance;
  private final FaultKind kind;
  private final Duration duration;
  private final AtomicInteger matched = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();

  private FaultRule(Builder builder, FaultKind kind, Duration duration) {
    this.target = builder.target;
    this.calls = Set.copyOf(builder.calls);
    this.probability = builder.probability;
    this.maxInjections = builder.maxInjections;
    this.distinct = builder.distinct;
    this.parameterCondition = builder.parameterCondition;
    this.allowance =
        builder.ratePerSecond > 0 ? new RateAllowance(builder.ratePerSecond, builder.burst) : null;
    this.kind = kind;
    this.duration = duration;
  }

  /** Every call whose operation is {@code name} ({@code CreateTaskSet}) or {@code Service:Name}. */
  public static Builder on(String operation) {
    return new Builder(Objects.requireNonNull(operation, "operation"));
  }

  /** Every call. */
  public static Builder onEveryOperation() {
    return new Builder("*");
  }

  /** Every call of a {@linkplain AwsOperation#mutating() mutating} operation. */
  public static Builder onEveryMutatingOperation() {
    return new Builder("*mutating");
  }

  public FaultKind kind() {
    return kind;
  }

  /** The added latency, or how long a lost reply is held. */
  public Duration duration() {
    return duration;
  }

  /** How many calls matched the rule's target so far. */
  public int matched() {
    return matched.get();
  }

  /** How many faults the rule injected so far. */
  public int injected() {
    return injected.get();
  }

  boolean targets(AwsOperation operation) {
    return switch (target) {
      case "*" -> true;
      case "*mutating" -> operation.mutating();
      default ->
          target.equals(operation.name())
              || target.equalsIgnoreCase(operation.service() + ":" + operation.name());
    };
  }

  /** Counts a call of the target and says whether it gets the fault; callers synchronise. */
  boolean fires(AwsOperation operation, Random random) {
    return fires(operation, Map.of(), random);
  }

  /**
   * Counts a call of the target with its {@linkplain CallParameters parameters} (empty for a call
   * that does not mutate) and says whether it gets the fault; callers synchronise.
   */
  boolean fires(AwsOperation operation, Map<String, String> parameters, Random random) {
    if (!targets(operation)
        || (parameterCondition != null && !parameterCondition.test(parameters))) {
      return false;
    }
    int k = matched.incrementAndGet();
    if (maxInjections >= 0 && injected.get() >= maxInjections) {
      return false;
    }
    if (!calls.isEmpty() && !calls.contains(k)) {
      return false;
    }
    if (probability < 1.0 && random.nextDouble() >= probability) {
      return false;
    }
    if (distinct != null && !seen.add(distinct.apply(operation, parameters))) {
      return false;
    }
    if (allowance != null && allowance.tryTake(System.nanoTime())) {
      return false;
    }
    injected.incrementAndGet();
    return true;
  }

  @Override
  public String toString() {
    return kind
        + (duration == null ? "" : "(" + duration + ")")
        + " on "
        + target
        + (calls.isEmpty() ? "" : " calls " + new TreeSet<>(calls))
        + (probability < 1.0 ? " p=" + probability : "")
        + (maxInjections >= 0 ? " at most " + maxInjections + "x" : "")
        + (distinct != null ? " first of each distinct call" : "")
        + (parameterCondition != null ? " with matching parameters" : "")
        + (allowance != null ? " above " + allowance : "");
  }

  /** A token bucket, as AWS throttles: calls within it pass, calls beyond it get the fault. */
  private static final class RateAllowance {
    private final double perSecond;
    private final int burst;
    private double tokens;
    private long updatedAt = System.nanoTime();

    RateAllowance(double perSecond, int burst) {
      this.perSecond = perSecond;
      this.burst = burst;
      this.tokens = burst;
    }

    /** Callers synchronise (as for {@link FaultRule#fires}). */
    boolean tryTake(long now) {
      tokens = Math.min(burst, tokens + (now - updatedAt) * perSecond / 1e9);
      updatedAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    @Override
    public String toString() {
      return perSecond + "/s burst " + burst;
    }
  }

  /** A rule's target and trigger, waiting for its fault. */
  public static final class Builder {
    private final String target;
    private final Set<Integer> calls = new TreeSet<>();
    private double probability = 1.0;
    private int maxInjections = -1;
    private BiFunction<AwsOperation, Map<String, String>, String> distinct;
    private Predicate<Map<String, String>> parameterCondition;
    private double ratePerSecond;
    private int burst;

    private Builder(String target) {
      this.target = target;
    }

    /** Only the k-th matching calls (1-based), e.g. {@code onCall(1)} for the first only. */
    public Builder onCall(int... k) {
      for (int call : k) {
        if (call < 1) {
          throw new IllegalArgumentException("calls are numbered from 1: " + call);
        }
        calls.add(call);
      }
      return this;
    }

    /** Each matching call with this probability, drawn from the proxy's seeded random. */
    public Builder withProbability(double p) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("probability " + p);
      }
      probability = p;
      return this;
    }

    /**
     * Only calls whose {@linkplain CallParameters parameters} match (empty for a call that does not
     * mutate), such as the weight change that gives a canary its traffic; others are not counted.
     */
    public Builder withParameters(Predicate<Map<String, String>> condition) {
      parameterCondition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /** At most n injections, then the rule lets calls through. */
    public Builder times(int n) {
      maxInjections = n;
      return this;
    }

    /**
     * Only the first matching call of each distinct key, computed from the call's operation and
     * {@linkplain CallParameters parameters} (empty for a call that does not mutate): with a key
     * that leaves out what differs between two sends of one change, the first attempt of each
     * change.
     */
    public Builder firstOfEach(BiFunction<AwsOperation, Map<String, String>, String> key) {
      distinct = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Only the calls beyond a request rate: a token bucket of {@code burst} tokens refilled at
     * {@code perSecond}, as AWS throttles an account; calls that find a token pass.
     */
    public Builder aboveRate(double perSecond, int burst) {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException("rate " + perSecond + "/s burst " + burst);
      }
      this.ratePerSecond = perSecond;
      this.burst = burst;
      return this;
    }

    public FaultRule throttle() {
      return new FaultRule(this, FaultKind.THROTTLE, null);
    }

    public FaultRule internalError() {
      return new FaultRule(this, FaultKind.INTERNAL_ERROR, null);
    }

    public FaultRule serviceUnavailable() {
      return new FaultRule(this, FaultKind.SERVICE_UNAVAILABLE, null);
    }

    public FaultRule latency(Duration delay) {
      return new FaultRule(this, FaultKind.LATENCY, Objects.requireNonNull(delay));
    }

    public FaultRule reset() {
      return new FaultRule(this, FaultKind.RESET, null);
    }

    /**
     * Forward the call, then hold the reply for {@code hold} (longer than the client's timeout) and
     * close the connection without it.
     */
    public FaultRule lostReply(Duration hold) {
      return new FaultRule(this, FaultKind.LOST_REPLY, Objects.requireNonNull(hold));
    }
  }
}
