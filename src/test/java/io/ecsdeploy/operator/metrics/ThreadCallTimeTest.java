package io.ecsdeploy.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCallTimeTest {
  @Test
  void nestedMeasuresCountTheOutermostOnly() {
    ThreadCallTime time = new ThreadCallTime();
    long before = time.nanos();
    long[] inner = new long[1];
    long outerStart = System.nanoTime();
    time.measure(
        () -> {
          long innerStart = System.nanoTime();
          time.measure(() -> busy(2_000_000));
          inner[0] = System.nanoTime() - innerStart;
          return busy(2_000_000);
        });
    long outer = System.nanoTime() - outerStart;
    long counted = time.nanos() - before;

    assertThat(counted).isGreaterThan(inner[0]).isLessThanOrEqualTo(outer);
  }

  @Test
  void eachKindOfCallAndEachThreadKeepsItsOwnTotal() throws Exception {
    ThreadCallTime aws = new ThreadCallTime();
    ThreadCallTime kubernetes = new ThreadCallTime();
    kubernetes.run(() -> busy(1_000_000));
    assertThat(aws.nanos()).isZero();
    assertThat(kubernetes.nanos()).isGreaterThanOrEqualTo(1_000_000);

    long[] elsewhere = new long[1];
    Thread other = new Thread(() -> elsewhere[0] = kubernetes.nanos());
    other.start();
    other.join();
    assertThat(elsewhere[0]).as("another thread's total").isZero();
  }

  /** Spins for about {@code nanos}: time that passes inside a measure. */
  private static long busy(long nanos) {
    long start = System.nanoTime();
    long spins = 0;
    while (System.nanoTime() - start < nanos) {
      spins++;
    }
    return spins;
  }
}
