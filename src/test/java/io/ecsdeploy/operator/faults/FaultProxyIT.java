package io.ecsdeploy.operator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ecsdeploy.operator.aws.AwsCallCounter;
import io.ecsdeploy.operator.aws.AwsCallCounter.AttemptError;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.aws.EcsTaskSet;
import io.ecsdeploy.operator.aws.NewTaskSet;
import io.ecsdeploy.operator.aws.TaskSets;
import io.ecsdeploy.operator.aws.TaskSets.CreatedTaskSet;
import io.ecsdeploy.operator.aws.sdk.AwsClientConfig;
import io.ecsdeploy.operator.aws.sdk.AwsClientFactory;
import io.ecsdeploy.operator.aws.sdk.AwsClients;
import io.ecsdeploy.operator.aws.sdk.AwsErrors;
import io.ecsdeploy.operator.aws.sdk.AwsService;
import io.ecsdeploy.operator.aws.sdk.BlueGreenFixture;
import io.ecsdeploy.operator.codedeploy.ErrorCode;
import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.EmulatorClients;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy;
import io.ecsdeploy.operator.testsupport.faults.AwsFaultProxy.MutatingCall;
import io.ecsdeploy.operator.testsupport.faults.AwsOperation;
import io.ecsdeploy.operator.testsupport.faults.FaultKind;
import io.ecsdeploy.operator.testsupport.faults.FaultRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The fault proxy between the operator's SDK clients (built by {@link AwsClientFactory}) and the
 * emulators: each protocol's throttling as AwsErrors sees it, one-shot 500s retried by the SDK, a
 * lost CreateTaskSet reply, the mutating-call listener and plain pass-through.
 */
@ExtendWith(AwsEmulatorsExtension.class)
class FaultProxyIT {

  private static final String REGION = EmulatorClients.REGION.id();

  private AwsFaultProxy moto;
  private AwsFaultProxy cloudWatch;
  private AwsClientFactory factory;
  private AwsClients clients;

  @BeforeEach
  void proxies() {
    AwsEmulatorsExtension.reset();
    moto = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint(), 7);
    cloudWatch = AwsFaultProxy.start(AwsEmulatorsExtension.cloudWatchEndpoint(), 7);
    factory = new AwsClientFactory(config(Duration.ofSeconds(20)));
    clients = factory.clients(REGION);
  }

  @AfterEach
  void close() {
    factory.close();
    moto.close();
    cloudWatch.close();
  }

  private AwsClientConfig config(Duration apiCallTimeout) {
    return new AwsClientConfig(
        moto.endpoint(),
        Map.of(AwsService.CLOUDWATCH, cloudWatch.endpoint()),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
        apiCallTimeout,
        apiCallTimeout,
        null);
  }

  /** One call per protocol, with the operation the proxy should recognise. */
  enum Call {
    ECS("ECS", "ListClusters", "ECS", "Throttling", c -> c.ecs().listClusters()),
    ELBV2(
        "ELBv2",
        "DescribeLoadBalancers",
        "ElasticLoadBalancingV2",
        "Throttling",
        c -> c.elb().describeLoadBalancers()),
    LAMBDA(
        "Lambda",
        "Invoke",
        "Lambda",
        "TooManyRequests",
        c -> c.lambda().invoke(r -> r.functionName("no-such-hook"))),
    S3(
        "S3",
        "GetObject",
        "S3",
        "SlowDown",
        c -> c.s3().getObjectAsBytes(r -> r.bucket("revisions").key("app.yaml"))),
    SNS(
        "SNS",
        "Publish",
        "SNS",
        "Throttling",
        c ->
            c.sns()
                .publish(r -> r.topicArn("arn:aws:sns:us-east-1:123456789012:none").message("m"))),
    CLOUDWATCH(
        "CloudWatch",
        "DescribeAlarms",
        "CloudWatch",
        "Throttling",
        c -> c.cloudWatch().describeAlarms());

    final String service;
    final String operation;
    final String awsErrorsService;
    final String errorCode;
    final Consumer<AwsClients> call;

    Call(
        String service,
        String operation,
        String awsErrorsService,
        String errorCode,
        Consumer<AwsClients> call) {
      this.service = service;
      this.operation = operation;
      this.awsErrorsService = awsErrorsService;
      this.errorCode = errorCode;
      this.call = call;
    }
  }

  /** A call that succeeds against an empty account, per protocol. */
  enum Succeeding {
    ECS("ListClusters", c -> c.ecs().listClusters()),
    ELBV2("DescribeLoadBalancers", c -> c.elb().describeLoadBalancers()),
    LAMBDA("ListFunctions", c -> c.lambda().listFunctions()),
    S3("ListBuckets", c -> c.s3().listBuckets()),
    SNS("ListTopics", c -> c.sns().listTopics()),
    CLOUDWATCH("DescribeAlarms", c -> c.cloudWatch().describeAlarms());

    final String operation;
    final Function<AwsClients, Object> call;

    Succeeding(String operation, Function<AwsClients, Object> call) {
      this.operation = operation;
      this.call = call;
    }
  }

  private AwsFaultProxy proxyFor(String service) {
    return "CloudWatch".equals(service) ? cloudWatch : moto;
  }

  @ParameterizedTest
  @EnumSource(Call.class)
  void anInjectedThrottleIsThrottlingForTheSdkAndAwsErrors(Call call) {
    AwsFaultProxy proxy = proxyFor(call.service);
    FaultRule rule = proxy.inject(FaultRule.on(call.operation).throttle());

    Throwable thrown = catchThrowable(() -> call.call.accept(clients));

    assertThat(thrown).isInstanceOf(AwsServiceException.class);
    assertThat(((AwsServiceException) thrown).isThrottlingException()).isTrue();
    AwsFailure failure = AwsErrors.classify(thrown);
    assertThat(failure.code()).isEqualTo(ErrorCode.THROTTLED);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.service()).isEqualTo(call.awsErrorsService);
    assertThat(AwsErrors.errorCode(thrown)).isEqualTo(call.errorCode);
    // the SDK's standard retry policy retried it: 3 attempts, all throttled
    assertThat(proxy.faults(call.operation, FaultKind.THROTTLE)).isEqualTo(3);
    assertThat(proxy.faults(call.service + ":" + call.operation, FaultKind.THROTTLE)).isEqualTo(3);
    assertThat(proxy.calls(call.operation)).isEqualTo(3);
    assertThat(rule.injected()).isEqualTo(3);
    assertThat(proxy.operations())
        .extracting(AwsOperation::service, AwsOperation::name)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(call.service, call.operation));
  }

  @ParameterizedTest
  @EnumSource(Succeeding.class)
  void aOneShot500IsRetriedByTheSdkAndThenSucceeds(Succeeding call) {
    AwsFaultProxy proxy = proxyFor(call == Succeeding.CLOUDWATCH ? "CloudWatch" : "any");
    proxy.inject(FaultRule.on(call.operation).onCall(1).internalError());

    Object result = call.call.apply(clients);

    assertThat(result).isNotNull();
    assertThat(proxy.calls(call.operation)).isEqualTo(2);
    assertThat(proxy.faults(call.operation, FaultKind.INTERNAL_ERROR)).isEqualTo(1);
  }

  @Test
  void theCallCounterSeesEveryAttemptsErrorThatTheSdksRetriesHide() {
    // Rules count the calls they see; the first rule that fires keeps the others from seeing it.
    moto.inject(FaultRule.on("ListClusters").onCall(1).throttle());
    moto.inject(FaultRule.on("ListClusters").onCall(1).serviceUnavailable());
    moto.inject(FaultRule.on("ListClusters").onCall(2).internalError());

    clients.ecs().listClusters(); // throttled, 503, answered
    clients.ecs().listClusters(); // 500, answered

    AwsCallCounter counter = factory.callCounter();
    assertThat(moto.calls("ListClusters")).isEqualTo(5);
    assertThat(counter.calls("ECS", "ListClusters")).isEqualTo(2);
    assertThat(counter.errors("ECS", "ListClusters")).as("both calls succeeded").isZero();
    assertThat(counter.retries("ECS", "ListClusters")).isEqualTo(3);
    assertThat(counter.attemptErrors("ECS", "ListClusters", AttemptError.THROTTLING)).isEqualTo(1);
    assertThat(counter.attemptErrors("ECS", "ListClusters", AttemptError.SERVER_ERROR))
        .isEqualTo(2);
  }

  @Test
  void a503OnEveryMutatingCallFailsThemAsRetryableInternalErrors() {
    moto.inject(FaultRule.onEveryMutatingOperation().serviceUnavailable());

    Throwable thrown =
        catchThrowable(
            () ->
                clients
                    .sns()
                    .publish(
                        r -> r.topicArn("arn:aws:sns:us-east-1:123456789012:none").message("m")));
    clients.ecs().listClusters();

    assertThat(AwsErrors.classify(thrown).retryable()).isTrue();
    assertThat(AwsErrors.errorCode(thrown)).isEqualTo("ServiceUnavailable");
    assertThat(moto.faults("Publish", FaultKind.SERVICE_UNAVAILABLE)).isEqualTo(3);
    assertThat(moto.faults("ListClusters", FaultKind.SERVICE_UNAVAILABLE)).isZero();
    assertThat(moto.calls("ListClusters")).isEqualTo(1);
    assertThat(moto.mutatingCalls()).hasSize(3).allMatch(c -> !c.performed());
  }

  @Test
  void aResetIsAnIoErrorTheSdkRetries() {
    moto.inject(FaultRule.on("ListClusters").onCall(1).reset());

    clients.ecs().listClusters();

    assertThat(moto.faults("ListClusters", FaultKind.RESET)).isEqualTo(1);
    assertThat(moto.calls("ListClusters")).isEqualTo(2);
  }

  @Test
  void latencyDelaysTheReply() {
    moto.inject(FaultRule.on("ListClusters").latency(Duration.ofMillis(700)));

    long start = System.nanoTime();
    clients.ecs().listClusters();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(650));
    assertThat(moto.faults("ListClusters", FaultKind.LATENCY)).isEqualTo(1);
  }

  @Test
  void probabilitiesAreRepeatableWithTheSameSeed() {
    List<Long> faultsPerRun = new CopyOnWriteArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (AwsFaultProxy proxy = AwsFaultProxy.start(AwsEmulatorsExtension.motoEndpoint(), 99);
          AwsClientFactory direct =
              new AwsClientFactory(
                  new AwsClientConfig(
                      proxy.endpoint(),
                      Map.of(),
                      StaticCredentialsProvider.create(
                          AwsBasicCredentials.create("testing", "testing")),
                      null,
                      null,
                      null))) {
        proxy.inject(FaultRule.onEveryOperation().withProbability(0.3).internalError());
        for (int i = 0; i < 10; i++) {
          direct.clients(REGION).ecs().listClusters();
        }
        faultsPerRun.add(proxy.faults(FaultKind.INTERNAL_ERROR));
      }
    }
    assertThat(faultsPerRun.get(0)).isPositive().isEqualTo(faultsPerRun.get(1));
  }

  @Test
  void aLostCreateTaskSetReplyLeavesTheTaskSetCreatedAndTheRetryAdoptsIt() {
    BlueGreenFixture world = BlueGreenFixture.create();
    factory.close();
    factory = new AwsClientFactory(config(Duration.ofSeconds(3)));
    TaskSets taskSets = factory.clients(REGION).taskSets();
    moto.inject(FaultRule.on("CreateTaskSet").onCall(1).lostReply(Duration.ofSeconds(30)));
    NewTaskSet spec = replacement(world, "6f1c7c9e-lost-reply");

    Throwable thrown = catchThrowable(() -> taskSets.createOrAdopt(spec));

    AwsFailure failure = AwsErrors.classify(thrown);
    assertThat(failure.code()).as(failure.getMessage()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.getMessage())
        .as("the client gave up waiting")
        .containsIgnoringCase("timeout");
    assertThat(taskSetsInEcs(world)).hasSize(1);
    assertThat(moto.faults("CreateTaskSet", FaultKind.LOST_REPLY)).isEqualTo(1);
    assertThat(moto.calls("CreateTaskSet")).isEqualTo(1);
    assertThat(moto.mutatingCalls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.k()).isEqualTo(1);
              assertThat(c.fault()).isEqualTo(FaultKind.LOST_REPLY);
              assertThat(c.externalId()).isEqualTo("6f1c7c9e-lost-reply");
              assertThat(c.status()).isEqualTo(200);
            });

    AwsCallCounter counter = factory.callCounter();
    assertThat(counter.attemptErrors("ECS", "CreateTaskSet", AttemptError.TIMEOUT))
        .as("the lost reply counted as a timed-out attempt")
        .isEqualTo(1);
    assertThat(counter.retries("ECS", "CreateTaskSet")).as("not sent again by the SDK").isZero();
    assertThat(counter.errors("ECS", "CreateTaskSet")).isEqualTo(1);

    CreatedTaskSet retried = taskSets.createOrAdopt(spec);

    assertThat(retried.adopted()).isTrue();
    assertThat(taskSetsInEcs(world)).hasSize(1);
    assertThat(moto.calls("CreateTaskSet")).isEqualTo(1);
  }

  @Test
  void theListenerFiresOnceAfterTheKthMutatingCall() {
    BlueGreenFixture world = BlueGreenFixture.create();
    List<String> fired = new CopyOnWriteArrayList<>();
    List<Integer> taskSetsWhenFired = new CopyOnWriteArrayList<>();
    moto.onMutatingCall(
        (k, operation) -> {
          if (k == 2) {
            fired.add(k + " " + operation);
            taskSetsWhenFired.add(taskSetsInEcs(world).size());
          }
        });
    TaskSets taskSets = clients.taskSets();

    EcsTaskSet blue = taskSets.createOrAdopt(replacement(world, "blue-key")).taskSet();
    EcsTaskSet green = taskSets.createOrAdopt(replacement(world, "green-key")).taskSet();
    taskSets.makePrimary(world.service, green.arn());
    taskSets.delete(world.service, blue.arn(), true);

    assertThat(fired).containsExactly("2 CreateTaskSet");
    assertThat(taskSetsWhenFired).containsExactly(2);
    assertThat(moto.mutatingCalls())
        .extracting(MutatingCall::k, c -> c.operation().name(), MutatingCall::externalId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "CreateTaskSet", "blue-key"),
            org.assertj.core.groups.Tuple.tuple(2, "CreateTaskSet", "green-key"),
            org.assertj.core.groups.Tuple.tuple(3, "UpdateServicePrimaryTaskSet", null),
            org.assertj.core.groups.Tuple.tuple(4, "DeleteTaskSet", null));
    assertThat(moto.performedMutatingCalls()).isEqualTo(4);
  }

  @Test
  void aNormalCallPassesThroughByteForByte() throws Exception {
    byte[] object = new byte[70_000];
    new Random(3).nextBytes(object);
    clients.s3().createBucket(r -> r.bucket("revisions"));
    clients
        .s3()
        .putObject(r -> r.bucket("revisions").key("blob.bin"), RequestBody.fromBytes(object));

    byte[] direct;
    try (var s3 = EmulatorClients.s3()) {
      direct = s3.getObjectAsBytes(r -> r.bucket("revisions").key("blob.bin")).asByteArray();
    }
    byte[] proxied =
        clients.s3().getObjectAsBytes(r -> r.bucket("revisions").key("blob.bin")).asByteArray();
    assertThat(direct).isEqualTo(object);
    assertThat(proxied).isEqualTo(object);

    clients.ecs().createCluster(r -> r.clusterName("web"));
    HttpClient http = HttpClient.newHttpClient();
    String request = "{\"clusters\":[\"web\"]}";
    HttpResponse<byte[]> viaMoto =
        describeClusters(http, AwsEmulatorsExtension.motoEndpoint(), request);
    HttpResponse<byte[]> viaProxy = describeClusters(http, moto.endpoint(), request);
    assertThat(viaProxy.statusCode()).isEqualTo(viaMoto.statusCode()).isEqualTo(200);
    assertThat(viaProxy.body()).isEqualTo(viaMoto.body());
    assertThat(viaProxy.headers().firstValue("Content-Type"))
        .isEqualTo(viaMoto.headers().firstValue("Content-Type"));
    assertThat(moto.faults(FaultKind.THROTTLE)).isZero();
    assertThat(SdkBytes.fromByteArray(proxied).asByteArray()).hasSize(object.length);
  }

  private static HttpResponse<byte[]> describeClusters(HttpClient http, URI endpoint, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeClusters")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/ecs/aws4_request,"
                    + " SignedHeaders=host, Signature=0")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The fixture's replacement task set on the green target group, with this deployment key. */
  private static NewTaskSet replacement(BlueGreenFixture world, String deploymentKey) {
    return new NewTaskSet(
        world.service,
        deploymentKey,
        world.taskDefinition,
        world.green,
        "web",
        80,
        "FARGATE",
        List.of(),
        world.network(),
        "LATEST");
  }

  private static List<software.amazon.awssdk.services.ecs.model.TaskSet> taskSetsInEcs(
      BlueGreenFixture world) {
    try (EcsClient client = EmulatorClients.ecs()) {
      return client
          .describeTaskSets(r -> r.cluster(world.cluster).service(world.service.service()))
          .taskSets();
    }
  }
}
