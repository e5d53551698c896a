package io.ecsdeploy.operator.e2e;

import io.ecsdeploy.operator.testsupport.OperatorProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SIGKILLs an operator process on request, from any thread (a fault proxy's listener, a timer), and
 * starts it again at once on its own thread, recording when it was ready again. A kill asked for
 * while the process is starting is made as soon as it is ready, so no kill is lost and two never
 * overlap.
 */
final class KillSwitch implements AutoCloseable {
  private final OperatorProcess operator;
  private final ExecutorService restarter =
      Executors.newSingleThreadExecutor(r -> daemon(r, "operator-restarter"));
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kill-timer"));
  private final Object lock = new Object();
  private final List<DeploymentInvariants.Kill> kills = new CopyOnWriteArrayList<>();
  private boolean running = true;
  private int killsWhileStarting;

  KillSwitch(OperatorProcess operator) {
    this.operator = operator;
  }

  /** SIGKILLs the operator now (or once it is ready, if it is starting) and starts it again. */
  void kill(String after) {
    synchronized (lock) {
      Instant killedAt = Instant.now();
      operator.kill();
      if (running) {
        running = false;
        restarter.execute(() -> restart(killedAt, after));
      } else {
        // The starting process made the call: the start under way fails and is made again.
        killsWhileStarting++;
        kills.add(new DeploymentInvariants.Kill(killedAt, null, after + " (while it started)"));
      }
    }
  }

  /** Kills the operator after {@code delay}. */
  void killAfter(Duration delay, String after) {
    timer.schedule(() -> kill(after), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void restart(Instant killedAt, String after) {
    kills.add(new DeploymentInvariants.Kill(killedAt, null, after));
    for (int attempt = 1; ; attempt++) {
      try {
        operator.restart();
      } catch (RuntimeException | AssertionError e) {
        if (attempt == 10 || operator.isAlive()) {
          throw e;
        }
        continue; // killed while starting: start again
      }
      synchronized (lock) {
        if (!operator.isAlive()) {
          continue; // killed right after it was ready
        }
        Instant readyAgain = Instant.now();
        kills.replaceAll(
            k ->
                k.readyAgainAt() == null
                    ? new DeploymentInvariants.Kill(k.killedAt(), readyAgain, k.after())
                    : k);
        running = true;
        return;
      }
    }
  }

  /** Waits until no kill or restart is pending. */
  void awaitRunning(Duration atMost) {
    Instant deadline = Instant.now().plus(atMost);
    synchronized (lock) {
      while (!running) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          throw new IllegalStateException("the operator was not started again in " + atMost);
        }
        try {
          lock.wait(Math.min(left, 200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** The kills so far, and forgets them. */
  List<DeploymentInvariants.Kill> drainKills() {
    List<DeploymentInvariants.Kill> all = List.copyOf(kills);
    kills.removeAll(all);
    return all;
  }

  /** Kills of a process that was still starting. */
  int killsWhileStarting() {
    synchronized (lock) {
      return killsWhileStarting;
    }
  }

  OperatorProcess operator() {
    return operator;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    restarter.shutdownNow();
    operator.close();
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
