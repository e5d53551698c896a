package io.ecsdeploy.operator.lifecycle;

import static io.ecsdeploy.operator.lifecycle.FakeEcsWorld.BLUE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.LifecycleEventStatus;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The operator stores the engine's state in the resource status and feeds it back after a restart,
 * so every state the engine produces must come back from JSON equal to itself, and the engine must
 * decide the same from the copy as from the original.
 */
class StateJsonRoundTripTest {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  static DeploymentState roundTrip(DeploymentState state) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(state), DeploymentState.class);
  }

  @Test
  void everyStateOfARolledBackCanaryDeploymentSurvivesJson() throws Exception {
    FakeEcsWorld world = FakeEcsWorld.withOriginalOn(BLUE, true);
    world.hookAnswers.put("validate", LifecycleEventStatus.Succeeded);
    world.hookAnswers.put("smoke", LifecycleEventStatus.Failed);
    DeploymentSettings settings =
        EngineHarness.settings()
            .testListener(true)
            .hook(LifecycleEvent.AfterAllowTestTraffic, "validate")
            .hook(LifecycleEvent.AfterAllowTraffic, "smoke")
            .trafficRouting(TrafficRouting.canary(10, Duration.ofMinutes(5)))
            .ready(DeploymentReadyAction.STOP_DEPLOYMENT, Duration.ofMinutes(10))
            .autoRollback(AutoRollbackSettings.on(AutoRollbackEvent.DEPLOYMENT_FAILURE))
            .trigger(new TriggerSettings("all", "arn:sns:t", EnumSet.allOf(TriggerEvent.class)))
            .build();
    EngineHarness original = new EngineHarness(settings, world);
    original.operations = UserOperations.continueDeployment(DeploymentWaitType.READY_WAIT);

    for (int i = 0; i < 500; i++) {
      DeploymentState before = original.state;
      DeploymentState copy = roundTrip(before);
      assertThat(copy).isEqualTo(before);

      Observation observation = world.observe();
      EngineInput fromOriginal =
          new EngineInput(
              settings, before, observation, original.operations, original.now, "id-" + i);
      EngineInput fromCopy =
          new EngineInput(
              settings, copy, observation, original.operations, original.now, "id-" + i);
      Decision decision = original.engine.decide(fromOriginal);
      assertThat(original.engine.decide(fromCopy)).isEqualTo(decision);

      decision.action().ifPresent(world::perform);
      original.state = decision.state();
      if (decision.recheck().kind() == Recheck.Kind.NEVER) {
        break;
      }
      original.followRecheck(decision);
    }
    assertThat(original.state.status()).isEqualTo(DeploymentStatus.Failed);
    assertThat(original.state.rollbackInfo()).isNotNull();
    assertThat(JSON.writeValueAsString(original.state)).contains("\"status\":\"Failed\"");
  }

  @Test
  void aStateSavedBeforeTheRollbackRecordedItsRestoresReadsBackWithNone() throws Exception {
    DeploymentState state = DeploymentState.created("d-OLDSTATE1", EngineHarness.T0);
    ObjectNode saved = JSON.valueToTree(state);
    saved.remove("restoredListeners");

    DeploymentState read = JSON.treeToValue(saved, DeploymentState.class);

    assertThat(read.restoredListeners()).isEmpty();
    assertThat(read).isEqualTo(state);
  }
}
