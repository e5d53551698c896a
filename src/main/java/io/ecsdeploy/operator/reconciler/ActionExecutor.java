package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.aws.DeploymentNotification;
import io.ecsdeploy.operator.aws.DeploymentStateChange;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.HookInvocation;
import io.ecsdeploy.operator.aws.HookPayload;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.hooks.HttpHookCaller;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.EventBridgeSettings;
import io.ecsdeploy.operator.lifecycle.HttpHookSettings;
import io.ecsdeploy.operator.lifecycle.Listener;
import io.ecsdeploy.operator.lifecycle.PendingNotification;
import io.ecsdeploy.operator.lifecycle.TrafficWeights;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs the one action the engine decided, through the AWS ports, on the deployment's frozen
 * inputs. Every action is idempotent: the task set is created with the deployment's UID as client
 * token and external id (an existing one is adopted), listener weights are set to absolute values,
 * and a repeated delete of a gone task set is a success. So performing an action again after a
 * crash, which the run record's action in flight asks for, does no harm.
 */
final class ActionExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How long a run of a function whose timeout cannot be read may last: Lambda's maximum timeout.
   */
  static final Duration LONGEST_FUNCTION_RUN = Duration.ofMinutes(15);

  /** How long Lambda may take to start a function before its timeout begins to count. */
  static final Duration FUNCTION_START = Duration.ofSeconds(10);

  /**
   * How long a reconcile waits for a hook function's synchronous answer. A longer-running function
   * goes on, and reports through the hook endpoint.
   */
  private final Duration hookAnswerWait;

  private final Clock clock;

  /**
   * What performing an action came to.
   *
   * @param failure how it failed, for the engine's next decision, if it did
   * @param invokeHookAgainAt for a hook invocation that was not answered within the answer wait:
   *     when the function's run must have ended, so that the hook is invoked again if no result has
   *     come by then (its answer was lost on the way)
   */
  record Performed(Optional<ActionFailure> failure, Optional<Instant> invokeHookAgainAt) {
    static Performed done() {
      return new Performed(Optional.empty(), Optional.empty());
    }

    static Performed failed(ActionFailure failure) {
      return new Performed(Optional.of(failure), Optional.empty());
    }
  }

  /** Where a hook function's answer goes when it answers with a result. */
  interface HookAnswers {
    void record(String executionId, boolean succeeded);
  }

  /**
   * Reads an HTTP hook's signing key: the Secret {@code secretName}'s data at {@code key}, in the
   * deployment's namespace; empty when the Secret or the key does not exist.
   *
   * @throws RuntimeException when the API server cannot be read now
   */
  interface SigningKeys {
    Optional<byte[]> read(String secretName, String key);
  }

  private final HttpHookCaller httpHooks;

  ActionExecutor(Duration hookAnswerWait, Clock clock) {
    this.hookAnswerWait = hookAnswerWait;
    this.clock = clock;
    this.httpHooks = new HttpHookCaller(hookAnswerWait, clock);
  }

  /**
   * What an action needs beyond the engine's decision.
   *
   * @param inputs the deployment's frozen inputs
   * @param aws the ports for the group's region and role
   * @param hookAnswers where a hook's synchronous answer is recorded
   * @param namespace the deployment's namespace
   * @param signingKeys where HTTP hooks' signing keys are read
   */
  record Target(
      FrozenInputs inputs,
      AwsPorts aws,
      HookAnswers hookAnswers,
      String namespace,
      SigningKeys signingKeys) {}

  /** Performs the action; returns its failure to report to the engine's next decision, if any. */
  Performed execute(Action action, Target target) {
    String deploymentId = target.inputs().settings().deploymentId();
    try {
      if (action.kind() == Action.Kind.INVOKE_HOOK) {
        return invokeHook((Action.InvokeHook) action, target);
      }
      Optional<ActionFailure> failure =
          switch (action.kind()) {
            case CREATE_TASK_SET -> createTaskSet((Action.CreateTaskSet) action, target);
            case SET_LISTENER_WEIGHTS -> setWeights((Action.SetListenerWeights) action, target);
            case MAKE_TASK_SET_PRIMARY -> makePrimary((Action.MakeTaskSetPrimary) action, target);
            case DELETE_TASK_SET -> deleteTaskSet((Action.DeleteTaskSet) action, target);
            case PUBLISH_NOTIFICATION -> publish((Action.PublishNotification) action, target);
            case INVOKE_HOOK -> throw new IllegalStateException("handled above");
          };
      return new Performed(failure, Optional.empty());
    } catch (AwsFailure failure) {
      LOG.info("{} failed for {}: {}", action.kind(), deploymentId, failure.getMessage());
      return Performed.failed(
          new ActionFailure(
              action.key(), failure.code(), failure.getMessage(), failure.retryable()));
    }
  }

  private static Optional<ActionFailure> createTaskSet(Action.CreateTaskSet create, Target target) {
    FrozenInputs.Replacement replacement = target.inputs().replacement();
    target
        .aws()
        .taskSets()
        .createOrAdopt(
            new NewTaskSet(
                target.inputs().service(),
                create.externalId(),
                replacement.taskDefinition(),
                create.targetGroupArn(),
                replacement.containerName(),
                replacement.containerPort(),
                replacement.launchType(),
                replacement.capacityProviderStrategy(),
                replacement.network(),
                replacement.platformVersion()));
    return Optional.empty();
  }

  private static Optional<ActionFailure> setWeights(Action.SetListenerWeights set, Target target) {
    target
        .aws()
        .listeners()
        .setWeights(route(target.inputs(), set.listener()), set.weights().weights());
    return Optional.empty();
  }

  private static Optional<ActionFailure> makePrimary(
      Action.MakeTaskSetPrimary primary, Target target) {
    target.aws().taskSets().makePrimary(target.inputs().service(), primary.taskSetArn());
    return Optional.empty();
  }

  private static Optional<ActionFailure> deleteTaskSet(Action.DeleteTaskSet delete, Target target) {
    target.aws().taskSets().delete(target.inputs().service(), delete.taskSetArn(), true);
    return Optional.empty();
  }

  /**
   * Whether an action saved before a restart had already taken effect in AWS. Asked only of the
   * actions a wait follows (listener weights, the primary task set), whose moment matters; true for
   * the others, and when AWS cannot be read (the hand-out time then stands). A hook invocation
   * cannot be told apart from one that never ran, so it counts as not in effect: the hook's time
   * then runs from the invocation made now, and is never cut short by the restart.
   */
  boolean inEffect(Action action, Target target) {
    if (action instanceof Action.InvokeHook) {
      return false;
    }
    try {
      if (action instanceof Action.SetListenerWeights set) {
        TrafficWeights now =
            new TrafficWeights(
                target
                    .aws()
                    .listeners()
                    .readWeights(route(target.inputs(), set.listener()))
                    .weights());
        return set.weights().sameSplitAs(now);
      }
      if (action instanceof Action.MakeTaskSetPrimary primary) {
        return target
            .aws()
            .taskSets()
            .describeService(target.inputs().service())
            .taskSets()
            .stream()
            .anyMatch(
                t ->
                    t.arn().equals(primary.taskSetArn())
                        && t.status() == EcsTaskSet.Status.PRIMARY);
      }
    } catch (AwsFailure e) {
      return true;
    }
    return true;
  }

  static Route route(FrozenInputs inputs, Listener listener) {
    return switch (listener) {
      case PRODUCTION -> inputs.productionRoute();
      case TEST -> {
        if (inputs.testRoute() == null) {
          throw new IllegalStateException("the group has no test route");
        }
        yield inputs.testRoute();
      }
    };
  }

  /**
   * Invokes the function with CodeDeploy's payload, on the reconcile's own thread for at most the
   * answer wait. A missing function fails the event at once; a function error is a failed hook; an
   * answer {@code {"status": "Succeeded"|"Failed"}} is the hook's result; any other answer leaves
   * the result to the hook endpoint, as with CodeDeploy. The execution was saved in the run record
   * before this call, so a report may arrive while it runs.
   *
   * <p>No answer within the wait leaves the result to the hook endpoint too, for a function that
   * runs longer and reports; but it may also be an answer lost on the way (the function ran, the
   * reply never came). So the invocation comes back with the moment the run must have ended, the
   * function's timeout after it was invoked (read with GetFunctionConfiguration; Lambda's longest
   * when that cannot be read): with no result by then, the hook is invoked again, and the two runs
   * never overlap.
   */
  private Performed invokeHook(Action.InvokeHook invoke, Target target) {
    if (HttpHookSettings.isEndpoint(invoke.functionName())) {
      return callHttpHook(invoke, target);
    }
    HookPayload payload =
        new HookPayload(target.inputs().settings().deploymentId(), invoke.executionId());
    Instant invokedAt = clock.instant();
    HookInvocation invocation =
        target.aws().hooks().invokeSync(invoke.functionName(), payload, hookAnswerWait);
    if (invocation.outcome() == HookInvocation.Outcome.FUNCTION_MISSING) {
      return Performed.failed(
          new ActionFailure(
              invoke.key(),
              ErrorCode.INVALID_LAMBDA_FUNCTION,
              "the Lambda function " + invoke.functionName() + " does not exist",
              false));
    }
    if (invocation.outcome() == HookInvocation.Outcome.ACCEPTED) {
      Duration longestRun =
          target
              .aws()
              .hooks()
              .functionTimeout(invoke.functionName())
              .orElse(LONGEST_FUNCTION_RUN)
              .plus(FUNCTION_START);
      Instant again = invokedAt.plus(longestRun);
      LOG.info(
          "hook {} of {} did not answer within {} s; invoked again at {} unless it reports by then",
          invoke.functionName(),
          target.inputs().settings().deploymentId(),
          hookAnswerWait.toSeconds(),
          again);
      return new Performed(Optional.empty(), Optional.of(again));
    }
    Optional<Boolean> result =
        switch (invocation.outcome()) {
          case FUNCTION_MISSING, ACCEPTED -> Optional.empty();
          case FUNCTION_ERROR -> Optional.of(false);
          case COMPLETED -> statusIn(invocation.payload());
        };
    result.ifPresent(succeeded -> target.hookAnswers().record(invoke.executionId(), succeeded));
    return Performed.done();
  }

  /**
   * POSTs CodeDeploy's payload and the deployment's context to the hook's endpoint, signed with the
   * key of the group's Secret. A 2xx answer with {@code {"status": "Succeeded"|"Failed"}} is the
   * result; another 2xx (202 Accepted) leaves it to the callback endpoint, before the hook timeout.
   * A delivery that failed on the way (no connection, no answer within the answer wait, 408, 429,
   * 5xx) is retried like a throttled Lambda invocation, with the same execution id; a refusal (a
   * redirect, another 4xx) or a missing Secret fails the hook at once.
   */
  private Performed callHttpHook(Action.InvokeHook invoke, Target target) {
    FrozenInputs inputs = target.inputs();
    HttpHookSettings signing = inputs.settings().httpHooks();
    Optional<byte[]> key;
    try {
      key = target.signingKeys().read(signing.signingSecretName(), signing.signingSecretKey());
    } catch (RuntimeException apiServerDown) {
      return Performed.failed(
          new ActionFailure(
              invoke.key(),
              ErrorCode.INTERNAL_ERROR,
              "cannot read the hook signing Secret "
                  + signing.signingSecretName()
                  + ": "
                  + apiServerDown.getMessage(),
              true));
    }
    if (key.isEmpty() || key.get().length == 0) {
      return Performed.failed(
          new ActionFailure(
              invoke.key(),
              ErrorCode.HOOK_EXECUTION_FAILURE,
              "the hook signing Secret "
                  + signing.signingSecretName()
                  + " in "
                  + target.namespace()
                  + " does not exist or has no key "
                  + signing.signingSecretKey(),
              false));
    }
    HttpHookCaller.Outcome outcome =
        httpHooks.call(
            invoke.functionName(),
            invoke.event().name(),
            invoke.executionId(),
            httpHookBody(invoke, target),
            key.get());
    LOG.info(
        "HTTP hook {} of {}: {}",
        invoke.event(),
        inputs.settings().deploymentId(),
        outcome.message());
    return switch (outcome.kind()) {
      case SUCCEEDED, FAILED -> {
        target
            .hookAnswers()
            .record(invoke.executionId(), outcome.kind() == HttpHookCaller.Kind.SUCCEEDED);
        yield Performed.done();
      }
      case PENDING -> Performed.done();
      case UNDELIVERED ->
          Performed.failed(
              new ActionFailure(
                  invoke.key(), ErrorCode.HOOK_EXECUTION_FAILURE, outcome.message(), true));
      case REFUSED ->
          Performed.failed(
              new ActionFailure(
                  invoke.key(), ErrorCode.HOOK_EXECUTION_FAILURE, outcome.message(), false));
    };
  }

  /**
   * What an HTTP hook receives: CodeDeploy's two fields, PascalCase as CodeDeploy sends them, and
   * the deployment's context.
   */
  static String httpHookBody(Action.InvokeHook invoke, Target target) {
    FrozenInputs inputs = target.inputs();
    ObjectNode body = JSON.createObjectNode();
    body.put("DeploymentId", inputs.settings().deploymentId());
    body.put("LifecycleEventHookExecutionId", invoke.executionId());
    body.put("LifecycleEventName", invoke.event().name());
    body.put("Namespace", target.namespace());
    body.put("ApplicationName", inputs.applicationName());
    body.put("DeploymentGroupName", inputs.groupName());
    body.put("DeploymentConfigName", inputs.deploymentConfigName());
    body.put("Region", inputs.region());
    body.put("ClusterName", inputs.service().cluster());
    body.put("ServiceName", inputs.service().service());
    body.put("TaskDefinition", inputs.replacement().taskDefinition());
    body.put("ContainerName", inputs.replacement().containerName());
    body.put("ContainerPort", inputs.replacement().containerPort());
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** {@code {"status": "Succeeded"}} or {@code "Failed"} in a function's answer. */
  static Optional<Boolean> statusIn(String payload) {
    if (payload == null || payload.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode answer = JSON.readTree(payload);
      JsonNode status = answer == null ? null : answer.get("status");
      if (status == null || !status.isTextual()) {
        return Optional.empty();
      }
      return switch (status.asText()) {
        case "Succeeded" -> Optional.of(true);
        case "Failed" -> Optional.of(false);
        default -> Optional.empty();
      };
    } catch (Exception notJson) {
      return Optional.empty();
    }
  }

  private static Optional<ActionFailure> publish(
      Action.PublishNotification publish, Target target) {
    PendingNotification notification = publish.notification();
    FrozenInputs inputs = target.inputs();
    if (notification.stateChange() != null) {
      return publishStateChange(notification.stateChange(), target);
    }
    var error =
        notification.errorInformation() == null
            ? null
            : new DeploymentNotification.Error(
                notification.errorInformation().code().name(),
                notification.errorInformation().message());
    var rollback =
        notification.rollbackInfo() == null
            ? null
            : new DeploymentNotification.Rollback(
                notification.rollbackInfo().rollbackMessage(),
                notification.rollbackInfo().rollbackTriggeringDeploymentId(),
                notification.rollbackInfo().rollbackDeploymentId());
    target
        .aws()
        .notifications()
        .publish(
            notification.topicArn(),
            new DeploymentNotification(
                inputs.region(),
                accountOf(notification.topicArn()),
                notification.triggerName(),
                inputs.applicationName(),
                inputs.settings().deploymentId(),
                inputs.groupName(),
                notification.createTime(),
                notification.completeTime(),
                null,
                notification.status(),
                error,
                rollback));
    return Optional.empty();
  }

  /**
   * An EventBridge event in CodeDeploy's shape. The account and partition of the CodeDeploy ARNs in
   * its resources are those of the deployment's target groups.
   */
  private static Optional<ActionFailure> publishStateChange(
      PendingNotification.StateChange change, Target target) {
    FrozenInputs inputs = target.inputs();
    EventBridgeSettings eventBridge = inputs.settings().eventBridge();
    if (eventBridge == null) {
      // Settings saved without a bus cannot have queued an event; nothing to send it to.
      return Optional.empty();
    }
    String targetGroup = inputs.settings().targetGroups().get(0);
    target
        .aws()
        .events()
        .publish(
            eventBridge.eventBus(),
            new DeploymentStateChange(
                eventBridge.source(),
                arnPart(targetGroup, 1),
                inputs.region(),
                accountOf(targetGroup),
                inputs.applicationName(),
                inputs.groupName(),
                eventBridge.deploymentGroupId(),
                change.deploymentId(),
                change.state(),
                change.time()));
    return Optional.empty();
  }

  private static String accountOf(String arn) {
    return arnPart(arn, 4);
  }

  private static String arnPart(String arn, int index) {
    String[] parts = arn.split(":");
    return parts.length > index ? parts[index] : null;
  }
}
