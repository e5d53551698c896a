package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import io.ecsdeploy.operator.lifecycle.ErrorInformation;
import io.ecsdeploy.operator.lifecycle.Phase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * What resolving a deployment's inputs leads to, without Kubernetes or AWS: the status to write
 * (with the new run record, or the reason to wait), and what to tell users.
 */
final class Registration {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Registration() {}

  /** What became of the deployment. */
  enum Kind {
    /** Its inputs cannot be resolved yet; look again later. */
    WAITING,
    /** What it names cannot be used: it failed for good, before changing anything. */
    FAILED,
    /** Its run record is written; it may be queued and started. */
    RESOLVED
  }

  /**
   * @param kind what became of it
   * @param status the status to write
   * @param reasonChanged the reason to wait is new (worth an Event)
   * @param reason the condition reason, for WAITING and FAILED
   * @param message what to tell, for WAITING and FAILED
   * @param code the error code, for FAILED
   * @param record the run record, for RESOLVED and FAILED
   */
  record Result(
      Kind kind,
      EcsDeploymentStatus status,
      boolean reasonChanged,
      String reason,
      String message,
      ErrorCode code,
      RunRecord record) {}

  /**
   * The outcome of {@code resolution} for a deployment whose status is {@code status}; {@code
   * legacy} is the state an operator before the run record kept, which a resolved record keeps.
   */
  static Result of(
      RunRecordResolver.Resolution resolution,
      EcsDeploymentStatus status,
      Optional<RunRecordCodec.LegacyEngineState> legacy,
      long generation,
      Instant now) {
    Conditions conditions = new Conditions(Clock.fixed(now, ZoneOffset.UTC));
    switch (resolution.outcome()) {
      case WAITING -> {
        return waiting(status, resolution.waiting(), generation, conditions);
      }
      case REJECTED -> {
        if (legacy.isPresent() && legacy.get().state().phase() != Phase.PENDING_START) {
          // Running already, and its inputs cannot be read again: say so and leave it as it is.
          return waiting(
              status,
              new RunRecordResolver.Waiting(
                  resolution.code().name(),
                  "the deployment started under an earlier operator and its revision cannot be"
                      + " read again: "
                      + resolution.message()),
              generation,
              conditions);
        }
        DeploymentState failed =
            DeploymentState.failedBeforeStart(
                status.deploymentId,
                createTime(status, now),
                now,
                new ErrorInformation(resolution.code(), resolution.message()));
        RunRecord record = new RunRecord(RunRecord.SCHEMA_VERSION, null, failed, null, null);
        return new Result(
            Kind.FAILED,
            DeploymentStatusWriter.view(status, record, List.of(), generation, now),
            true,
            resolution.code().name(),
            resolution.message(),
            resolution.code(),
            record);
      }
      case RESOLVED -> {
        RunRecord record =
            legacy
                .map(
                    old ->
                        new RunRecord(
                            RunRecord.SCHEMA_VERSION,
                            resolution.inputs(),
                            old.state(),
                            old.actionFailure(),
                            null))
                .orElseGet(
                    () ->
                        RunRecord.started(
                            resolution.inputs(),
                            DeploymentState.created(status.deploymentId, createTime(status, now))));
        EcsDeploymentStatus next =
            DeploymentStatusWriter.view(status, record, List.of(), generation, now);
        next.taskSets = status.taskSets;
        return new Result(Kind.RESOLVED, next, false, null, null, null, record);
      }
    }
    throw new IllegalStateException("unknown outcome " + resolution.outcome());
  }

  private static Result waiting(
      EcsDeploymentStatus status,
      RunRecordResolver.Waiting waiting,
      long generation,
      Conditions conditions) {
    EcsDeploymentStatus next = copy(status);
    boolean changed =
        conditions.set(
            next, generation, Conditions.RECONCILING, true, waiting.reason(), waiting.message());
    return new Result(Kind.WAITING, next, changed, waiting.reason(), waiting.message(), null, null);
  }

  static EcsDeploymentStatus copy(EcsDeploymentStatus status) {
    return JSON.convertValue(status, EcsDeploymentStatus.class);
  }

  private static Instant createTime(EcsDeploymentStatus status, Instant fallback) {
    return status.createTime == null ? fallback : Instant.parse(status.createTime);
  }
}
