package io.ecsdeploy.operator.reconciler;

import static io.ecsdeploy.operator.reconciler.Fixtures.BLUE;
import static io.ecsdeploy.operator.reconciler.Fixtures.DEPLOYMENT_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.EXTERNAL_ID;
import static io.ecsdeploy.operator.reconciler.Fixtures.GREEN;
import static io.ecsdeploy.operator.reconciler.Fixtures.ORIGINAL_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.PRODUCTION_ROUTE;
import static io.ecsdeploy.operator.reconciler.Fixtures.REGION;
import static io.ecsdeploy.operator.reconciler.Fixtures.REPLACEMENT_TASK_SET;
import static io.ecsdeploy.operator.reconciler.Fixtures.SERVICE;
import static io.ecsdeploy.operator.reconciler.Fixtures.TASK_DEFINITION;
import static io.ecsdeploy.operator.reconciler.Fixtures.TEST_ROUTE;
import static io.ecsdeploy.operator.reconciler.Fixtures.TOPIC;
import static io.ecsdeploy.operator.reconciler.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.DeploymentNotification;
import io.ecsdeploy.operator.aws.HookInvocation;
import io.ecsdeploy.operator.aws.HookPayload;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.codedeploy.DeploymentStatus;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.ErrorInformation;
import io.ecsdeploy.operator.lifecycle.LifecycleEvent;
import io.ecsdeploy.operator.lifecycle.Listener;
import io.ecsdeploy.operator.lifecycle.PendingNotification;
import io.ecsdeploy.operator.lifecycle.RollbackInfo;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import io.ecsdeploy.operator.reconciler.FakeAwsPorts.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionExecutorTest {
  static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

  final FakeAwsPorts aws = new FakeAwsPorts();
  final List<String> answers = new ArrayList<>();
  final Instant now = Instant.parse("2026-03-01T10:03:00Z");
  final ActionExecutor executor = new ActionExecutor(ANSWER_WAIT, Clock.fixed(now, ZoneOffset.UTC));

  ActionExecutor.Target target(FrozenInputs inputs) {
    return new ActionExecutor.Target(
        inputs,
        aws.ports(),
        (executionId, succeeded) -> answers.add(executionId + "=" + succeeded),
        "apps",
        (secretName, key) -> Optional.ofNullable(signingKeys.get(secretName + "/" + key)));
  }

  /** Signing keys of HTTP hooks by {@code secret/key}. */
  final java.util.Map<String, byte[]> signingKeys = new java.util.HashMap<>();

  Optional<ActionFailure> execute(Action action, FrozenInputs inputs) {
    return executor.execute(action, target(inputs)).failure();
  }

  @Nested
  class CreateTaskSet {
    @Test
    void createsTheReplacementOnItsCapacityProviderStrategyWithTheFrozenNetwork() {
      Optional<ActionFailure> failure =
          execute(new Action.CreateTaskSet(GREEN, EXTERNAL_ID), Fixtures.canaryInputs());

      assertThat(failure).isEmpty();
      assertThat(aws.onlyCall(Operation.CREATE_OR_ADOPT).argument(0))
          .isEqualTo(
              new NewTaskSet(
                  SERVICE,
                  EXTERNAL_ID,
                  TASK_DEFINITION,
                  GREEN,
                  "web",
                  8080,
                  null,
                  List.of(
                      new CapacityProviderItem("FARGATE_SPOT", 3, 1),
                      new CapacityProviderItem("FARGATE", 1, 0)),
                  Fixtures.network(),
                  "1.4.0"));
      assertThat(aws.operations()).containsExactly(Operation.CREATE_OR_ADOPT);
    }

    @Test
    void createsTheReplacementWithItsLaunchTypeAndPlatformVersion() {
      execute(new Action.CreateTaskSet(BLUE, EXTERNAL_ID), Fixtures.allAtOnceInputs());

      NewTaskSet created = (NewTaskSet) aws.onlyCall(Operation.CREATE_OR_ADOPT).argument(0);
      assertThat(created.launchType()).isEqualTo("FARGATE");
      assertThat(created.capacityProviderStrategy()).isEmpty();
      assertThat(created.platformVersion()).isEqualTo("LATEST");
      assertThat(created.targetGroupArn()).isEqualTo(BLUE);
      assertThat(created.deploymentKey()).isEqualTo(EXTERNAL_ID);
      assertThat(created.taskDefinition()).isEqualTo(TASK_DEFINITION);
      assertThat(created.containerName()).isEqualTo("web");
      assertThat(created.containerPort()).isEqualTo(8080);
      assertThat(created.network()).isEqualTo(Fixtures.network());
    }
  }

  @Nested
  class SetListenerWeights {
    @Test
    void setsTheProductionRouteToTheActionsWeights() {
      TrafficWeights canary = TrafficWeights.of(GREEN, 10, BLUE, 90);

      Optional<ActionFailure> failure =
          execute(
              new Action.SetListenerWeights(Listener.PRODUCTION, canary), Fixtures.canaryInputs());

      assertThat(failure).isEmpty();
      FakeAwsPorts.Call call = aws.onlyCall(Operation.SET_WEIGHTS);
      assertThat(call.argument(0)).isEqualTo(PRODUCTION_ROUTE);
      assertThat(call.argument(1)).isEqualTo(Map.of(GREEN, 10, BLUE, 90));
    }

    @Test
    void setsTheTestRouteForTheTestListener() {
      execute(
          new Action.SetListenerWeights(Listener.TEST, TrafficWeights.of(GREEN, 100, BLUE, 0)),
          Fixtures.canaryInputs());

      FakeAwsPorts.Call call = aws.onlyCall(Operation.SET_WEIGHTS);
      assertThat(call.argument(0)).isEqualTo(TEST_ROUTE);
      assertThat(call.argument(1)).isEqualTo(Map.of(GREEN, 100, BLUE, 0));
    }

    @Test
    void refusesTheTestListenerOfAGroupWithoutATestRoute() {
      Action test =
          new Action.SetListenerWeights(Listener.TEST, TrafficWeights.of(GREEN, 100, BLUE, 0));

      assertThatThrownBy(() -> execute(test, Fixtures.allAtOnceInputs()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no test route");
      assertThat(aws.calls).isEmpty();
    }
  }

  /** After a restart: did the saved action take effect before it? Decides when its wait began. */
  @Nested
  class InEffect {
    @Test
    void weightsAlreadyOnTheRouteAreInEffect() {
      aws.weights.put(
          PRODUCTION_ROUTE,
          new io.ecsdeploy.operator.aws.ForwardWeights(Map.of(GREEN, 1, BLUE, 9)));

      assertThat(
              executor.inEffect(
                  new Action.SetListenerWeights(
                      Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90)),
                  target(Fixtures.canaryInputs())))
          .isTrue();
      assertThat(
              executor.inEffect(
                  new Action.SetListenerWeights(
                      Listener.PRODUCTION, TrafficWeights.of(GREEN, 100, BLUE, 0)),
                  target(Fixtures.canaryInputs())))
          .isFalse();
    }

    @Test
    void aPrimaryIsInEffectOnceEcsShowsItPrimary() {
      aws.services.put(
          SERVICE,
          Fixtures.service(
              Fixtures.taskSet(
                  ORIGINAL_TASK_SET,
                  io.ecsdeploy.operator.aws.EcsTaskSet.Status.PRIMARY,
                  "previous-uid",
                  BLUE,
                  io.ecsdeploy.operator.aws.EcsTaskSet.Stability.STEADY_STATE),
              Fixtures.taskSet(
                  REPLACEMENT_TASK_SET,
                  io.ecsdeploy.operator.aws.EcsTaskSet.Status.ACTIVE,
                  EXTERNAL_ID,
                  GREEN,
                  io.ecsdeploy.operator.aws.EcsTaskSet.Stability.STEADY_STATE)));

      assertThat(
              executor.inEffect(
                  new Action.MakeTaskSetPrimary(REPLACEMENT_TASK_SET),
                  target(Fixtures.canaryInputs())))
          .isFalse();
      assertThat(
              executor.inEffect(
                  new Action.MakeTaskSetPrimary(ORIGINAL_TASK_SET),
                  target(Fixtures.canaryInputs())))
          .isTrue();
    }

    @Test
    void aHookInvocationIsNeverKnownToHaveRun() {
      assertThat(
              executor.inEffect(
                  new Action.InvokeHook(LifecycleEvent.AfterAllowTraffic, "smoke-test", "hook-1"),
                  target(Fixtures.canaryInputs())))
          .isFalse();
    }

    @Test
    void whenAwsCannotBeReadTheHandOutTimeStands() {
      // No route configured: reading it fails as ELB would.
      assertThat(
              executor.inEffect(
                  new Action.SetListenerWeights(
                      Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90)),
                  target(Fixtures.canaryInputs())))
          .isTrue();
    }
  }

  @Nested
  class TaskSets {
    @Test
    void makesTheTaskSetPrimaryInTheFrozenService() {
      Optional<ActionFailure> failure =
          execute(new Action.MakeTaskSetPrimary(REPLACEMENT_TASK_SET), Fixtures.canaryInputs());

      assertThat(failure).isEmpty();
      assertThat(aws.onlyCall(Operation.MAKE_PRIMARY).arguments())
          .containsExactly(SERVICE, REPLACEMENT_TASK_SET);
    }

    @Test
    void deletesTheTaskSetFromTheFrozenServiceByForce() {
      Optional<ActionFailure> failure =
          execute(new Action.DeleteTaskSet(ORIGINAL_TASK_SET), Fixtures.canaryInputs());

      assertThat(failure).isEmpty();
      assertThat(aws.onlyCall(Operation.DELETE).arguments())
          .containsExactly(SERVICE, ORIGINAL_TASK_SET, true);
    }
  }

  @Nested
  class AwsFailures {
    static Stream<Arguments> everyActionAndItsOperation() {
      return Stream.of(
          Arguments.of(new Action.CreateTaskSet(GREEN, EXTERNAL_ID), Operation.CREATE_OR_ADOPT),
          Arguments.of(
              new Action.SetListenerWeights(
                  Listener.PRODUCTION, TrafficWeights.of(GREEN, 10, BLUE, 90)),
              Operation.SET_WEIGHTS),
          Arguments.of(
              new Action.InvokeHook(LifecycleEvent.AfterAllowTraffic, "smoke-test", "hook-exec-2"),
              Operation.INVOKE_SYNC),
          Arguments.of(new Action.MakeTaskSetPrimary(REPLACEMENT_TASK_SET), Operation.MAKE_PRIMARY),
          Arguments.of(new Action.DeleteTaskSet(ORIGINAL_TASK_SET), Operation.DELETE),
          Arguments.of(
              new Action.PublishNotification(notification(DeploymentStatus.Created, null, null)),
              Operation.PUBLISH));
    }

    @ParameterizedTest
    @MethodSource("everyActionAndItsOperation")
    void aRetryableFailureBecomesTheActionsRetryableFailure(Action action, Operation operation) {
      aws.failing(
          operation, FakeAwsPorts.failure(ErrorCode.THROTTLED, true, "Rate exceeded (429)"));

      Optional<ActionFailure> failure = execute(action, Fixtures.canaryInputs());

      assertThat(failure)
          .contains(
              new ActionFailure(action.key(), ErrorCode.THROTTLED, "Rate exceeded (429)", true));
      assertThat(answers).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("everyActionAndItsOperation")
    void aPermanentFailureKeepsItsCodeAndIsNotRetryable(Action action, Operation operation) {
      aws.failing(
          operation,
          FakeAwsPorts.failure(
              ErrorCode.IAM_ROLE_PERMISSIONS, false, "not authorized to perform this call"));

      Optional<ActionFailure> failure = execute(action, Fixtures.canaryInputs());

      assertThat(failure)
          .contains(
              new ActionFailure(
                  action.key(),
                  ErrorCode.IAM_ROLE_PERMISSIONS,
                  "not authorized to perform this call",
                  false));
    }
  }

  @Nested
  class HttpHooks {
    final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server;
    volatile int answerStatus = 200;
    volatile String answer = "{\"status\":\"Succeeded\"}";

    @org.junit.jupiter.api.BeforeEach
    void startReceiver() throws java.io.IOException {
      server =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            bodies.add(
                new String(
                    exchange.getRequestBody().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            byte[] bytes = answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answerStatus, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
      signingKeys.put(
          "hook-signing/key", "secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.AfterEach
    void stopReceiver() {
      server.stop(0);
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/smoke";
    }

    FrozenInputs inputs() {
      return Fixtures.canaryInputs(
          Fixtures.canarySettingsBuilder()
              .hook(LifecycleEvent.BeforeAllowTraffic, url())
              .httpHooks(
                  new io.ecsdeploy.operator.lifecycle.HttpHookSettings("hook-signing", "key"))
              .build());
    }

    Action.InvokeHook invoke() {
      return new Action.InvokeHook(LifecycleEvent.BeforeAllowTraffic, url(), "hook-exec-3");
    }

    @Test
    void postsCodeDeploysPayloadWithTheDeploymentsContextAndRecordsTheAnswer() throws Exception {
      assertThat(execute(invoke(), inputs())).isEmpty();

      assertThat(answers).containsExactly("hook-exec-3=true");
      assertThat(aws.calls(Operation.INVOKE_SYNC)).isEmpty();
      var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bodies.get(0));
      assertThat(body.get("DeploymentId").asText()).isEqualTo(DEPLOYMENT_ID);
      assertThat(body.get("LifecycleEventHookExecutionId").asText()).isEqualTo("hook-exec-3");
      assertThat(body.get("LifecycleEventName").asText()).isEqualTo("BeforeAllowTraffic");
      assertThat(body.get("Namespace").asText()).isEqualTo("apps");
      assertThat(body.get("DeploymentGroupName").asText()).isEqualTo("web-group");
      assertThat(body.get("ClusterName").asText()).isEqualTo(SERVICE.cluster());
      assertThat(body.get("ServiceName").asText()).isEqualTo(SERVICE.service());
      assertThat(body.get("TaskDefinition").asText()).isEqualTo(TASK_DEFINITION);
    }

    @Test
    void aFailedAnswerIsAFailedHook() {
      answer = "{\"status\":\"Failed\"}";
      assertThat(execute(invoke(), inputs())).isEmpty();
      assertThat(answers).containsExactly("hook-exec-3=false");
    }

    @Test
    void anAcceptedHookLeavesTheResultToTheCallbackWithoutAnInvocationAgain() {
      answerStatus = 202;
      answer = "";
      ActionExecutor.Performed performed = executor.execute(invoke(), target(inputs()));
      assertThat(performed.failure()).isEmpty();
      assertThat(performed.invokeHookAgainAt()).isEmpty();
      assertThat(answers).isEmpty();
    }

    @Test
    void aFailedDeliveryIsRetriedAndARefusalFailsTheHook() {
      answerStatus = 503;
      assertThat(execute(invoke(), inputs()))
          .get()
          .satisfies(
              failure -> {
                assertThat(failure.code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
                assertThat(failure.retryable()).isTrue();
                assertThat(failure.actionKey()).isEqualTo(invoke().key());
              });
      answerStatus = 403;
      assertThat(execute(invoke(), inputs()))
          .get()
          .satisfies(failure -> assertThat(failure.retryable()).isFalse());
      assertThat(answers).isEmpty();
    }

    @Test
    void aMissingSigningSecretFailsTheHookWithoutCallingIt() {
      signingKeys.clear();
      assertThat(execute(invoke(), inputs()))
          .get()
          .satisfies(
              failure -> {
                assertThat(failure.code()).isEqualTo(ErrorCode.HOOK_EXECUTION_FAILURE);
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message())
                    .contains("hook-signing")
                    .contains("apps")
                    .contains("no key key");
              });
      assertThat(bodies).isEmpty();
    }
  }

  @Nested
  class Hooks {
    final Action.InvokeHook invoke =
        new Action.InvokeHook(LifecycleEvent.AfterAllowTraffic, "smoke-test", "hook-exec-2");

    void functionAnswers(HookInvocation.Outcome outcome, String payload) {
      aws.hookInvocations.put(
          "smoke-test",
          new HookInvocation(
              outcome,
              outcome == HookInvocation.Outcome.ACCEPTED ? 202 : 200,
              outcome == HookInvocation.Outcome.FUNCTION_ERROR ? "Unhandled" : null,
              payload,
              "$LATEST",
              "invoked"));
    }

    @Test
    void invokesTheFunctionWithCodeDeploysPayloadAndTheAnswerWait() {
      functionAnswers(HookInvocation.Outcome.ACCEPTED, null);

      execute(invoke, Fixtures.canaryInputs());

      assertThat(aws.onlyCall(Operation.INVOKE_SYNC).arguments())
          .containsExactly(
              "smoke-test", new HookPayload(DEPLOYMENT_ID, "hook-exec-2"), ANSWER_WAIT);
    }

    @Test
    void recordsASucceededAnswer() {
      functionAnswers(HookInvocation.Outcome.COMPLETED, "{\"status\":\"Succeeded\"}");

      assertThat(execute(invoke, Fixtures.canaryInputs())).isEmpty();

      assertThat(answers).containsExactly("hook-exec-2=true");
    }

    @Test
    void recordsAFailedAnswer() {
      functionAnswers(HookInvocation.Outcome.COMPLETED, "{\"status\": \"Failed\", \"why\": 1}");

      assertThat(execute(invoke, Fixtures.canaryInputs())).isEmpty();

      assertThat(answers).containsExactly("hook-exec-2=false");
    }

    @Test
    void recordsAFunctionErrorAsFailed() {
      functionAnswers(
          HookInvocation.Outcome.FUNCTION_ERROR,
          "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");

      assertThat(execute(invoke, Fixtures.canaryInputs())).isEmpty();

      assertThat(answers).containsExactly("hook-exec-2=false");
    }

    @Test
    void recordsNothingWhenTheFunctionDoesNotAnswerWithinTheWait() {
      functionAnswers(HookInvocation.Outcome.ACCEPTED, null);

      assertThat(execute(invoke, Fixtures.canaryInputs())).isEmpty();

      assertThat(answers).isEmpty();
    }

    @Test
    void anUnansweredInvocationIsToBeMadeAgainOnceTheFunctionsRunMustHaveEnded() {
      functionAnswers(HookInvocation.Outcome.ACCEPTED, null);
      aws.functionTimeouts.put("smoke-test", Duration.ofSeconds(45));

      ActionExecutor.Performed performed =
          executor.execute(invoke, target(Fixtures.canaryInputs()));

      assertThat(performed.failure()).isEmpty();
      // Its timeout after it was invoked, and the time Lambda may take to start it.
      assertThat(performed.invokeHookAgainAt()).contains(now.plusSeconds(45 + 10));
      assertThat(aws.calls)
          .extracting(FakeAwsPorts.Call::operation)
          .containsExactly(Operation.INVOKE_SYNC, Operation.FUNCTION_TIMEOUT);
    }

    @Test
    void aFunctionWhoseTimeoutCannotBeReadIsGivenLambdasLongest() {
      functionAnswers(HookInvocation.Outcome.ACCEPTED, null);

      ActionExecutor.Performed performed =
          executor.execute(invoke, target(Fixtures.canaryInputs()));

      assertThat(performed.invokeHookAgainAt())
          .contains(now.plus(Duration.ofMinutes(15)).plusSeconds(10));
    }

    @Test
    void anAnsweredInvocationIsNotMadeAgain() {
      functionAnswers(HookInvocation.Outcome.COMPLETED, null);

      ActionExecutor.Performed performed =
          executor.execute(invoke, target(Fixtures.canaryInputs()));

      assertThat(performed.invokeHookAgainAt()).isEmpty();
      assertThat(aws.calls)
          .extracting(FakeAwsPorts.Call::operation)
          .containsExactly(Operation.INVOKE_SYNC);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
        strings = {
          "",
          "not json",
          "\"Succeeded\"",
          "{\"status\":\"InProgress\"}",
          "{\"status\":true}",
          "{\"Status\":\"Succeeded\"}",
          "[\"Succeeded\"]",
          "null"
        })
    void recordsNothingForAnAnswerWithoutAStatus(String payload) {
      functionAnswers(HookInvocation.Outcome.COMPLETED, payload);

      assertThat(execute(invoke, Fixtures.canaryInputs())).isEmpty();

      assertThat(answers).isEmpty();
    }

    @Test
    void aMissingFunctionFailsWithInvalidLambdaFunctionForGood() {
      // Nothing configured for the function: the fake answers FUNCTION_MISSING, as Lambda does.
      Optional<ActionFailure> failure = execute(invoke, Fixtures.canaryInputs());

      assertThat(failure).isPresent();
      assertThat(failure.get().actionKey()).isEqualTo(invoke.key());
      assertThat(failure.get().code()).isEqualTo(ErrorCode.INVALID_LAMBDA_FUNCTION);
      assertThat(failure.get().retryable()).isFalse();
      assertThat(failure.get().message()).contains("smoke-test");
      assertThat(answers).isEmpty();
    }
  }

  @Nested
  class Notifications {
    @Test
    void publishesCodeDeploysMessageFieldsToTheTriggersTopic() {
      ErrorInformation error =
          new ErrorInformation(ErrorCode.HOOK_EXECUTION_FAILURE, "smoke-test reported Failed.");
      RollbackInfo rollback = RollbackInfo.forRolledBackDeployment(DEPLOYMENT_ID, "d-ROLLBACK1");
      PendingNotification failed = notification(DeploymentStatus.Failed, error, rollback);

      Optional<ActionFailure> failure =
          execute(new Action.PublishNotification(failed), Fixtures.canaryInputs());

      assertThat(failure).isEmpty();
      FakeAwsPorts.Call call = aws.onlyCall(Operation.PUBLISH);
      assertThat(call.argument(0)).isEqualTo(TOPIC);
      assertThat(call.argument(1))
          .isEqualTo(
              new DeploymentNotification(
                  REGION,
                  "111122223333",
                  "deployments",
                  "web-app",
                  DEPLOYMENT_ID,
                  "web-group",
                  Fixtures.T0,
                  at(20, 0),
                  null,
                  DeploymentStatus.Failed,
                  new DeploymentNotification.Error(
                      "HOOK_EXECUTION_FAILURE", "smoke-test reported Failed."),
                  new DeploymentNotification.Rollback(
                      "Deployment d-TESTDEPL1 terminated. Automatic rollback is triggered with a"
                          + " DeploymentId d-ROLLBACK1.",
                      null,
                      "d-ROLLBACK1")));
    }

    @Test
    void publishesAMessageWithoutErrorOrRollbackAsSuch() {
      execute(
          new Action.PublishNotification(notification(DeploymentStatus.Created, null, null)),
          Fixtures.allAtOnceInputs());

      DeploymentNotification sent =
          (DeploymentNotification) aws.onlyCall(Operation.PUBLISH).argument(1);
      assertThat(sent.status()).isEqualTo(DeploymentStatus.Created);
      assertThat(sent.error()).isNull();
      assertThat(sent.rollback()).isNull();
      assertThat(sent.region()).isEqualTo(REGION);
      assertThat(sent.applicationName()).isEqualTo("web-app");
      assertThat(sent.deploymentGroupName()).isEqualTo("web-group");
      assertThat(sent.deploymentId()).isEqualTo(DEPLOYMENT_ID);
    }
  }

  static PendingNotification notification(
      DeploymentStatus status, ErrorInformation error, RollbackInfo rollback) {
    return new PendingNotification(
        7,
        "deployments",
        TOPIC,
        status == DeploymentStatus.Failed
            ? TriggerEvent.DeploymentFailure
            : TriggerEvent.DeploymentStart,
        status,
        error,
        rollback,
        Fixtures.T0,
        status == DeploymentStatus.Failed ? at(20, 0) : null,
        null);
  }
}
