package io.ecsdeploy.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsCallTimeTest {
  @Test
  void nestedMeasuresCountTheOutermostOnly() {
    long before = AwsCallTime.nanos();
    long[] inner = new long[1];
    long outerStart = System.nanoTime();
    AwsCallTime.measure(
        () -> {
          long innerStart = System.nanoTime();
          AwsCallTime.measure(() -> busy(2_000_000));
          inner[0] = System.nanoTime() - innerStart;
          return busy(2_000_000);
        });
    long outer = System.nanoTime() - outerStart;
    long counted = AwsCallTime.nanos() - before;

    assertThat(counted).isGreaterThan(inner[0]).isLessThanOrEqualTo(outer);
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
