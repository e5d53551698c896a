package io.ecsdeploy.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Decides when a deployment group reads AWS, so that a group costs AWS calls when something it
 * shows may have changed there, not whenever one of its deployments writes its status (which used
 * to re-read the service, both listeners and the target groups dozens of times per deployment).
 *
 * <ul>
 *   <li>The full check (service, listeners, target groups, alarms) runs when this process first
 *       sees the group, when the group's spec (its generation) or its application changed, once per
 *       check interval, and, after a check that found a problem or could not read AWS, again after
 *       a short delay.
 *   <li>When one of its deployments has ended, only what a deployment changes is read again: the
 *       service's primary task set and the production route's weights ({@code
 *       status.primaryTaskSetArn}, {@code status.liveTargetGroupArn}).
 *   <li>Otherwise nothing is read; the summary of its deployments and the GitOps revision need only
 *       the Kubernetes caches.
 * </ul>
 *
 * <p>What was checked, and what it found, is kept in memory, and the group's status is made from it
 * at every reconcile: a status write that fails (a conflict with a deployment taking the group) is
 * made again from the same findings, without reading AWS again. A process that finds a group Ready
 * at its current generation, as an earlier process checked it, takes that on trust and does the
 * group's first full check at a random point within the interval, so that a restart does not
 * re-check every group at once.
 */
final class GroupAwsChecks {
  /** How long a check that could not read AWS waits before trying again. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  /** How long a group whose check found a problem waits before checking again. */
  static final Duration RETRY_AFTER_PROBLEM = Duration.ofMinutes(1);

  private static final Duration SOONEST = Duration.ofSeconds(1);

  /** What a reconcile reads from AWS. */
  enum Read {
    /** The full check. */
    VALIDATE,
    /** The primary task set and the production route's weights. */
    LIVE_TARGETS,
    NOTHING
  }

  /** How a check ended. */
  enum Outcome {
    READY,
    /** AWS answered, and what it showed does not suit blue/green deployments. */
    PROBLEM,
    /** AWS could not be read. */
    FAILED
  }

  /**
   * What a check found.
   *
   * @param outcome how it ended
   * @param reason the Ready condition's reason, when not {@link Outcome#READY}
   * @param message the Ready condition's message, when not {@link Outcome#READY}
   * @param primaryTaskSetArn the service's primary task set, when {@link Outcome#READY}
   * @param liveTargetGroupArn the target group serving production traffic, when {@link
   *     Outcome#READY}
   */
  record Findings(
      Outcome outcome,
      String reason,
      String message,
      String primaryTaskSetArn,
      String liveTargetGroupArn) {
    static Findings ready(String primaryTaskSetArn, String liveTargetGroupArn) {
      return new Findings(Outcome.READY, null, null, primaryTaskSetArn, liveTargetGroupArn);
    }

    static Findings problem(String reason, String message) {
      return new Findings(Outcome.PROBLEM, reason, message, null, null);
    }

    static Findings failure(String reason, String message) {
      return new Findings(Outcome.FAILED, reason, message, null, null);
    }
  }

  /**
   * A group as a reconcile sees it.
   *
   * @param uid the group's uid
   * @param generation its metadata.generation
   * @param application its application's identity and generation ({@code uid/generation})
   * @param lastEnded the deployment id of its last ended deployment, from its deployments now
   * @param busy whether one of its deployments is in progress, from its deployments now
   * @param stored what its stored status says: Ready at this generation, with these live targets,
   *     or null
   * @param storedLastEnded {@code lastEnded} as its stored status has it
   * @param storedBusy {@code busy} as its stored status has it
   */
  record Group(
      String uid,
      long generation,
      String application,
      String lastEnded,
      boolean busy,
      Findings stored,
      String storedLastEnded,
      boolean storedBusy) {}

  private record Checked(
      long generation,
      String application,
      String lastEnded,
      boolean busy,
      Instant at,
      Findings findings) {}

  private final Duration interval;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Map<String, Checked> byGroup = new ConcurrentHashMap<>();

  GroupAwsChecks(Duration interval, Clock clock, DoubleSupplier random) {
    this.interval = interval;
    this.clock = clock;
    this.random = random;
  }

  /** What to read for {@code group} now. */
  Read decide(Group group) {
    Instant now = Instant.now(clock);
    Checked last = byGroup.get(group.uid());
    if (last == null && group.stored() != null) {
      Duration alreadyElapsed =
          Duration.ofMillis((long) (interval.toMillis() * random.getAsDouble()));
      last =
          new Checked(
              group.generation(),
              group.application(),
              group.storedLastEnded(),
              group.storedBusy(),
              now.minus(alreadyElapsed),
              group.stored());
      byGroup.put(group.uid(), last);
    }
    if (last == null
        || last.generation() != group.generation()
        || !Objects.equals(last.application(), group.application())
        || !now.isBefore(last.at().plus(waitAfter(last.findings().outcome())))) {
      return Read.VALIDATE;
    }
    if (last.findings().outcome() != Outcome.READY) {
      return Read.NOTHING;
    }
    boolean ended =
        !Objects.equals(last.lastEnded(), group.lastEnded()) || (last.busy() && !group.busy());
    if (ended) {
      return Read.LIVE_TARGETS;
    }
    if (last.busy() != group.busy()) {
      byGroup.put(group.uid(), withDeployments(last, group));
    }
    return Read.NOTHING;
  }

  /**
   * Records what a full check found; with {@link Outcome#FAILED} (AWS could not be read) a full
   * check follows after {@link #RETRY_AFTER_FAILURE}.
   */
  void checked(Group group, Findings findings) {
    byGroup.put(
        group.uid(),
        new Checked(
            group.generation(),
            group.application(),
            group.lastEnded(),
            group.busy(),
            Instant.now(clock),
            findings));
  }

  /**
   * Records the live targets read after a deployment ended; a problem found meanwhile counts as a
   * full check's.
   */
  void liveTargetsRead(Group group, Findings findings) {
    if (findings.outcome() != Outcome.READY) {
      checked(group, findings);
      return;
    }
    byGroup.computeIfPresent(
        group.uid(),
        (uid, last) ->
            new Checked(
                last.generation(),
                last.application(),
                group.lastEnded(),
                group.busy(),
                last.at(),
                findings));
  }

  /** What the group's last check found; empty if this process has not checked it. */
  java.util.Optional<Findings> findings(String uid) {
    return java.util.Optional.ofNullable(byGroup.get(uid)).map(Checked::findings);
  }

  /** When the group's next check is due, from now. */
  Duration nextCheckIn(String uid) {
    Checked last = byGroup.get(uid);
    if (last == null) {
      return RETRY_AFTER_PROBLEM;
    }
    Duration left =
        Duration.between(Instant.now(clock), last.at().plus(waitAfter(last.findings().outcome())));
    return left.compareTo(SOONEST) < 0 ? SOONEST : left;
  }

  /** Forgets groups that no longer exist. */
  void retainOnly(Set<String> uids) {
    byGroup.keySet().retainAll(uids);
  }

  int size() {
    return byGroup.size();
  }

  private Duration waitAfter(Outcome outcome) {
    return switch (outcome) {
      case READY -> interval;
      case PROBLEM -> RETRY_AFTER_PROBLEM;
      case FAILED -> RETRY_AFTER_FAILURE;
    };
  }

  private static Checked withDeployments(Checked last, Group group) {
    return new Checked(
        last.generation(),
        last.application(),
        group.lastEnded(),
        group.busy(),
        last.at(),
        last.findings());
  }
}
