package io.ecsdeploy.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.reconciler.GroupAwsChecks.Findings;
import io.ecsdeploy.operator.reconciler.GroupAwsChecks.Group;
import io.ecsdeploy.operator.reconciler.GroupAwsChecks.Read;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupAwsChecksTest {
  private static final Duration INTERVAL = Duration.ofMinutes(10);

  private static final Findings READY = Findings.ready("task-set-1", "blue");
  private static final Findings PROBLEM = Findings.problem("ServiceNotExternal", "uses ECS");

  private final TestClock clock = new TestClock();
  private final GroupAwsChecks checks = new GroupAwsChecks(INTERVAL, clock, () -> 0.25);

  /** A group at generation 1, application a/1, no deployment yet, unknown to the stored status. */
  private static Group group() {
    return new Group("g", 1, "a/1", null, false, null, null, false);
  }

  @Test
  void aGroupNewToTheProcessIsCheckedThenLeftAloneWhileItsDeploymentsWriteTheirStatus() {
    assertThat(checks.decide(group())).isEqualTo(Read.VALIDATE);
    checks.checked(group(), READY);

    clock.advance(Duration.ofSeconds(5));
    assertThat(checks.decide(group())).isEqualTo(Read.NOTHING);
    Group running = new Group("g", 1, "a/1", null, true, READY, null, false);
    assertThat(checks.decide(running)).as("a deployment started").isEqualTo(Read.NOTHING);
    assertThat(checks.decide(running)).as("and wrote its status again").isEqualTo(Read.NOTHING);
  }

  @Test
  void whenADeploymentEndsOnlyTheLiveTargetsAreReadOnce() {
    checks.checked(group(), READY);
    Group running = new Group("g", 1, "a/1", null, true, READY, null, false);
    assertThat(checks.decide(running)).isEqualTo(Read.NOTHING);

    Group ended = new Group("g", 1, "a/1", "d-AAAAAAAAA", false, READY, null, true);
    assertThat(checks.decide(ended)).isEqualTo(Read.LIVE_TARGETS);
    Findings afterTheDeployment = Findings.ready("task-set-2", "green");
    checks.liveTargetsRead(ended, afterTheDeployment);
    assertThat(checks.decide(ended)).isEqualTo(Read.NOTHING);
    assertThat(checks.findings("g"))
        .as("kept for the status, should its write have to be made again")
        .contains(afterTheDeployment);
    assertThat(checks.nextCheckIn("g")).as("not a full check").isEqualTo(INTERVAL);
  }

  @Test
  void aDeploymentDeletedWhileItRanCountsAsEnded() {
    checks.checked(group(), READY);
    assertThat(checks.decide(new Group("g", 1, "a/1", null, true, READY, null, false)))
        .isEqualTo(Read.NOTHING);
    assertThat(checks.decide(group())).isEqualTo(Read.LIVE_TARGETS);
  }

  @Test
  void aSpecOrApplicationChangeOrTheIntervalBringsAFullCheck() {
    checks.checked(group(), READY);
    assertThat(checks.decide(new Group("g", 2, "a/1", null, false, null, null, false)))
        .as("new generation")
        .isEqualTo(Read.VALIDATE);
    assertThat(checks.decide(new Group("g", 1, "a/2", null, false, null, null, false)))
        .as("application changed")
        .isEqualTo(Read.VALIDATE);

    clock.advance(INTERVAL.minusSeconds(1));
    assertThat(checks.decide(group())).isEqualTo(Read.NOTHING);
    assertThat(checks.nextCheckIn("g")).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(checks.decide(group())).isEqualTo(Read.VALIDATE);
  }

  @Test
  void aProblemOrAFailureIsCheckedAgainAfterItsShortDelayNotAtEveryEvent() {
    checks.checked(group(), PROBLEM);
    assertThat(checks.decide(group())).isEqualTo(Read.NOTHING);
    assertThat(checks.findings("g")).contains(PROBLEM);
    assertThat(checks.nextCheckIn("g")).isEqualTo(GroupAwsChecks.RETRY_AFTER_PROBLEM);
    clock.advance(GroupAwsChecks.RETRY_AFTER_PROBLEM);
    assertThat(checks.decide(group())).isEqualTo(Read.VALIDATE);

    checks.checked(group(), Findings.failure("THROTTLED", "Rate exceeded"));
    assertThat(checks.nextCheckIn("g")).isEqualTo(GroupAwsChecks.RETRY_AFTER_FAILURE);
    assertThat(checks.decide(group())).isEqualTo(Read.NOTHING);
    clock.advance(GroupAwsChecks.RETRY_AFTER_FAILURE);
    assertThat(checks.decide(group())).isEqualTo(Read.VALIDATE);
    assertThat(checks.decide(new Group("g", 2, "a/1", null, false, null, null, false)))
        .as("a spec change is checked at once")
        .isEqualTo(Read.VALIDATE);
  }

  @Test
  void afterARestartAGroupStoredReadyIsTrustedAndCheckedWithinTheInterval() {
    Group storedReady = new Group("g", 1, "a/1", "d-AAAAAAAAA", false, READY, "d-AAAAAAAAA", false);
    assertThat(checks.decide(storedReady)).isEqualTo(Read.NOTHING);
    assertThat(checks.findings("g")).contains(READY);
    // The random draw 0.25 counts a quarter of the interval as already gone.
    assertThat(checks.nextCheckIn("g")).isEqualTo(INTERVAL.multipliedBy(3).dividedBy(4));

    GroupAwsChecks other = new GroupAwsChecks(INTERVAL, clock, () -> 0.25);
    Group endedWhileDown =
        new Group("g", 1, "a/1", "d-BBBBBBBBB", false, READY, "d-AAAAAAAAA", false);
    assertThat(other.decide(endedWhileDown))
        .as("a deployment ended while no operator ran")
        .isEqualTo(Read.LIVE_TARGETS);

    GroupAwsChecks third = new GroupAwsChecks(INTERVAL, clock, () -> 0.25);
    assertThat(third.decide(new Group("g", 1, "a/1", null, false, null, null, false)))
        .as("stored not Ready at this generation: checked at once")
        .isEqualTo(Read.VALIDATE);
  }

  @Test
  void forgetsDeletedGroups() {
    checks.checked(group(), READY);
    checks.checked(new Group("h", 1, "a/1", null, false, null, null, false), READY);
    checks.retainOnly(Set.of("h"));
    assertThat(checks.size()).isEqualTo(1);
    assertThat(checks.findings("g")).isEmpty();
  }

  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
