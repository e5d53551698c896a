package io.ecsdeploy.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.appspec.AppSpec;
import io.ecsdeploy.operator.appspec.AssignPublicIp;
import io.ecsdeploy.operator.appspec.EcsTargetService;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.CapacityProviderItem;
import io.ecsdeploy.operator.aws.DeploymentNotification;
import io.ecsdeploy.operator.aws.HookInvocation;
import io.ecsdeploy.operator.aws.HookPayload;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.VpcNetwork;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.lifecycle.Action;
import io.ecsdeploy.operator.lifecycle.ActionFailure;
import io.ecsdeploy.operator.lifecycle.PendingNotification;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs the one action the engine decided, through the AWS ports. Every action is idempotent:
 * the task set is created with the deployment's UID as client token and external id (an existing
 * one is adopted), listener weights are set to absolute values, and a repeated delete of a gone
 * task set is a success.
 */
final class ActionExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How long a reconcile waits for a hook function's synchronous answer. A longer-running function
   * goes on; its result arrives when it returns, or through the hook endpoint.
   */
  private final Duration hookAnswerWait;

  private final HookResults hookResults;
  private final ExecutorService invocations = Executors.newCachedThreadPool(daemon());

  /** Where a hook's result goes when the function answers with one. */
  interface HookResults {
    /** The execution is about to be invoked: a report for it may arrive from now on. */
    void invoking(String deploymentId, String executionId);

    void record(ResourceID deployment, String executionId, boolean succeeded);
  }

  ActionExecutor(Duration hookAnswerWait, HookResults hookResults) {
    this.hookAnswerWait = hookAnswerWait;
    this.hookResults = hookResults;
  }

  /** Context an action needs beyond the engine's decision. */
  record Context(
      DeploymentTarget target, ResourceID resource, String deploymentId, AppSpec appSpec) {}

  /** Performs the action; returns the failure to report to the engine's next decision, if any. */
  Optional<ActionFailure> execute(Action action, Context context) {
    try {
      if (action instanceof Action.CreateTaskSet create) {
        createTaskSet(create, context);
      } else if (action instanceof Action.SetListenerWeights set) {
        DeploymentTarget target = context.target();
        target.aws().listeners().setWeights(target.route(set.listener()), set.weights().weights());
      } else if (action instanceof Action.InvokeHook invoke) {
        return invokeHook(invoke, context);
      } else if (action instanceof Action.MakeTaskSetPrimary primary) {
        DeploymentTarget target = context.target();
        target.aws().taskSets().makePrimary(target.service(), primary.taskSetArn());
      } else if (action instanceof Action.DeleteTaskSet delete) {
        DeploymentTarget target = context.target();
        target.aws().taskSets().delete(target.service(), delete.taskSetArn(), true);
      } else if (action instanceof Action.PublishNotification publish) {
        publish(publish.notification(), context);
      }
      return Optional.empty();
    } catch (AwsFailure failure) {
      LOG.info("{} failed for {}: {}", action.kind(), context.deploymentId(), failure.getMessage());
      return Optional.of(
          new ActionFailure(
              action.key(), failure.code(), failure.getMessage(), failure.retryable()));
    }
  }

  private static void createTaskSet(Action.CreateTaskSet create, Context context) {
    EcsTargetService target = context.appSpec().targetService();
    VpcNetwork network =
        target.networkConfiguration() == null
            // As CodeDeploy does: without network settings in the AppSpec, the replacement gets
            // the service's own (awsvpc services need them; other network modes have none).
            ? context
                .target()
                .aws()
                .taskSets()
                .describeService(context.target().service())
                .network()
            : new VpcNetwork(
                target.networkConfiguration().subnets(),
                target.networkConfiguration().securityGroups(),
                target.networkConfiguration().assignPublicIp() == AssignPublicIp.ENABLED);
    List<CapacityProviderItem> providers =
        target.capacityProviderStrategy().stream()
            .map(p -> new CapacityProviderItem(p.capacityProvider(), p.weight(), p.base()))
            .toList();
    context
        .target()
        .aws()
        .taskSets()
        .createOrAdopt(
            new NewTaskSet(
                context.target().service(),
                create.externalId(),
                target.taskDefinition(),
                create.targetGroupArn(),
                target.containerName(),
                target.containerPort(),
                providers.isEmpty() ? "FARGATE" : null,
                providers,
                network,
                target.platformVersion()));
  }

  /**
   * Invokes the function with CodeDeploy's payload. A missing function fails the event at once; a
   * function error is a failed hook; an answer {@code {"status": "Succeeded"|"Failed"}} is the
   * hook's result; any other answer, or none within the wait, leaves the result to the hook
   * endpoint, as with CodeDeploy.
   */
  private Optional<ActionFailure> invokeHook(Action.InvokeHook invoke, Context context) {
    HookPayload payload = new HookPayload(context.deploymentId(), invoke.executionId());
    hookResults.invoking(context.deploymentId(), invoke.executionId());
    CompletableFuture<HookInvocation> call =
        CompletableFuture.supplyAsync(
            () -> context.target().aws().hooks().invokeSync(invoke.functionName(), payload),
            invocations);
    try {
      HookInvocation invocation = call.get(hookAnswerWait.toMillis(), TimeUnit.MILLISECONDS);
      if (invocation.outcome() == HookInvocation.Outcome.FUNCTION_MISSING) {
        return Optional.of(
            new ActionFailure(
                invoke.key(),
                ErrorCode.INVALID_LAMBDA_FUNCTION,
                "the Lambda function " + invoke.functionName() + " does not exist",
                false));
      }
      recordAnswer(invocation, invoke, context);
      return Optional.empty();
    } catch (TimeoutException stillRunning) {
      call.thenAccept(invocation -> recordAnswer(invocation, invoke, context));
      return Optional.empty();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AwsFailure failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void recordAnswer(HookInvocation invocation, Action.InvokeHook invoke, Context context) {
    Optional<Boolean> result =
        switch (invocation.outcome()) {
          case FUNCTION_ERROR -> Optional.of(false);
          case COMPLETED -> statusIn(invocation.payload());
          case ACCEPTED, FUNCTION_MISSING -> Optional.empty();
        };
    result.ifPresent(
        succeeded -> hookResults.record(context.resource(), invoke.executionId(), succeeded));
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

  private static void publish(PendingNotification notification, Context context) {
    DeploymentTarget target = context.target();
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
                target.region(),
                accountOf(notification.topicArn()),
                notification.triggerName(),
                target.applicationName(),
                context.deploymentId(),
                target.groupName(),
                notification.createTime(),
                notification.completeTime(),
                null,
                notification.status(),
                error,
                rollback));
  }

  private static String accountOf(String topicArn) {
    String[] parts = topicArn.split(":");
    return parts.length > 4 ? parts[4] : null;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "hook-invocation");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    invocations.shutdownNow();
  }
}
