package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.DeploymentState;

/**
 * Stores the engine's state in the resource's status ({@code status.engine}) and reads it back, so
 * that a restarted operator resumes every deployment where it was. The JSON is the records' natural
 * shape; nothing else in the status depends on it.
 */
final class EngineStateCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // The API server refuses null where its schema has no type for it.
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private EngineStateCodec() {}

  /**
   * What the operator keeps between reconciles: the engine's state, and the failure of the action
   * the last decision asked for (the next decision needs it as part of its observation).
   */
  record Persisted(DeploymentState state, ActionFailure actionFailure) {}

  static String encode(Persisted persisted) {
    try {
      return JSON.writeValueAsString(persisted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the engine state is always serialisable", e);
    }
  }

  static Persisted decode(String stored) {
    try {
      return JSON.readValue(stored, Persisted.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "status.engine is not the operator's JSON: " + e.getMessage(), e);
    }
  }
}
