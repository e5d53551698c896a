package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
  void countsRetriesAndTheErrorOfEveryFailedAttempt() {
    AwsCallCounter counter = new AwsCallCounter();
    List<AwsCallCounter.AttemptErrorKey> seen = new ArrayList<>();
    counter.onFirstAttemptError(seen::add);

    // Throttled twice, then answered: one successful call, two retries, two throttled attempts.
    counter.record("ECS", "CreateTaskSet", false);
    counter.recordAttempts(
        "ECS",
        "CreateTaskSet",
        2,
        List.of(AwsCallCounter.AttemptError.THROTTLING, AwsCallCounter.AttemptError.THROTTLING));
    counter.recordAttempts(
        "ECS", "CreateTaskSet", 1, List.of(AwsCallCounter.AttemptError.SERVER_ERROR));
    counter.recordAttempts("ECS", "DescribeServices", 0, List.of());

    assertThat(counter.errors("ECS", "CreateTaskSet")).isZero();
    assertThat(counter.retries("ECS", "CreateTaskSet")).isEqualTo(3);
    assertThat(
            counter.attemptErrors("ECS", "CreateTaskSet", AwsCallCounter.AttemptError.THROTTLING))
        .isEqualTo(2);
    assertThat(
            counter.attemptErrors("ECS", "CreateTaskSet", AwsCallCounter.AttemptError.SERVER_ERROR))
        .isEqualTo(1);
    assertThat(counter.attemptErrors("ECS", "CreateTaskSet", AwsCallCounter.AttemptError.TIMEOUT))
        .isZero();
    assertThat(seen)
        .extracting(key -> key.operation() + " " + key.error().label())
        .containsExactly("ECS:CreateTaskSet throttling", "ECS:CreateTaskSet server_error");
    assertThat(counter.snapshot())
        .containsKey(new AwsCallCounter.Operation("ECS", "DescribeServices"));
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
