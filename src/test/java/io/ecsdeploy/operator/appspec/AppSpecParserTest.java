package io.ecsdeploy.operator.appspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppSpecParserTest {

  static final String FULL_YAML =
      """
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: "arn:aws:ecs:us-east-1:111222333444:task-definition/my-family:1"
              LoadBalancerInfo:
                ContainerName: "web"
                ContainerPort: 80
              PlatformVersion: "LATEST"
              NetworkConfiguration:
                AwsvpcConfiguration:
                  Subnets: ["subnet-1234abcd"]
                  SecurityGroups: ["sg-1234abcd"]
                  AssignPublicIp: "DISABLED"
              CapacityProviderStrategy:
                - Base: 1
                  CapacityProvider: "FARGATE_SPOT"
                  Weight: 2
      Hooks:
        - BeforeInstall: "LambdaFunctionToValidateBeforeInstall"
        - AfterInstall: "LambdaFunctionToValidateAfterInstall"
        - AfterAllowTestTraffic: "LambdaFunctionToValidateAfterTestTrafficStarts"
        - BeforeAllowTraffic: "LambdaFunctionToValidateBeforeAllowingProductionTraffic"
        - AfterAllowTraffic: "LambdaFunctionToValidateAfterAllowingProductionTraffic"
      """;

  static final String FULL_JSON =
      """
      {
        "version": 0.0,
        "Resources": [
          {"TargetService": {
            "Type": "AWS::ECS::Service",
            "Properties": {
              "TaskDefinition": "arn:aws:ecs:us-east-1:111222333444:task-definition/my-family:1",
              "LoadBalancerInfo": {"ContainerName": "web", "ContainerPort": 80},
              "PlatformVersion": "LATEST",
              "NetworkConfiguration": {"AwsvpcConfiguration": {
                "Subnets": ["subnet-1234abcd"], "SecurityGroups": ["sg-1234abcd"],
                "AssignPublicIp": "DISABLED"}},
              "CapacityProviderStrategy": [
                {"Base": 1, "CapacityProvider": "FARGATE_SPOT", "Weight": 2}]
            }}}
        ],
        "Hooks": [
          {"BeforeInstall": "LambdaFunctionToValidateBeforeInstall"},
          {"AfterInstall": "LambdaFunctionToValidateAfterInstall"},
          {"AfterAllowTestTraffic": "LambdaFunctionToValidateAfterTestTrafficStarts"},
          {"BeforeAllowTraffic": "LambdaFunctionToValidateBeforeAllowingProductionTraffic"},
          {"AfterAllowTraffic": "LambdaFunctionToValidateAfterAllowingProductionTraffic"}
        ]
      }
      """;

  static final String MINIMAL =
      """
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: my-family:3
              LoadBalancerInfo:
                ContainerName: web
                ContainerPort: 8080
      """;

  static final AppSpec EXPECTED_FULL =
      new AppSpec(
          "0.0",
          new EcsTargetService(
              "arn:aws:ecs:us-east-1:111222333444:task-definition/my-family:1",
              "web",
              80,
              "LATEST",
              new AwsVpcConfiguration(
                  List.of("subnet-1234abcd"), List.of("sg-1234abcd"), AssignPublicIp.DISABLED),
              List.of(new CapacityProviderStrategyItem("FARGATE_SPOT", 1, 2))),
          Map.of(
              AppSpecHook.BeforeInstall, "LambdaFunctionToValidateBeforeInstall",
              AppSpecHook.AfterInstall, "LambdaFunctionToValidateAfterInstall",
              AppSpecHook.AfterAllowTestTraffic, "LambdaFunctionToValidateAfterTestTrafficStarts",
              AppSpecHook.BeforeAllowTraffic,
                  "LambdaFunctionToValidateBeforeAllowingProductionTraffic",
              AppSpecHook.AfterAllowTraffic,
                  "LambdaFunctionToValidateAfterAllowingProductionTraffic"));

  @Nested
  class AcceptsValidRevisions {
    @Test
    void readsEveryFieldOfTheDocumentedYamlExample() throws Exception {
      assertThat(AppSpecParser.parse(FULL_YAML)).isEqualTo(EXPECTED_FULL);
    }

    @Test
    void readsTheSameRevisionWrittenAsJson() throws Exception {
      assertThat(AppSpecParser.parse(FULL_JSON)).isEqualTo(EXPECTED_FULL);
    }

    @Test
    void keepsHooksInLifecycleOrderWhateverOrderTheyAreWrittenIn() throws Exception {
      AppSpec appSpec =
          AppSpecParser.parse(
              MINIMAL + "Hooks:\n  - AfterAllowTraffic: Last\n  - BeforeInstall: First\n");
      assertThat(appSpec.hooks().keySet())
          .containsExactly(AppSpecHook.BeforeInstall, AppSpecHook.AfterAllowTraffic);
      assertThat(appSpec.hookFunction(AppSpecHook.BeforeInstall)).contains("First");
      assertThat(appSpec.hookFunction(AppSpecHook.AfterInstall)).isEmpty();
    }

    @Test
    void leavesOptionalSettingsEmptyWhenNotGiven() throws Exception {
      AppSpec appSpec = AppSpecParser.parse(MINIMAL);
      assertThat(appSpec.targetService())
          .isEqualTo(new EcsTargetService("my-family:3", "web", 8080, null, null, List.of()));
      assertThat(appSpec.hooks()).isEmpty();
    }

    @Test
    void treatsAnEmptyHooksSectionAsNoHooks() throws Exception {
      assertThat(AppSpecParser.parse(MINIMAL + "Hooks:\n").hooks()).isEmpty();
    }

    @Test
    void acceptsVersionAndPortWrittenAsStrings() throws Exception {
      AppSpec appSpec =
          AppSpecParser.parse(
              MINIMAL.replace("version: 0.0", "version: '0.0'").replace("8080", "'8080'"));
      assertThat(appSpec.version()).isEqualTo("0.0");
      assertThat(appSpec.targetService().containerPort()).isEqualTo(8080);
    }

    @Test
    void acceptsCoreYamlTags() throws Exception {
      assertThat(
              AppSpecParser.parse(MINIMAL.replace("version: 0.0", "version: !!str 0.0")).version())
          .isEqualTo("0.0");
    }

    @Test
    void ignoresAByteOrderMark() throws Exception {
      assertThat(AppSpecParser.parse("\uFEFF" + MINIMAL).targetService().containerName())
          .isEqualTo("web");
    }

    @Test
    void defaultsCapacityProviderBaseAndWeightToZero() throws Exception {
      AppSpec appSpec =
          AppSpecParser.parse(
              MINIMAL
                  + "        CapacityProviderStrategy:\n          - CapacityProvider: FARGATE\n");
      assertThat(appSpec.targetService().capacityProviderStrategy())
          .containsExactly(new CapacityProviderStrategyItem("FARGATE", 0, 0));
    }

    @Test
    void acceptsPublicIpAssignment() throws Exception {
      AppSpec appSpec =
          AppSpecParser.parse(
              MINIMAL
                  + "        NetworkConfiguration:\n"
                  + "          AwsvpcConfiguration:\n"
                  + "            Subnets: [subnet-a]\n"
                  + "            AssignPublicIp: ENABLED\n");
      assertThat(appSpec.targetService().networkConfiguration().assignPublicIp())
          .isEqualTo(AssignPublicIp.ENABLED);
    }

    @Test
    void acceptsNetworkConfigurationWithSubnetsOnly() throws Exception {
      AppSpec appSpec =
          AppSpecParser.parse(
              MINIMAL
                  + "        NetworkConfiguration:\n"
                  + "          AwsvpcConfiguration:\n"
                  + "            Subnets: [subnet-a, subnet-b]\n");
      assertThat(appSpec.targetService().networkConfiguration())
          .isEqualTo(new AwsVpcConfiguration(List.of("subnet-a", "subnet-b"), List.of(), null));
    }

    @Test
    void acceptsContentWhoseSha256MatchesInEitherCase() throws Exception {
      byte[] bytes = MINIMAL.getBytes(StandardCharsets.UTF_8);
      String digest = AppSpecParser.sha256Hex(bytes);
      assertThat(digest).hasSize(64).isLowerCase();
      assertThat(AppSpecParser.parse(bytes, digest).version()).isEqualTo("0.0");
      assertThat(AppSpecParser.parse(bytes, digest.toUpperCase()).version()).isEqualTo("0.0");
    }

    @Test
    void acceptsLambdaArnsAsHookFunctions() throws Exception {
      String arn = "arn:aws:lambda:us-east-1:111222333444:function:validate:$LATEST";
      assertThat(
              AppSpecParser.parse(MINIMAL + "Hooks:\n  - BeforeAllowTraffic: \"" + arn + "\"\n")
                  .hookFunction(AppSpecHook.BeforeAllowTraffic))
          .contains(arn);
    }
  }

  static Stream<Arguments> malformedRevisions() {
    String props = "Resources[0].TargetService.Properties";
    String awsvpc = props + ".NetworkConfiguration.AwsvpcConfiguration";
    String cps = props + ".CapacityProviderStrategy";
    return Stream.of(
        row(
            "missing TaskDefinition",
            drop(MINIMAL, "TaskDefinition"),
            props + ".TaskDefinition",
            "is required"),
        row(
            "TaskDefinition not a string",
            MINIMAL.replace("my-family:3", "[a]"),
            props + ".TaskDefinition",
            "must be a string, found a list"),
        row(
            "blank TaskDefinition",
            MINIMAL.replace("my-family:3", "'  '"),
            props + ".TaskDefinition",
            "must not be empty"),
        row(
            "wrong version",
            MINIMAL.replace("version: 0.0", "version: 1.0"),
            "version",
            "must be 0.0, found 1.0"),
        row(
            "version as a mapping",
            MINIMAL.replace("version: 0.0", "version: {a: 1}"),
            "version",
            "must be 0.0, found a mapping"),
        row(
            "missing version",
            MINIMAL.replace("version: 0.0\n", ""),
            "version",
            "is required and must be 0.0"),
        row(
            "unknown top-level key",
            MINIMAL + "Extra: 1\n",
            "Extra",
            "is not a known key here; expected one of Hooks, Resources, version"),
        row("missing Resources", "version: 0.0\n", "Resources", "is required"),
        row(
            "Resources not a list",
            "version: 0.0\nResources: x\n",
            "Resources",
            "must be a list with one TargetService, found 'x'"),
        row("no TargetService", "version: 0.0\nResources: []\n", "Resources", "found none"),
        row(
            "two TargetService entries",
            MINIMAL + MINIMAL.substring(MINIMAL.indexOf("  - TargetService")),
            "Resources",
            "found 2 (Resources[0], Resources[1])"),
        row(
            "resource with two keys",
            "version: 0.0\nResources:\n  - {TargetService: {}, Other: {}}\n",
            "Resources[0]",
            "single key TargetService"),
        row(
            "resource that is a string",
            "version: 0.0\nResources:\n  - TargetService\n",
            "Resources[0]",
            "single key TargetService, found 'TargetService'"),
        row(
            "resource of another kind",
            "version: 0.0\nResources:\n  - Database: {}\n",
            "Resources[0].Database",
            "use TargetService"),
        row(
            "TargetService not a mapping",
            "version: 0.0\nResources:\n  - TargetService: x\n",
            "Resources[0].TargetService",
            "must be a mapping, found 'x'"),
        row(
            "wrong resource type",
            MINIMAL.replace("AWS::ECS::Service", "AWS::Lambda::Function"),
            "Resources[0].TargetService.Type",
            "must be AWS::ECS::Service, found 'AWS::Lambda::Function'"),
        row(
            "missing resource type",
            drop(MINIMAL, "Type"),
            "Resources[0].TargetService.Type",
            "is required"),
        row(
            "missing Properties",
            "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n",
            props,
            "is required"),
        row(
            "Properties not a mapping",
            "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties: [1]\n",
            props,
            "must be a mapping"),
        row(
            "unknown property",
            MINIMAL + "        TaskRole: x\n",
            props + ".TaskRole",
            "is not a known key here"),
        row(
            "missing LoadBalancerInfo",
            dropBlock(MINIMAL, "LoadBalancerInfo"),
            props + ".LoadBalancerInfo",
            "is required: ContainerName and ContainerPort"),
        row(
            "LoadBalancerInfo not a mapping",
            dropBlock(MINIMAL, "LoadBalancerInfo") + "        LoadBalancerInfo: web:80\n",
            props + ".LoadBalancerInfo",
            "must be a mapping"),
        row(
            "missing ContainerName",
            drop(MINIMAL, "ContainerName"),
            props + ".LoadBalancerInfo.ContainerName",
            "is required"),
        row(
            "missing ContainerPort",
            drop(MINIMAL, "ContainerPort"),
            props + ".LoadBalancerInfo.ContainerPort",
            "is required"),
        row(
            "port zero",
            MINIMAL.replace("8080", "0"),
            props + ".LoadBalancerInfo.ContainerPort",
            "must be in 1..65535, found 0"),
        row(
            "port above 65535",
            MINIMAL.replace("8080", "70000"),
            props + ".LoadBalancerInfo.ContainerPort",
            "must be in 1..65535, found 70000"),
        row(
            "port beyond long",
            MINIMAL.replace("8080", "99999999999999999999"),
            props + ".LoadBalancerInfo.ContainerPort",
            "found 99999999999999999999"),
        row(
            "port as words",
            MINIMAL.replace("8080", "eighty"),
            props + ".LoadBalancerInfo.ContainerPort",
            "must be a whole number in 1..65535, found 'eighty'"),
        row(
            "port as a fraction",
            MINIMAL.replace("8080", "80.5"),
            props + ".LoadBalancerInfo.ContainerPort",
            "must be a whole number"),
        row(
            "PlatformVersion not a string",
            MINIMAL + "        PlatformVersion: 1.4\n",
            props + ".PlatformVersion",
            "must be a string, found 1.4"),
        row(
            "NetworkConfiguration not a mapping",
            MINIMAL + "        NetworkConfiguration: x\n",
            props + ".NetworkConfiguration",
            "must be a mapping"),
        row(
            "missing AwsvpcConfiguration",
            MINIMAL + "        NetworkConfiguration: {}\n",
            awsvpc,
            "is required inside NetworkConfiguration"),
        row(
            "AwsvpcConfiguration not a mapping",
            MINIMAL + "        NetworkConfiguration: {AwsvpcConfiguration: 1}\n",
            awsvpc,
            "must be a mapping"),
        row(
            "bad AssignPublicIp",
            network("Subnets: [s-1]\n            AssignPublicIp: PUBLIC"),
            awsvpc + ".AssignPublicIp",
            "must be ENABLED or DISABLED, found 'PUBLIC'"),
        row(
            "AssignPublicIp not a string",
            network("Subnets: [s-1]\n            AssignPublicIp: [ENABLED]"),
            awsvpc + ".AssignPublicIp",
            "must be ENABLED or DISABLED, found a list"),
        row(
            "missing Subnets",
            network("SecurityGroups: [sg-1]"),
            awsvpc + ".Subnets",
            "is required"),
        row(
            "empty Subnets",
            network("Subnets: []"),
            awsvpc + ".Subnets",
            "must have at least one entry"),
        row(
            "Subnets not a list",
            network("Subnets: subnet-1"),
            awsvpc + ".Subnets",
            "must be a list of strings"),
        row(
            "subnet not a string",
            network("Subnets: [{a: b}]"),
            awsvpc + ".Subnets[0]",
            "must be a string"),
        row(
            "too many subnets",
            network("Subnets: [" + "s,".repeat(16) + "s]"),
            awsvpc + ".Subnets",
            "at most 16 entries, found 17"),
        row(
            "too many security groups",
            network("Subnets: [s]\n            SecurityGroups: [a, b, c, d, e, f]"),
            awsvpc + ".SecurityGroups",
            "at most 5 entries, found 6"),
        row(
            "CapacityProviderStrategy not a list",
            MINIMAL + "        CapacityProviderStrategy: FARGATE\n",
            cps,
            "must be a list"),
        row(
            "capacity provider entry not a mapping",
            MINIMAL + "        CapacityProviderStrategy: [FARGATE]\n",
            cps + "[0]",
            "must be a mapping"),
        row(
            "capacity provider without a name",
            MINIMAL + "        CapacityProviderStrategy: [{Weight: 1}]\n",
            cps + "[0].CapacityProvider",
            "is required"),
        row(
            "capacity provider weight too high",
            MINIMAL + "        CapacityProviderStrategy: [{CapacityProvider: F, Weight: 1001}]\n",
            cps + "[0].Weight",
            "must be in 0..1000"),
        row(
            "capacity provider negative base",
            MINIMAL + "        CapacityProviderStrategy: [{CapacityProvider: F, Base: -1}]\n",
            cps + "[0].Base",
            "must be in 0..100000, found -1"),
        row(
            "two capacity providers with a base",
            MINIMAL
                + "        CapacityProviderStrategy: [{CapacityProvider: A, Base: 1}, {CapacityProvider: B, Base: 2}]\n",
            cps,
            "only one capacity provider may have a Base"),
        row(
            "unknown hook name",
            MINIMAL + "Hooks:\n  - BeforeDeploy: Fn\n",
            "Hooks[0].BeforeDeploy",
            "is not an ECS hook"),
        row(
            "hook name in the wrong case",
            MINIMAL + "Hooks:\n  - beforeInstall: Fn\n",
            "Hooks[0].beforeInstall",
            "is not an ECS hook"),
        row(
            "Hooks not a list",
            MINIMAL + "Hooks:\n  BeforeInstall: Fn\n",
            "Hooks",
            "must be a list of single-key mappings"),
        row(
            "hook entry with two names",
            MINIMAL + "Hooks:\n  - {BeforeInstall: A, AfterInstall: B}\n",
            "Hooks[0]",
            "exactly one hook name, found a mapping"),
        row(
            "hook entry that is a string",
            MINIMAL + "Hooks:\n  - BeforeInstall\n",
            "Hooks[0]",
            "exactly one hook name, found 'BeforeInstall'"),
        row(
            "hook without a function",
            MINIMAL + "Hooks:\n  - BeforeInstall:\n",
            "Hooks[0].BeforeInstall",
            "is required"),
        row(
            "hook function with spaces",
            MINIMAL + "Hooks:\n  - BeforeInstall: my function\n",
            "Hooks[0].BeforeInstall",
            "must be a Lambda function name or ARN"),
        row(
            "same hook twice",
            MINIMAL + "Hooks:\n  - BeforeInstall: A\n  - BeforeInstall: B\n",
            "Hooks[1].BeforeInstall",
            "is given more than once (first at Hooks[0])"),
        row(
            "document that is a list",
            "- a\n- b\n",
            "(document)",
            "must be a mapping with version, Resources and Hooks, found a list"),
        row("document that is a scalar", "hello\n", "(document)", "found 'hello'"),
        row("empty document", "", "(document)", "is empty"),
        row("whitespace only", "  \n\t\n", "(document)", "is empty"),
        row("comments only", "# nothing here\n", "(document)", "is empty"),
        row(
            "YAML alias",
            MINIMAL.replace("ContainerName: web", "ContainerName: &n web")
                + "Hooks:\n  - BeforeInstall: *n\n",
            "line 11, column 20",
            "YAML anchors and aliases are not supported"),
        row(
            "YAML alias bomb",
            billionLaughs(),
            "line 1, column 4",
            "YAML anchors and aliases are not supported"),
        row(
            "custom YAML tag",
            MINIMAL.replace("my-family:3", "!include other.yaml"),
            "line 6, column 25",
            "YAML tag 'include' is not supported"),
        row(
            "binary YAML tag",
            MINIMAL.replace("my-family:3", "!!binary aGVsbG8="),
            "line 6, column 25",
            "YAML tag 'tag:yaml.org,2002:binary' is not supported"),
        row(
            "duplicate YAML key",
            MINIMAL + "version: 0.0\n",
            "line 10, column 8",
            "is not valid YAML: Duplicate field 'version'"),
        row(
            "duplicate JSON key",
            "{\"version\": 0.0, \"version\": 0.0}",
            "line 1, column 27",
            "is not valid JSON: Duplicate field 'version'"),
        row(
            "deeply nested YAML",
            "a: " + "[".repeat(200) + "]".repeat(200) + "\n",
            "(document)",
            "is not valid YAML"),
        row(
            "deeply nested JSON",
            "{\"a\": " + "[".repeat(200) + "]".repeat(200) + "}",
            "(document)",
            "is not valid JSON: Document nesting depth (33) exceeds the maximum allowed (32)"),
        row(
            "two YAML documents",
            MINIMAL + "---\nversion: 0.0\n",
            "line 11, column 1",
            "a second YAML document"),
        row(
            "content after the JSON object",
            "{\"version\": 0.0} {}",
            "line 1, column 18",
            "unexpected content after the JSON object"),
        row(
            "broken YAML",
            "version: [0.0\n",
            "line 1, column 14",
            "is not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>"),
        row(
            "broken JSON",
            "{\"version\": }",
            "line 1, column 13",
            "is not valid JSON: Unexpected character ('}'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRevisions")
  void rejectsMalformedRevisionsNamingWhatAndWhere(
      String description, String content, String location, String message) {
    AppSpecException error =
        catchThrowableOfType(AppSpecException.class, () -> AppSpecParser.parse(content));
    assertThat(error).as(description).isNotNull();
    assertThat(error.problems())
        .as(description)
        .anySatisfy(
            problem -> {
              assertThat(problem.location()).isEqualTo(location);
              assertThat(problem.message()).contains(message);
            });
    assertThat(error.getMessage()).contains(location + ": ");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String content =
        MINIMAL
            .replace("version: 0.0", "version: 2")
            .replace("8080", "0")
            .replace("my-family:3", "''");
    AppSpecException error =
        catchThrowableOfType(AppSpecException.class, () -> AppSpecParser.parse(content));
    assertThat(error.problems()).extracting(AppSpecProblem::location).hasSize(3);
    assertThat(error.getMessage()).startsWith("Invalid AppSpec (3 problems): version: must be 0.0");
  }

  @Test
  void listsTheFirstTenProblemsAndCountsTheRest() {
    StringBuilder unknownKeys = new StringBuilder(MINIMAL);
    for (int i = 0; i < 3_000; i++) {
      unknownKeys.append("k").append(i).append(": 1\n");
    }
    AppSpecException error =
        catchThrowableOfType(
            AppSpecException.class, () -> AppSpecParser.parse(unknownKeys.toString()));
    assertThat(error.problems()).hasSize(3_000);
    assertThat(error.getMessage())
        .startsWith("Invalid AppSpec (3000 problems): k0: is not a known key here")
        .contains("; k9: is not a known key here")
        .doesNotContain("k10:")
        .endsWith("; and 2990 more")
        .hasSizeLessThan(1_000);
  }

  @Test
  void shortensALongUnknownKeyInItsLocation() {
    AppSpecException error =
        catchThrowableOfType(
            AppSpecException.class,
            () -> AppSpecParser.parse(MINIMAL + "K" + "x".repeat(999) + ": 1\n"));
    assertThat(error.problems().get(0).location()).isEqualTo("K" + "x".repeat(59) + "...");
  }

  @Test
  void describesASingleProblemInTheSingular() {
    assertThatThrownBy(() -> AppSpecParser.parse("version: 0.0\nResources: []\n"))
        .hasMessage(
            "Invalid AppSpec (1 problem): Resources: must contain exactly one TargetService, found none");
  }

  @Test
  void shortensLongValuesInMessages() {
    AppSpecException error =
        catchThrowableOfType(
            AppSpecException.class,
            () ->
                AppSpecParser.parse(MINIMAL.replace("version: 0.0", "version: " + "9".repeat(99))));
    assertThat(error.problems().get(0).message()).endsWith("...").hasSizeLessThan(100);
  }

  @Test
  void rejectsContentLargerThan64KiBBeforeParsingIt() {
    byte[] huge = ("# " + "x".repeat(AppSpecParser.MAX_DOCUMENT_BYTES) + "\n").getBytes();
    assertThatThrownBy(() -> AppSpecParser.parse(huge, null))
        .isInstanceOf(AppSpecException.class)
        .hasMessageContaining("(document): is 65539 bytes; the limit is 65536 bytes");
  }

  @Test
  void rejectsContentWhoseSha256DiffersFromTheExpectedDigest() {
    byte[] bytes = MINIMAL.getBytes(StandardCharsets.UTF_8);
    String other = AppSpecParser.sha256Hex("other".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> AppSpecParser.parse(bytes, other))
        .isInstanceOf(AppSpecException.class)
        .hasMessageContaining("(document): SHA-256 mismatch: content has ")
        .hasMessageContaining("but the revision expects " + other);
  }

  @Test
  void rejectsAnExpectedDigestThatIsNotHex() {
    assertThatThrownBy(() -> AppSpecParser.parse(MINIMAL.getBytes(), "abc"))
        .isInstanceOf(AppSpecException.class)
        .hasMessageContaining("sha256: must be 64 hexadecimal characters, found 'abc'");
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] bytes = {'v', ':', ' ', (byte) 0xC3, (byte) 0x28};
    assertThatThrownBy(() -> AppSpecParser.parse(bytes, null))
        .isInstanceOf(AppSpecException.class)
        .hasMessageContaining("(document): is not valid UTF-8 text");
  }

  @Nested
  class StructuredRevisions {
    static final StructuredAppSpec FULL =
        new StructuredAppSpec(
            "arn:aws:ecs:us-east-1:111222333444:task-definition/my-family:1",
            "web",
            80,
            "LATEST",
            List.of("subnet-1234abcd"),
            List.of("sg-1234abcd"),
            "DISABLED",
            List.of(new StructuredAppSpec.CapacityProvider("FARGATE_SPOT", 1, 2)),
            Map.of(
                "BeforeInstall", "LambdaFunctionToValidateBeforeInstall",
                "AfterInstall", "LambdaFunctionToValidateAfterInstall",
                "AfterAllowTestTraffic", "LambdaFunctionToValidateAfterTestTrafficStarts",
                "BeforeAllowTraffic", "LambdaFunctionToValidateBeforeAllowingProductionTraffic",
                "AfterAllowTraffic", "LambdaFunctionToValidateAfterAllowingProductionTraffic"));

    @Test
    void yieldsTheSameRevisionAsTheEquivalentText() throws Exception {
      assertThat(AppSpecParser.parseStructured(FULL)).isEqualTo(EXPECTED_FULL);
    }

    @Test
    void acceptsTheMinimalFields() throws Exception {
      StructuredAppSpec minimal =
          new StructuredAppSpec("my-family:3", "web", 8080, null, null, null, null, null, null);
      assertThat(AppSpecParser.parseStructured(minimal)).isEqualTo(AppSpecParser.parse(MINIMAL));
    }

    @Test
    void defaultsMissingCapacityProviderNumbers() throws Exception {
      StructuredAppSpec fields =
          new StructuredAppSpec(
              "td",
              "web",
              80,
              null,
              null,
              null,
              null,
              List.of(new StructuredAppSpec.CapacityProvider("FARGATE", null, null)),
              Map.of());
      assertThat(AppSpecParser.parseStructured(fields).targetService().capacityProviderStrategy())
          .containsExactly(new CapacityProviderStrategyItem("FARGATE", 0, 0));
    }

    static Stream<Arguments> malformedFields() {
      String props = "Resources[0].TargetService.Properties";
      String awsvpc = props + ".NetworkConfiguration.AwsvpcConfiguration";
      return Stream.of(
          Arguments.of(
              new StructuredAppSpec(null, "web", 80, null, null, null, null, null, null),
              props + ".TaskDefinition",
              "is required"),
          Arguments.of(
              new StructuredAppSpec("td", null, null, null, null, null, null, null, null),
              props + ".LoadBalancerInfo",
              "is required"),
          Arguments.of(
              new StructuredAppSpec("td", null, 80, null, null, null, null, null, null),
              props + ".LoadBalancerInfo.ContainerName",
              "is required"),
          Arguments.of(
              new StructuredAppSpec("td", "web", null, null, null, null, null, null, null),
              props + ".LoadBalancerInfo.ContainerPort",
              "is required"),
          Arguments.of(
              new StructuredAppSpec("td", "web", 65536, null, null, null, null, null, null),
              props + ".LoadBalancerInfo.ContainerPort",
              "must be in 1..65535, found 65536"),
          Arguments.of(
              new StructuredAppSpec("td", "web", 80, null, null, null, "yes", null, null),
              awsvpc + ".AssignPublicIp",
              "must be ENABLED or DISABLED"),
          Arguments.of(
              new StructuredAppSpec("td", "web", 80, null, null, List.of("sg"), null, null, null),
              awsvpc + ".Subnets",
              "is required"),
          Arguments.of(
              new StructuredAppSpec(
                  "td",
                  "web",
                  80,
                  null,
                  null,
                  null,
                  null,
                  List.of(new StructuredAppSpec.CapacityProvider(null, 1, 1)),
                  null),
              props + ".CapacityProviderStrategy[0].CapacityProvider",
              "is required"),
          Arguments.of(
              new StructuredAppSpec(
                  "td", "web", 80, null, null, null, null, null, Map.of("Validate", "fn")),
              "Hooks[0].Validate",
              "is not an ECS hook"));
    }

    @ParameterizedTest
    @MethodSource("malformedFields")
    void holdsStructuredFieldsToTheSameRules(
        StructuredAppSpec fields, String location, String message) {
      AppSpecException error =
          catchThrowableOfType(AppSpecException.class, () -> AppSpecParser.parseStructured(fields));
      assertThat(error.problems())
          .anySatisfy(
              problem -> {
                assertThat(problem.location()).isEqualTo(location);
                assertThat(problem.message()).contains(message);
              });
    }
  }

  @Test
  void findsHooksByTheirExactName() {
    assertThat(AppSpecHook.fromName("AfterAllowTestTraffic"))
        .contains(AppSpecHook.AfterAllowTestTraffic);
    assertThat(AppSpecHook.fromName("afterallowtesttraffic")).isEmpty();
  }

  private static Arguments row(
      String description, String content, String location, String message) {
    return Arguments.of(description, content, location, message);
  }

  private static String drop(String yaml, String key) {
    return yaml.lines()
        .filter(line -> !line.strip().startsWith(key + ":"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private static String dropBlock(String yaml, String key) {
    return drop(drop(drop(yaml, key), "ContainerName"), "ContainerPort");
  }

  private static String network(String awsvpcBody) {
    return MINIMAL
        + "        NetworkConfiguration:\n"
        + "          AwsvpcConfiguration:\n"
        + "            "
        + awsvpcBody
        + "\n";
  }

  private static String billionLaughs() {
    StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      yaml.append(c).append(": &").append(c).append(" [");
      yaml.append(String.join(",", java.util.Collections.nCopies(9, "*" + p)));
      yaml.append("]\n");
    }
    return yaml.toString();
  }
}
