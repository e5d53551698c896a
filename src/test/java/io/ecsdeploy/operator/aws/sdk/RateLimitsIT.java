package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.TaskSets;
import io.ecsdeploy.operator.aws.limits.ApiClass;
import io.ecsdeploy.operator.aws.limits.Rate;
import io.ecsdeploy.operator.aws.limits.RateLimitSettings;
import io.ecsdeploy.operator.logging.DeploymentLogContext;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.ecsdeploy.operator.testsupport.faults.FaultKind;
import io.ecsdeploy.operator.testsupport.faults.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/**
 * A burst of calls over a lowered limit: the fault proxy in front of moto throttles
 * DescribeServices above 10 a second (burst 6), as AWS would; the operator's clients, limited to 10
 * a second (burst 5), are never throttled, and the deployments take turns.
 */
@ExtendWith(AwsEmulatorsExtension.class)
class RateLimitsIT {

  private static final int DEPLOYMENTS = 8;
  private static final int CALLS_EACH = 5;
  private static final RateLimitSettings LOWERED =
      new RateLimitSettings(true, 1.0, Map.of(ApiClass.ECS_READ, new Rate(10, 5)));

  private BlueGreenFixture fixture;
  private final List<AwsFailure> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
  private AwsFaultProxy proxy;
  private ExecutorService pool;

  @BeforeEach
  void proxyThatThrottlesAsAwsDoes() {
    AwsEmulatorsExtension.reset();
    fixture = BlueGreenFixture.create();
    proxy = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint(), 11);
    proxy.inject(FaultRule.on("DescribeServices").aboveRate(10, 6).throttle());
    pool = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    proxy.close();
  }

  private AwsClientConfig through(RateLimitSettings limits) {
    return EmulatorFactory.config().withDefaultEndpoint(proxy.endpoint()).withRateLimits(limits);
  }

  @Test
  void withoutLimitsABurstIsThrottled() throws Exception {
    try (AwsClientFactory factory = new AwsClientFactory(through(RateLimitSettings.off()))) {
      burst(factory, DEPLOYMENTS, CALLS_EACH, new ConcurrentHashMap<>());
    }
    long throttled = proxy.faults("DescribeServices", FaultKind.THROTTLE);
    System.out.printf(
        "limits off: %d DescribeServices sent (the SDK's retries included), %d throttled, %d of %d"
            + " calls failed%n",
        proxy.calls("DescribeServices"), throttled, failed.size(), DEPLOYMENTS * CALLS_EACH);
    assertThat(throttled).isPositive();
  }

  @Test
  void withLimitsTheSameBurstIsNeverThrottled() throws Exception {
    try (AwsClientFactory factory = new AwsClientFactory(through(LOWERED))) {
      AtomicLong waited = new AtomicLong();
      factory.rateLimiters().onWait((apiClass, nanos) -> waited.addAndGet(nanos));
      long start = System.nanoTime();
      burst(factory, DEPLOYMENTS, CALLS_EACH, new ConcurrentHashMap<>());
      double seconds = (System.nanoTime() - start) / 1e9;

      AwsCallCounter counter = factory.callCounter();
      System.out.printf(
          "limits on (ecs-read 10/s, burst 5): %d DescribeServices in %.1f s (at least %.1f s at"
              + " that rate), %.1f s waited for tokens in all, %d throttled%n",
          counter.calls("ECS", "DescribeServices"),
          seconds,
          (DEPLOYMENTS * CALLS_EACH - 5) / 10.0,
          waited.get() / 1e9,
          proxy.faults("DescribeServices", FaultKind.THROTTLE));
      assertThat(proxy.faults("DescribeServices", FaultKind.THROTTLE)).isZero();
      assertThat(
              counter.attemptErrors(
                  "ECS", "DescribeServices", AwsCallCounter.AttemptError.THROTTLING))
          .isZero();
      assertThat(counter.calls("ECS", "DescribeServices"))
          .isEqualTo((long) DEPLOYMENTS * CALLS_EACH);
      assertThat(counter.errors("ECS", "DescribeServices")).isZero();
      assertThat(failed).isEmpty();
      assertThat(waited.get()).isPositive();
    }
  }

  @Test
  void aBurstFromOneDeploymentDoesNotHoldUpTheOthers() throws Exception {
    try (AwsClientFactory factory = new AwsClientFactory(through(LOWERED))) {
      // One deployment sends 24 calls from 12 threads at once; four others send 2 calls each.
      Map<String, Long> finishedAt = new ConcurrentHashMap<>();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        keys.add("burst");
      }
      keys.addAll(List.of("small-1", "small-2", "small-3", "small-4"));
      burst(factory, keys, 2, finishedAt);

      long burstEnd = finishedAt.get("burst");
      long lastSmallEnd =
          finishedAt.entrySet().stream()
              .filter(e -> e.getKey().startsWith("small"))
              .mapToLong(Map.Entry::getValue)
              .max()
              .orElseThrow();
      System.out.printf(
          "fair queueing (ecs-read 10/s): the four small deployments were done %.1f s before the"
              + " bursting one%n",
          (burstEnd - lastSmallEnd) / 1e9);
      for (String small : List.of("small-1", "small-2", "small-3", "small-4")) {
        assertThat(finishedAt.get(small)).as(small).isLessThan(burstEnd);
      }
      assertThat(proxy.faults("DescribeServices", FaultKind.THROTTLE)).isZero();
      assertThat(failed).isEmpty();
    }
  }

  private void burst(
      AwsClientFactory factory, int deployments, int callsEach, Map<String, Long> finishedAt)
      throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < deployments; i++) {
      keys.add("deployment-" + i);
    }
    burst(factory, keys, callsEach, finishedAt);
  }

  /**
   * One thread per key, all starting together, each making {@code callsEach} DescribeServices as
   * the deployment named by the key; records when each key's last call ended.
   */
  private void burst(
      AwsClientFactory factory, List<String> keys, int callsEach, Map<String, Long> finishedAt)
      throws Exception {
    TaskSets taskSets = factory.clients(EmulatorFactory.REGION).taskSets();
    failed.clear();
    CyclicBarrier start = new CyclicBarrier(keys.size());
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    for (String key : keys) {
      threads.add(
          CompletableFuture.runAsync(
              () -> {
                MDC.put(DeploymentLogContext.NAMESPACE, "team");
                MDC.put(DeploymentLogContext.DEPLOYMENT, key);
                try {
                  start.await(60, TimeUnit.SECONDS);
                  for (int i = 0; i < callsEach; i++) {
                    try {
                      EcsService service = taskSets.describeService(fixture.service);
                      assertThat(service.status()).isEqualTo(EcsService.Status.ACTIVE);
                    } catch (AwsFailure failure) {
                      failed.add(failure);
                    }
                  }
                  finishedAt.merge(key, System.nanoTime(), Math::max);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  MDC.clear();
                }
              },
              pool));
    }
    CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
  }
}
