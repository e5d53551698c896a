package io.ecsdeploy.operator.lifecycle;

import java.util.stream.Collectors;

/** Short, readable renderings of actions for assertions. */
final class EngineTestSupport {
  private EngineTestSupport() {}

  static String describe(Action action) {
    if (action instanceof Action.InvokeHook invoke) {
      return "invoke " + invoke.event() + " " + invoke.functionName();
    }
    if (action instanceof Action.CreateTaskSet create) {
      return "create on " + create.targetGroupArn();
    }
    if (action instanceof Action.SetListenerWeights weights) {
      return weights.listener()
          + " "
          + weights.weights().weights().entrySet().stream()
              .filter(entry -> entry.getValue() > 0)
              .map(entry -> entry.getKey() + "=" + entry.getValue())
              .sorted()
              .collect(Collectors.joining(","));
    }
    if (action instanceof Action.MakeTaskSetPrimary primary) {
      return "primary " + shortArn(primary.taskSetArn());
    }
    if (action instanceof Action.DeleteTaskSet delete) {
      return "delete " + shortArn(delete.taskSetArn());
    }
    Action.PublishNotification publish = (Action.PublishNotification) action;
    return "notify " + publish.notification().triggerName() + " " + publish.notification().event();
  }

  private static String shortArn(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
