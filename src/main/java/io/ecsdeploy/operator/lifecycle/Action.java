package io.ecsdeploy.operator.lifecycle;

import java.util.Objects;

/**
 * The one side effect a decision asks the caller to perform. Every action is idempotent in AWS (a
 * task set is created with a client token, listeners are set to absolute weights, deletes ignore
 * what is already gone), so performing one twice after a crash does no harm.
 */
public sealed interface Action
    permits Action.CreateTaskSet,
        Action.SetListenerWeights,
        Action.InvokeHook,
        Action.MakeTaskSetPrimary,
        Action.DeleteTaskSet,
        Action.PublishNotification {

  /** Kinds of actions, for callers that dispatch with a switch. */
  enum Kind {
    CREATE_TASK_SET,
    SET_LISTENER_WEIGHTS,
    INVOKE_HOOK,
    MAKE_TASK_SET_PRIMARY,
    DELETE_TASK_SET,
    PUBLISH_NOTIFICATION
  }

  /** What kind of action this is. */
  Kind kind();

  /**
   * Identifies the action and its arguments. Report a failure of this action with this key in the
   * next {@link Observation#actionFailure()}.
   */
  String key();

  /**
   * Whether the action's effect can be read back in a later observation. Those actions are verified
   * there; the others (a Lambda invocation, an SNS message) count as done unless reported failed.
   */
  default boolean observable() {
    return observable(kind());
  }

  /** Whether actions of {@code kind} can be verified by reading AWS back. */
  static boolean observable(Kind kind) {
    return kind != Kind.INVOKE_HOOK && kind != Kind.PUBLISH_NOTIFICATION;
  }

  /**
   * CreateTaskSet for the replacement, with the revision's task definition, container and network
   * settings, on {@code targetGroupArn}; {@code externalId} doubles as the client token.
   */
  record CreateTaskSet(String targetGroupArn, String externalId) implements Action {
    public CreateTaskSet {
      Objects.requireNonNull(targetGroupArn, "targetGroupArn");
      Objects.requireNonNull(externalId, "externalId");
    }

    @Override
    public Kind kind() {
      return Kind.CREATE_TASK_SET;
    }

    @Override
    public String key() {
      return "create-task-set:" + externalId + "@" + targetGroupArn;
    }
  }

  /**
   * ModifyListener (or ModifyRule) so that {@code listener} forwards with exactly these weights.
   */
  record SetListenerWeights(Listener listener, TrafficWeights weights) implements Action {
    public SetListenerWeights {
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(weights, "weights");
    }

    @Override
    public Kind kind() {
      return Kind.SET_LISTENER_WEIGHTS;
    }

    @Override
    public String key() {
      return keyPrefix(listener) + weights.describe();
    }

    /** How the keys of all weight changes of {@code listener} begin. */
    static String keyPrefix(Listener listener) {
      return "set-weights:" + listener + ":";
    }
  }

  /**
   * Invoke {@code functionName} with {@code {"DeploymentId", "LifecycleEventHookExecutionId"}}, or
   * POST that and the deployment's context, signed, when it is an HTTP endpoint ({@link
   * HttpHookSettings#isEndpoint}); its result comes back as a {@link HookReport}.
   */
  record InvokeHook(LifecycleEvent event, String functionName, String executionId)
      implements Action {
    public InvokeHook {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(functionName, "functionName");
      Objects.requireNonNull(executionId, "executionId");
    }

    @Override
    public Kind kind() {
      return Kind.INVOKE_HOOK;
    }

    @Override
    public String key() {
      return "invoke-hook:" + event + ":" + executionId;
    }
  }

  /** UpdateServicePrimaryTaskSet to {@code taskSetArn}. */
  record MakeTaskSetPrimary(String taskSetArn) implements Action {
    public MakeTaskSetPrimary {
      Objects.requireNonNull(taskSetArn, "taskSetArn");
    }

    @Override
    public Kind kind() {
      return Kind.MAKE_TASK_SET_PRIMARY;
    }

    @Override
    public String key() {
      return "make-primary:" + taskSetArn;
    }
  }

  /** DeleteTaskSet {@code taskSetArn}. */
  record DeleteTaskSet(String taskSetArn) implements Action {
    public DeleteTaskSet {
      Objects.requireNonNull(taskSetArn, "taskSetArn");
    }

    @Override
    public Kind kind() {
      return Kind.DELETE_TASK_SET;
    }

    @Override
    public String key() {
      return "delete-task-set:" + taskSetArn;
    }
  }

  /** Publish the trigger message for {@code notification} to its SNS topic. */
  record PublishNotification(PendingNotification notification) implements Action {
    public PublishNotification {
      Objects.requireNonNull(notification, "notification");
    }

    @Override
    public Kind kind() {
      return Kind.PUBLISH_NOTIFICATION;
    }

    @Override
    public String key() {
      return "notify:" + notification.id();
    }
  }
}
