package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.aws.AlarmState;
import io.ecsdeploy.operator.aws.AlarmStates;
import io.ecsdeploy.operator.aws.Alarms;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.aws.DeploymentEvents;
import io.ecsdeploy.operator.aws.DeploymentNotification;
import io.ecsdeploy.operator.aws.DeploymentStateChange;
import io.ecsdeploy.operator.aws.EcsService;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.FetchedRevision;
import io.ecsdeploy.operator.aws.ForwardWeights;
import io.ecsdeploy.operator.aws.HookInvocation;
import io.ecsdeploy.operator.aws.HookPayload;
import io.ecsdeploy.operator.aws.Hooks;
import io.ecsdeploy.operator.aws.ListenerDescription;
import io.ecsdeploy.operator.aws.Listeners;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.Notifications;
import io.ecsdeploy.operator.aws.RevisionLocation;
import io.ecsdeploy.operator.aws.RevisionStore;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.aws.TargetGroupDescription;
import io.ecsdeploy.operator.aws.TaskDefinitionDescription;
import io.ecsdeploy.operator.aws.TaskSets;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-written stand-in for the AWS ports, for unit tests of the reconciler's pure parts: it
 * records every call with its arguments, answers what a test configured (or a plain default), and
 * throws a given {@link AwsFailure} from any operation a test names.
 */
final class FakeAwsPorts
    implements TaskSets, Listeners, Hooks, Alarms, Notifications, RevisionStore, DeploymentEvents {

  /** Every operation of the seven ports. */
  enum Operation {
    DESCRIBE_SERVICE,
    DESCRIBE_SERVICES,
    FIND_BY_EXTERNAL_ID,
    DESCRIBE_TASK_DEFINITION,
    CREATE_OR_ADOPT,
    MAKE_PRIMARY,
    DELETE,
    READ_WEIGHTS,
    SET_WEIGHTS,
    DESCRIBE_TARGET_GROUPS,
    DESCRIBE_LISTENER,
    TARGET_STATES,
    INVOKE_SYNC,
    FUNCTION_TIMEOUT,
    ALARM_STATES,
    PUBLISH,
    PUT_EVENT,
    FETCH
  }

  /** One call: the operation and its arguments, in the order the port method takes them. */
  record Call(Operation operation, List<Object> arguments) {
    Object argument(int index) {
      return arguments.get(index);
    }
  }

  final List<Call> calls = new ArrayList<>();

  /** The protocol every described listener has. */
  String listenerProtocol = "HTTP";

  /** Services by id; one not configured is MISSING, as ECS reports it. */
  final Map<ServiceId, EcsService> services = new HashMap<>();

  /** Task definitions by the name asked for; one not configured is unknown to ECS. */
  final Map<String, TaskDefinitionDescription> taskDefinitions = new HashMap<>();

  /** Forward weights per route; reading a route not configured fails as ELB does. */
  final Map<Route, ForwardWeights> weights = new HashMap<>();

  /** Answers per hook function; a function not configured is missing. */
  final Map<String, HookInvocation> hookInvocations = new HashMap<>();

  /** Timeouts per hook function; a function not configured has none that can be read. */
  final Map<String, Duration> functionTimeouts = new HashMap<>();

  /** Alarm states by name; an alarm not configured is MISSING. */
  final Map<String, AlarmState> alarms = new HashMap<>();

  /** S3 objects by location; a location not configured is MISSING. */
  final Map<RevisionLocation, FetchedRevision> revisions = new HashMap<>();

  private final Map<Operation, AwsFailure> failures = new EnumMap<>(Operation.class);
  private int created;

  /** The ports, all backed by this fake. */
  AwsPorts ports() {
    return new AwsPorts(this, this, this, this, this, this, this);
  }

  /** Every later call of {@code operation} throws {@code failure}. */
  FakeAwsPorts failing(Operation operation, AwsFailure failure) {
    failures.put(operation, failure);
    return this;
  }

  /** The calls of one operation, in order. */
  List<Call> calls(Operation operation) {
    return calls.stream().filter(call -> call.operation() == operation).toList();
  }

  /** The operations called, in order. */
  List<Operation> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  /** The only call of {@code operation}; fails the test when there were none or several. */
  Call onlyCall(Operation operation) {
    List<Call> matching = calls(operation);
    if (matching.size() != 1) {
      throw new AssertionError(
          "expected one " + operation + " call, found " + matching.size() + ": " + calls);
    }
    return matching.get(0);
  }

  /** A failure as the SDK adapters raise it. */
  static AwsFailure failure(ErrorCode code, boolean retryable, String message) {
    return new AwsFailure(code, retryable, "TEST", "TestException", message, null);
  }

  private void record(Operation operation, Object... arguments) {
    calls.add(new Call(operation, Collections.unmodifiableList(Arrays.asList(arguments))));
    AwsFailure failure = failures.get(operation);
    if (failure != null) {
      throw failure;
    }
  }

  // ---- TaskSets

  @Override
  public EcsService describeService(ServiceId service) {
    record(Operation.DESCRIBE_SERVICE, service);
    return services.getOrDefault(service, EcsService.missing(service));
  }

  @Override
  public Map<ServiceId, EcsService> describeServices(Collection<ServiceId> ids) {
    record(Operation.DESCRIBE_SERVICES, List.copyOf(ids));
    Map<ServiceId, EcsService> described = new LinkedHashMap<>();
    ids.forEach(id -> described.put(id, services.getOrDefault(id, EcsService.missing(id))));
    return described;
  }

  @Override
  public Optional<EcsTaskSet> findByExternalId(ServiceId service, String externalId) {
    record(Operation.FIND_BY_EXTERNAL_ID, service, externalId);
    return Optional.ofNullable(services.get(service))
        .flatMap(described -> described.taskSetWithExternalId(externalId));
  }

  @Override
  public Optional<TaskDefinitionDescription> describeTaskDefinition(String taskDefinition) {
    record(Operation.DESCRIBE_TASK_DEFINITION, taskDefinition);
    return Optional.ofNullable(taskDefinitions.get(taskDefinition));
  }

  @Override
  public CreatedTaskSet createOrAdopt(NewTaskSet taskSet) {
    record(Operation.CREATE_OR_ADOPT, taskSet);
    return new CreatedTaskSet(
        taskSet(
            "arn:aws:ecs:us-east-1:111122223333:task-set/c/s/ecs-svc/created-" + ++created,
            EcsTaskSet.Status.ACTIVE,
            taskSet.deploymentKey(),
            taskSet.taskDefinition(),
            taskSet.targetGroupArn()),
        false);
  }

  @Override
  public EcsTaskSet makePrimary(ServiceId service, String taskSetArn) {
    record(Operation.MAKE_PRIMARY, service, taskSetArn);
    return taskSet(taskSetArn, EcsTaskSet.Status.PRIMARY, null, null, null);
  }

  @Override
  public boolean delete(ServiceId service, String taskSetArn, boolean force) {
    record(Operation.DELETE, service, taskSetArn, force);
    return true;
  }

  // ---- Listeners

  @Override
  public ForwardWeights readWeights(Route route) {
    record(Operation.READ_WEIGHTS, route);
    ForwardWeights read = weights.get(route);
    if (read == null) {
      throw failure(
          ErrorCode.ELASTIC_LOAD_BALANCING_INVALID, false, route.arn() + " has no forward action");
    }
    return read;
  }

  @Override
  public void setWeights(Route route, Map<String, Integer> forward) {
    record(Operation.SET_WEIGHTS, route, Map.copyOf(forward));
    weights.put(route, new ForwardWeights(forward));
  }

  @Override
  public List<TargetGroupDescription> describeTargetGroups(Collection<String> targetGroupArns) {
    record(Operation.DESCRIBE_TARGET_GROUPS, List.copyOf(targetGroupArns));
    return List.of();
  }

  /** What DescribeTargetHealth answers, by target group. */
  final Map<String, Map<String, Integer>> targetStates = new HashMap<>();

  @Override
  public Map<String, Integer> targetStates(String targetGroupArn) {
    record(Operation.TARGET_STATES, targetGroupArn);
    return targetStates.getOrDefault(targetGroupArn, Map.of());
  }

  @Override
  public ListenerDescription describeListener(String listenerArn) {
    record(Operation.DESCRIBE_LISTENER, listenerArn);
    return new ListenerDescription(listenerArn, null, listenerProtocol, 80);
  }

  // ---- Hooks

  @Override
  public HookInvocation invokeSync(String functionName, HookPayload payload, Duration answerWait) {
    record(Operation.INVOKE_SYNC, functionName, payload, answerWait);
    return hookInvocations.getOrDefault(
        functionName,
        new HookInvocation(
            HookInvocation.Outcome.FUNCTION_MISSING,
            404,
            null,
            null,
            null,
            "Function not found: " + functionName));
  }

  @Override
  public Optional<Duration> functionTimeout(String functionName) {
    record(Operation.FUNCTION_TIMEOUT, functionName);
    return Optional.ofNullable(functionTimeouts.get(functionName));
  }

  // ---- Metrics: the reconciler tests run no analysis; CloudWatch metrics are tested on MiniStack.

  @Override
  public Map<String, List<Double>> metricData(
      List<MetricQuery> queries,
      java.time.Instant start,
      java.time.Instant end,
      java.time.Duration timeout) {
    throw new UnsupportedOperationException("no metrics in the fake");
  }

  // ---- Alarms

  @Override
  public AlarmStates states(Collection<String> alarmNames) {
    record(Operation.ALARM_STATES, List.copyOf(alarmNames));
    Map<String, AlarmState> states = new LinkedHashMap<>();
    alarmNames.forEach(name -> states.put(name, alarms.getOrDefault(name, AlarmState.MISSING)));
    return new AlarmStates(states);
  }

  // ---- Notifications

  @Override
  public String publish(String topicArn, DeploymentNotification notification) {
    record(Operation.PUBLISH, topicArn, notification);
    return "message-" + calls(Operation.PUBLISH).size();
  }

  // ---- DeploymentEvents

  @Override
  public String publish(String eventBus, DeploymentStateChange change) {
    record(Operation.PUT_EVENT, eventBus, change);
    return "event-" + calls(Operation.PUT_EVENT).size();
  }

  // ---- RevisionStore

  @Override
  public FetchedRevision fetch(RevisionLocation location) {
    record(Operation.FETCH, location);
    return revisions.getOrDefault(
        location,
        new FetchedRevision(
            FetchedRevision.Outcome.MISSING,
            null,
            null,
            null,
            -1,
            "The specified key does not exist: " + location));
  }

  private static EcsTaskSet taskSet(
      String arn,
      EcsTaskSet.Status status,
      String externalId,
      String taskDefinition,
      String targetGroupArn) {
    return new EcsTaskSet(
        arn.substring(arn.lastIndexOf('/') + 1),
        arn,
        status,
        externalId,
        taskDefinition,
        targetGroupArn,
        EcsTaskSet.Stability.STABILIZING,
        0,
        0,
        0,
        100.0,
        null,
        null,
        null,
        List.of(),
        null);
  }
}
