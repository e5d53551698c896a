package io.ecsdeploy.operator.testsupport.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsdeploy.operator.testsupport.faults.AwsOperation.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AwsOperationsTest {

  private static Map<String, List<String>> signed(String signingName, String... more) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put(
        "Authorization",
        List.of(
            "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/"
                + signingName
                + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"));
    for (int i = 0; i < more.length; i += 2) {
      headers.put(more[i], List.of(more[i + 1]));
    }
    return headers;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void ecsByTarget() {
    AwsOperation op =
        AwsOperations.recognise(
            "POST",
            "/",
            null,
            signed(
                "ecs",
                "x-amz-target",
                "AmazonEC2ContainerServiceV20141113.CreateTaskSet",
                "Content-Type",
                "application/x-amz-json-1.1"),
            utf8("{\"externalId\":\"k\"}"));

    assertThat(op).isEqualTo(new AwsOperation("ECS", "CreateTaskSet", Protocol.AWS_JSON));
    assertThat(op.mutating()).isTrue();
    assertThat(op).hasToString("ECS:CreateTaskSet");
  }

  @Test
  void queryActionsFromTheFormBodyWithTheServiceFromTheCredentialScope() {
    String form = "application/x-www-form-urlencoded; charset=utf-8";
    assertThat(
            AwsOperations.recognise(
                "POST",
                "/",
                null,
                signed("elasticloadbalancing", "Content-Type", form),
                utf8("Action=ModifyListener&Version=2015-12-01&ListenerArn=arn%3Aaws")))
        .isEqualTo(new AwsOperation("ELBv2", "ModifyListener", Protocol.QUERY));
    AwsOperation publish =
        AwsOperations.recognise(
            "POST",
            "/",
            null,
            signed("sns", "Content-Type", form),
            utf8("Version=2010-03-31&Action=Publish&Message=hi"));
    assertThat(publish).isEqualTo(new AwsOperation("SNS", "Publish", Protocol.QUERY));
    assertThat(publish.mutating()).isTrue();
    assertThat(
            AwsOperations.recognise(
                "GET", "/", "Action=DescribeRules&Version=2015-12-01", Map.of(), new byte[0]))
        .isEqualTo(new AwsOperation("AWS", "DescribeRules", Protocol.QUERY));
  }

  @Test
  void lambdaRestPaths() {
    assertThat(
            AwsOperations.recognise(
                "POST",
                "/2015-03-31/functions/validate-hook/invocations",
                null,
                signed("lambda"),
                utf8("{}")))
        .isEqualTo(new AwsOperation("Lambda", "Invoke", Protocol.REST_JSON));
    assertThat(
            AwsOperations.recognise("GET", "/2015-03-31/functions/", null, Map.of(), new byte[0]))
        .isEqualTo(new AwsOperation("Lambda", "ListFunctions", Protocol.REST_JSON));
    assertThat(
            AwsOperations.recognise(
                "GET", "/2015-03-31/functions/f", null, signed("lambda"), new byte[0]))
        .extracting(AwsOperation::name)
        .isEqualTo("GetFunction");
  }

  @Test
  void s3RestPaths() {
    assertThat(name("GET", "/revisions/app/rev.yaml", null, signed("s3"))).isEqualTo("GetObject");
    assertThat(name("GET", "/revisions/app.yaml", "versionId=3", signed("s3")))
        .isEqualTo("GetObject");
    assertThat(name("HEAD", "/revisions/app.yaml", null, signed("s3"))).isEqualTo("HeadObject");
    assertThat(name("PUT", "/revisions/app.yaml", null, signed("s3"))).isEqualTo("PutObject");
    assertThat(name("PUT", "/revisions/b", null, signed("s3", "x-amz-copy-source", "/revisions/a")))
        .isEqualTo("CopyObject");
    assertThat(name("PUT", "/revisions", null, signed("s3"))).isEqualTo("CreateBucket");
    assertThat(name("GET", "/revisions", "list-type=2&prefix=a", signed("s3")))
        .isEqualTo("ListObjectsV2");
    assertThat(name("GET", "/revisions", "versions", signed("s3"))).isEqualTo("ListObjectVersions");
    assertThat(name("GET", "/", null, signed("s3"))).isEqualTo("ListBuckets");
  }

  @Test
  void cloudWatchRpcV2Cbor() {
    assertThat(
            AwsOperations.recognise(
                "POST",
                "/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
                null,
                signed("monitoring", "smithy-protocol", "rpc-v2-cbor"),
                new byte[] {(byte) 0xa0}))
        .isEqualTo(new AwsOperation("CloudWatch", "DescribeAlarms", Protocol.RPC_V2_CBOR));
  }

  @Test
  void anythingElseIsUnknown() {
    assertThat(AwsOperations.recognise("GET", "/moto-api/", null, Map.of(), new byte[0]))
        .isEqualTo(new AwsOperation("AWS", "GET /moto-api/", Protocol.UNKNOWN));
  }

  @Test
  void onlyTheOperatorsChangesAreMutating() {
    assertThat(new AwsOperation("ECS", "DescribeServices", Protocol.AWS_JSON).mutating()).isFalse();
    assertThat(new AwsOperation("ELBv2", "ModifyRule", Protocol.QUERY).mutating()).isTrue();
    assertThat(new AwsOperation("Lambda", "Invoke", Protocol.REST_JSON).mutating()).isTrue();
  }

  @Test
  void cborErrorsAreDefiniteMapsOfTextStrings() {
    assertThat(ErrorReplies.cborTextMap(Map.of("a", "b")))
        .containsExactly(0xa1, 0x61, 'a', 0x61, 'b');
    String longer = "x".repeat(30);
    assertThat(ErrorReplies.cborTextMap(Map.of("k", longer))).startsWith(0xa1, 0x61, 'k', 0x78, 30);
    ErrorReplies.Reply reply =
        ErrorReplies.forFault(
            new AwsOperation("CloudWatch", "DescribeAlarms", Protocol.RPC_V2_CBOR),
            FaultKind.THROTTLE);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.headers()).containsEntry("smithy-protocol", "rpc-v2-cbor");
  }

  @Test
  void errorShapesPerProtocol() {
    assertThat(
            ErrorReplies.forFault(
                    new AwsOperation("Lambda", "Invoke", Protocol.REST_JSON), FaultKind.THROTTLE)
                .status())
        .isEqualTo(429);
    ErrorReplies.Reply slowDown =
        ErrorReplies.forFault(
            new AwsOperation("S3", "GetObject", Protocol.REST_XML), FaultKind.THROTTLE);
    assertThat(slowDown.status()).isEqualTo(503);
    assertThat(new String(slowDown.body(), StandardCharsets.UTF_8))
        .contains("<Code>SlowDown</Code>");
    ErrorReplies.Reply query =
        ErrorReplies.forFault(
            new AwsOperation("ELBv2", "ModifyRule", Protocol.QUERY), FaultKind.INTERNAL_ERROR);
    assertThat(query.status()).isEqualTo(500);
    assertThat(new String(query.body(), StandardCharsets.UTF_8))
        .contains("<Type>Receiver</Type><Code>InternalFailure</Code>");
  }

  @Test
  void rulesFireOnTheKthMatchingCallOnly() {
    FaultRule rule = FaultRule.on("ECS:CreateTaskSet").onCall(2).throttle();
    AwsOperation create = new AwsOperation("ECS", "CreateTaskSet", Protocol.AWS_JSON);
    AwsOperation other = new AwsOperation("ECS", "DescribeServices", Protocol.AWS_JSON);
    Random random = new Random(1);

    assertThat(rule.fires(other, random)).isFalse();
    assertThat(rule.fires(create, random)).isFalse();
    assertThat(rule.fires(create, random)).isTrue();
    assertThat(rule.fires(create, random)).isFalse();
    assertThat(rule.matched()).isEqualTo(3);
    assertThat(rule.injected()).isEqualTo(1);
    assertThat(rule.toString()).contains("THROTTLE on ECS:CreateTaskSet calls [2]");
  }

  @Test
  void aboveRateLetsTheBurstThroughAndThrottlesTheRest() {
    // One token an hour: within the test, only the burst of 2 passes.
    FaultRule rule = FaultRule.on("DescribeServices").aboveRate(1.0 / 3600, 2).throttle();
    AwsOperation describe = new AwsOperation("ECS", "DescribeServices", Protocol.AWS_JSON);
    Random random = new Random(1);

    assertThat(rule.fires(describe, random)).isFalse();
    assertThat(rule.fires(describe, random)).isFalse();
    assertThat(rule.fires(describe, random)).isTrue();
    assertThat(rule.fires(describe, random)).isTrue();
    assertThat(rule.injected()).isEqualTo(2);
    assertThat(rule.toString()).contains("burst 2");
  }

  @Test
  void timesLimitsInjectionsAndMutatingTargetsOnlyMutatingCalls() {
    FaultRule rule = FaultRule.onEveryMutatingOperation().times(1).lostReply(Duration.ofSeconds(1));
    Random random = new Random(1);

    assertThat(rule.fires(new AwsOperation("ECS", "ListClusters", Protocol.AWS_JSON), random))
        .isFalse();
    assertThat(rule.fires(new AwsOperation("SNS", "Publish", Protocol.QUERY), random)).isTrue();
    assertThat(rule.fires(new AwsOperation("SNS", "Publish", Protocol.QUERY), random)).isFalse();
    assertThat(rule.duration()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void firstOfEachFiresOnceForEveryDistinctKey() {
    FaultRule rule =
        FaultRule.onEveryMutatingOperation()
            .firstOfEach((operation, parameters) -> parameters.get("ListenerArn"))
            .lostReply(Duration.ofSeconds(1));
    AwsOperation modify = new AwsOperation("ELBv2", "ModifyListener", Protocol.QUERY);
    Random random = new Random(1);

    assertThat(rule.fires(modify, Map.of("ListenerArn", "a"), random)).isTrue();
    assertThat(rule.fires(modify, Map.of("ListenerArn", "a"), random)).as("a again").isFalse();
    assertThat(rule.fires(modify, Map.of("ListenerArn", "b"), random)).isTrue();
    assertThat(rule.injected()).isEqualTo(2);
    assertThat(rule.toString()).contains("first of each distinct call");
  }

  @Test
  void aParameterConditionCountsAndFiresOnlyTheCallsItMatches() {
    FaultRule rule =
        FaultRule.on("ModifyListener")
            .withParameters(parameters -> "20".equals(parameters.get("Weight")))
            .onCall(1)
            .lostReply(Duration.ofSeconds(1));
    AwsOperation modify = new AwsOperation("ELBv2", "ModifyListener", Protocol.QUERY);
    Random random = new Random(1);

    assertThat(rule.fires(modify, Map.of("Weight", "100"), random)).as("not a match").isFalse();
    assertThat(rule.fires(modify, Map.of("Weight", "20"), random)).as("first match").isTrue();
    assertThat(rule.fires(modify, Map.of("Weight", "20"), random)).as("second match").isFalse();
    assertThat(rule.matched()).isEqualTo(2);
    assertThat(rule.toString()).contains("with matching parameters");
  }

  private static String name(
      String method, String path, String query, Map<String, List<String>> headers) {
    return AwsOperations.recognise(method, path, query, headers, new byte[0]).name();
  }
}
