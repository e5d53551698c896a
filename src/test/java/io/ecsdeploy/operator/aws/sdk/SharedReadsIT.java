package io.ecsdeploy.operator.aws.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Many deployments waiting in one account and region share their reads: 16 deployments, each with
 * its own service in one cluster, its own alarm, and routes on one load balancer, poll at once;
 * their reads cost calls by cluster and load balancer, not by deployment. Against moto (ECS, ELB)
 * and MiniStack (CloudWatch), counted by the factory's {@link AwsCallCounter}.
 */
@ExtendWith(AwsEmulatorsExtension.class)
class SharedReadsIT {

  private static final int DEPLOYMENTS = 16;
  private static final int ROUNDS = 3;
  private static final Duration TTL = Duration.ofMillis(800);

  private BlueGreenFixture fixture;
  private final List<ServiceId> services = new ArrayList<>();
  private final List<String> alarms = new ArrayList<>();
  private ExecutorService pool;

  @BeforeEach
  void sixteenServicesAndAlarms() {
    AwsEmulatorsExtension.reset();
    fixture = BlueGreenFixture.create();
    services.add(fixture.service);
    try (EcsClient ecs = EmulatorClients.ecs();
        CloudWatchClient cloudWatch = EmulatorClients.cloudWatch()) {
      for (int i = 1; i < DEPLOYMENTS; i++) {
        services.add(fixture.externalService(ecs, "web-" + i));
      }
      for (int i = 0; i < DEPLOYMENTS; i++) {
        String name = "web-" + i + "-5xx";
        cloudWatch.putMetricAlarm(
            r ->
                r.alarmName(name)
                    .namespace("AWS/ApplicationELB")
                    .metricName("HTTPCode_Target_5XX_Count")
                    .statistic(Statistic.SUM)
                    .period(60)
                    .evaluationPeriods(1)
                    .threshold(1.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD));
        alarms.add(name);
      }
    }
    pool = Executors.newFixedThreadPool(DEPLOYMENTS);
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void waitingDeploymentsShareTheirReadsByClusterAndLoadBalancer() throws Exception {
    Map<String, Long> unshared = pollRounds(EmulatorFactory.config());
    Map<String, Long> shared = pollRounds(EmulatorFactory.config().withReadCacheTtl(TTL));

    System.out.printf(
        "%d deployments, %d rounds of polls (service, alarm, listener, rule each):%n"
            + "  unshared: %s%n  shared:   %s%n",
        DEPLOYMENTS, ROUNDS + 1, unshared, shared);
    long polls = (long) DEPLOYMENTS * (ROUNDS + 1);
    assertThat(unshared.get("DescribeServices")).isEqualTo(polls);
    assertThat(unshared.get("DescribeAlarms")).isEqualTo(polls);
    // After the first round (in which deployments learn of each other), each round reads the 16
    // services with 2 DescribeServices (10 a call), the 16 alarms with 1 DescribeAlarms, both
    // listeners with 1 DescribeListeners (by load balancer) and the rule with 1 DescribeRules.
    assertThat(shared.get("DescribeServices")).isLessThanOrEqualTo(DEPLOYMENTS + 2L * ROUNDS);
    assertThat(shared.get("DescribeAlarms")).isLessThanOrEqualTo(DEPLOYMENTS + (long) ROUNDS);
    assertThat(shared.get("DescribeListeners")).isLessThanOrEqualTo(2L * DEPLOYMENTS + ROUNDS);
    assertThat(shared.get("DescribeRules")).isLessThanOrEqualTo(DEPLOYMENTS + (long) ROUNDS);
    long sharedReads = shared.values().stream().mapToLong(Long::longValue).sum();
    long unsharedReads = unshared.values().stream().mapToLong(Long::longValue).sum();
    assertThat(sharedReads).isLessThan(unsharedReads / 2);
  }

  /**
   * Every deployment polls its service, its alarm, the production listener and the rule, all at
   * once; a first round, then {@link #ROUNDS} more, each once the TTL has passed. Returns the read
   * calls made, by operation.
   */
  private Map<String, Long> pollRounds(AwsClientConfig config) throws Exception {
    try (AwsClientFactory factory = new AwsClientFactory(config)) {
      AwsPorts ports =
          new SdkAwsAccess(factory).forTarget(EmulatorFactory.REGION, Optional.empty());
      for (int round = 0; round <= ROUNDS; round++) {
        if (round > 0) {
          long ttlEnds = System.nanoTime() + TTL.toNanos();
          await()
              .pollInterval(Duration.ofMillis(50))
              .atMost(Duration.ofSeconds(30))
              .until(() -> System.nanoTime() > ttlEnds);
        }
        CyclicBarrier start = new CyclicBarrier(DEPLOYMENTS);
        List<CompletableFuture<Void>> polls = new ArrayList<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
          ServiceId service = services.get(i);
          String alarm = alarms.get(i);
          polls.add(
              CompletableFuture.runAsync(
                  () -> {
                    arrive(start);
                    EcsService described = ports.taskSets().describeService(service);
                    assertThat(described.status()).isEqualTo(EcsService.Status.ACTIVE);
                    assertThat(ports.alarms().states(List.of(alarm)).stateOf(alarm))
                        .isNotEqualTo(AlarmState.MISSING);
                    assertThat(
                            ports
                                .listeners()
                                .readWeights(Route.listener(fixture.production))
                                .percentOf(fixture.blue))
                        .isEqualTo(100);
                    assertThat(
                            ports
                                .listeners()
                                .readWeights(Route.rule(fixture.rule))
                                .percentOf(fixture.blue))
                        .isEqualTo(100);
                  },
                  pool));
        }
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      }
      AwsCallCounter counter = factory.callCounter();
      Map<String, Long> reads = new LinkedHashMap<>();
      reads.put("DescribeServices", counter.calls("ECS", "DescribeServices"));
      reads.put("DescribeAlarms", counter.calls("CloudWatch", "DescribeAlarms"));
      reads.put("DescribeListeners", counter.calls("ElasticLoadBalancingV2", "DescribeListeners"));
      reads.put("DescribeRules", counter.calls("ElasticLoadBalancingV2", "DescribeRules"));
      return reads;
    }
  }

  @Test
  void aReadAfterOurOwnChangeSeesIt() {
    try (AwsClientFactory factory =
        new AwsClientFactory(EmulatorFactory.config().withReadCacheTtl(Duration.ofMinutes(5)))) {
      AwsPorts ports =
          new SdkAwsAccess(factory).forTarget(EmulatorFactory.REGION, Optional.empty());
      Route production = Route.listener(fixture.production);
      Route rule = Route.rule(fixture.rule);
      assertThat(ports.listeners().readWeights(production).percentOf(fixture.green)).isZero();
      assertThat(ports.listeners().readWeights(rule).percentOf(fixture.green)).isZero();
      assertThat(ports.taskSets().describeService(fixture.service).taskSets()).isEmpty();

      Map<String, Integer> shifted = new LinkedHashMap<>();
      shifted.put(fixture.blue, 90);
      shifted.put(fixture.green, 10);
      ports.listeners().setWeights(production, shifted);
      ports.listeners().setWeights(rule, shifted);
      var created =
          ports
              .taskSets()
              .createOrAdopt(
                  new NewTaskSet(
                      fixture.service,
                      "shared-reads-1",
                      fixture.taskDefinition,
                      fixture.green,
                      "web",
                      80,
                      "FARGATE",
                      List.of(),
                      fixture.network(),
                      null));

      // Well within the TTL, yet each read shows our change.
      assertThat(ports.listeners().readWeights(production).percentOf(fixture.green)).isEqualTo(10);
      assertThat(ports.listeners().readWeights(rule).percentOf(fixture.green)).isEqualTo(10);
      assertThat(ports.taskSets().describeService(fixture.service).taskSets())
          .extracting(t -> t.arn())
          .containsExactly(created.taskSet().arn());
    }
  }

  private static void arrive(CyclicBarrier barrier) {
    try {
      barrier.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
