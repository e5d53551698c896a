package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.DeploymentSettings;
import io.ecsdeploy.operator.lifecycle.DeploymentState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link RunRecord} as JSON into {@code status.runRecord} and reads it back. Reads also
 * the format operators before the run record wrote ({@code status.engine}, version 1: the engine
 * state and the last action failure, without inputs); the caller resolves the inputs of such a
 * deployment once and writes it back as the current version.
 */
final class RunRecordCodec {
  /** Writes a set as an array in the order of its elements' text. */
  @SuppressWarnings("rawtypes")
  private static final StdSerializer<Set> SORTED_SET =
      new StdSerializer<>(Set.class) {
        @Override
        public void serialize(Set set, JsonGenerator generator, SerializerProvider provider)
            throws IOException {
          List<Object> sorted = new ArrayList<>(set);
          sorted.sort(Comparator.comparing(String::valueOf));
          generator.writeStartArray();
          for (Object element : sorted) {
            provider.defaultSerializeValue(element, generator);
          }
          generator.writeEndArray();
        }
      };

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          // Jackson would also write the records' derived is- methods; only components count. (Not
          // get- methods: Jackson finds a record's components through its getter detection.)
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .addMixIn(Action.class, ActionTypes.class)
          .addMixIn(DeploymentSettings.class, WithoutEmptyAnalysis.class)
          .addMixIn(DeploymentState.class, WithoutEmptyAnalysis.class)
          // The same record gives the same text in every JVM, so a restarted operator finds its
          // statuses unchanged and rewrites none: maps by key, sets by value.
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .addModule(new SimpleModule().addSerializer(SORTED_SET))
          // The API server refuses null where its schema has no type for it.
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /** Actions are written with their kind, so the one in flight reads back as what it was. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Action.CreateTaskSet.class, name = "CreateTaskSet"),
    @JsonSubTypes.Type(value = Action.SetListenerWeights.class, name = "SetListenerWeights"),
    @JsonSubTypes.Type(value = Action.InvokeHook.class, name = "InvokeHook"),
    @JsonSubTypes.Type(value = Action.MakeTaskSetPrimary.class, name = "MakeTaskSetPrimary"),
    @JsonSubTypes.Type(value = Action.DeleteTaskSet.class, name = "DeleteTaskSet"),
    @JsonSubTypes.Type(value = Action.PublishNotification.class, name = "PublishNotification")
  })
  private interface ActionTypes {}

  /**
   * A deployment without analysis checks writes no {@code analysis}: its run record reads as
   * operators before analysis wrote it, so an upgraded operator rewrites no status for it.
   */
  private interface WithoutEmptyAnalysis {
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    Object analysis();
  }

  private RunRecordCodec() {}

  /** The version-1 document: what {@code status.engine} held. */
  record LegacyEngineState(DeploymentState state, ActionFailure actionFailure) {}

  static String encode(RunRecord record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a run record is always serialisable", e);
    }
  }

  /**
   * Reads {@code status.runRecord}.
   *
   * @throws IllegalStateException when it is not a run record this code can read, such as one a
   *     newer operator wrote
   */
  static RunRecord decode(String stored) {
    try {
      JsonNode tree = JSON.readTree(stored);
      int version = tree.path("schemaVersion").asInt(0);
      if (version != RunRecord.SCHEMA_VERSION) {
        throw new IllegalStateException(
            "status.runRecord has schemaVersion "
                + version
                + "; this operator reads version "
                + RunRecord.SCHEMA_VERSION);
      }
      return JSON.treeToValue(tree, RunRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "status.runRecord is not the operator's JSON: " + e.getMessage(), e);
    }
  }

  /** Reads a version-1 {@code status.engine}, if there is one. */
  static Optional<LegacyEngineState> decodeLegacy(String engine) {
    if (engine == null || engine.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(engine, LegacyEngineState.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "status.engine is not the operator's JSON: " + e.getMessage(), e);
    }
  }
}
