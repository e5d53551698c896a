package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AwsCallCounterTest {

  @Test
  void countsCallsAndFailuresPerOperation() {
    AwsCallCounter counter = new AwsCallCounter();

    counter.record("ECS", "DescribeServices", false);
    counter.record("ECS", "DescribeServices", true);
    counter.record("CloudWatch", "DescribeAlarms", false);

    assertThat(counter.calls("ECS", "DescribeServices")).isEqualTo(2);
    assertThat(counter.errors("ECS", "DescribeServices")).isEqualTo(1);
    assertThat(counter.calls("ECS", "CreateTaskSet")).isZero();
    assertThat(counter.snapshot().keySet())
        .extracting(AwsCallCounter.Operation::toString)
        .containsExactly("CloudWatch:DescribeAlarms", "ECS:DescribeServices");
  }

  @Test
  void countsEveryCallFromManyThreads() throws InterruptedException {
    AwsCallCounter counter = new AwsCallCounter();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 4000; i++) {
      boolean failed = i % 4 == 0;
      pool.execute(() -> counter.record("ELB", "ModifyListener", failed));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(counter.snapshot().get(new AwsCallCounter.Operation("ELB", "ModifyListener")))
        .isEqualTo(new AwsCallCounter.Counts(4000, 1000));
  }
}
