package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecsdeploy.operator.api.v1alpha1.EcsApplication;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeployment;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentConfig;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroup;
import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.codedeploy.AutoRollbackEvent;
import io.ecsdeploy.operator.codedeploy.DeploymentReadyAction;
import io.ecsdeploy.operator.codedeploy.TerminationAction;
import io.ecsdeploy.operator.codedeploy.TrafficRoutingType;
import io.ecsdeploy.operator.codedeploy.TriggerEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl ecsdeploy import codedeploy}: the AWS CLI's JSON for an application, its
 * configurations, its deployment group and a deployment (src/test/resources/codedeploy/, in the
 * shape {@code aws deploy get-*} prints) mapped field by field, what is reported on standard error,
 * and what is refused. The command never connects to a cluster.
 */
class CodeDeployImportTest {
  static final Path FIXTURES =
      Path.of(System.getProperty("ecsdeploy.repo.dir", "."))
          .resolve("src/test/resources/codedeploy");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String LISTENER =
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/checkout/4f2c1d0e9b8a7c6d/";
  private static final String SHA256 =
      "b09408b64667d15c7a9713522b05b698e12d6b192cc52b57fa2f9d7f5f68f47d";

  private final List<String> connections = new ArrayList<>();

  record Run(int exitCode, String stdout, String stderr) {
    List<String> notes() {
      return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
    }

    List<HasMetadata> resources() {
      return Manifests.read(Serializations.PLAIN, stdout, "stdout");
    }
  }

  private Run withStdin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    KubectlEcsdeploy plugin =
        new KubectlEcsdeploy(
            (kubeconfig, context, namespace) -> {
              connections.add(namespace);
              throw new UserError("not connected in this test");
            },
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            false);
    int exitCode = KubectlEcsdeploy.commandLine(plugin).execute(args);
    assertThat(connections).as("import reads files only").isEmpty();
    return new Run(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run run(String... args) {
    return withStdin("", args);
  }

  static String fixture(String name) {
    return FIXTURES.resolve(name).toString();
  }

  static String read(String name) {
    try {
      return Files.readString(FIXTURES.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T only(List<HasMetadata> resources, Class<T> kind) {
    List<HasMetadata> found = resources.stream().filter(kind::isInstance).toList();
    assertThat(found).hasSize(1);
    return kind.cast(found.get(0));
  }

  /** The worked example of docs/migrating-from-codedeploy.md, from the AWS CLI's output. */
  private Run workedExample(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "import",
                "codedeploy",
                "--application",
                fixture("get-application.json"),
                "--deployment-group",
                fixture("get-deployment-group.json"),
                "--deployment-config",
                fixture("get-deployment-config-canary.json"),
                "--deployment-config",
                fixture("get-deployment-config-linear.json"),
                "--deployment-config",
                fixture("get-deployment-config-builtin.json"),
                "--deployment",
                fixture("get-deployment.json"),
                "--appspec",
                fixture("get-application-revision.json")));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void mapsTheApplicationConfigurationsGroupAndDeploymentFieldByField() {
    Run run = workedExample();

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<HasMetadata> resources = run.resources();
    assertThat(resources)
        .extracting(r -> r.getKind() + "/" + r.getMetadata().getName())
        .containsExactly(
            "EcsApplication/checkout",
            "EcsDeploymentConfig/checkout-canary-25-percent-10-minutes",
            "EcsDeploymentConfig/checkout-linear20percentevery2minutes",
            "EcsDeploymentGroup/checkout-production",
            "EcsDeployment/d-7qw2xk4pb");
    assertThat(resources).allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isNull());

    EcsApplication app = only(resources, EcsApplication.class);
    assertThat(app.getSpec().region).as("from the listener and topic ARNs").isEqualTo("us-east-1");

    List<EcsDeploymentConfig> configs =
        resources.stream()
            .filter(EcsDeploymentConfig.class::isInstance)
            .map(EcsDeploymentConfig.class::cast)
            .toList();
    var canary = configs.get(0).getSpec().trafficRouting;
    assertThat(canary.type).isEqualTo(TrafficRoutingType.TimeBasedCanary);
    assertThat(canary.timeBasedCanary.canaryPercentage).isEqualTo(25);
    assertThat(canary.timeBasedCanary.canaryInterval).isEqualTo("10m");
    var linear = configs.get(1).getSpec().trafficRouting;
    assertThat(linear.type).isEqualTo(TrafficRoutingType.TimeBasedLinear);
    assertThat(linear.timeBasedLinear.linearPercentage).isEqualTo(20);
    assertThat(linear.timeBasedLinear.linearInterval).isEqualTo("2m");

    EcsDeploymentGroupSpec group = only(resources, EcsDeploymentGroup.class).getSpec();
    assertThat(group.applicationName).isEqualTo("checkout");
    assertThat(group.service.clusterName).isEqualTo("production");
    assertThat(group.service.serviceName).isEqualTo("checkout");
    assertThat(group.loadBalancer.productionRoute.listenerArn)
        .isEqualTo(LISTENER + "1a2b3c4d5e6f7a8b");
    assertThat(group.loadBalancer.testRoute.listenerArn).isEqualTo(LISTENER + "8b7a6f5e4d3c2b1a");
    assertThat(group.loadBalancer.targetGroups)
        .extracting(t -> t.arn)
        .containsExactly(
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/checkout-tg-1/0000000000000000",
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/checkout-tg-2/0000000000000000");
    assertThat(group.deploymentConfigName).isEqualTo("checkout-canary-25-percent-10-minutes");
    assertThat(group.blueGreen.deploymentReady.actionOnTimeout)
        .isEqualTo(DeploymentReadyAction.STOP_DEPLOYMENT);
    assertThat(group.blueGreen.deploymentReady.wait).isEqualTo("30m");
    assertThat(group.blueGreen.terminateOriginal.action).isEqualTo(TerminationAction.TERMINATE);
    assertThat(group.blueGreen.terminateOriginal.wait).isEqualTo("60m");
    assertThat(group.alarmConfiguration.enabled).isTrue();
    assertThat(group.alarmConfiguration.ignorePollAlarmFailure).isFalse();
    assertThat(group.alarmConfiguration.alarms)
        .containsExactly("checkout-5xx-rate", "checkout-p99-latency");
    assertThat(group.autoRollback.enabled).isTrue();
    assertThat(group.autoRollback.events)
        .containsExactly(
            AutoRollbackEvent.DEPLOYMENT_FAILURE, AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM);
    assertThat(group.triggers).hasSize(1);
    assertThat(group.triggers.get(0).name).isEqualTo("checkout-deployments");
    assertThat(group.triggers.get(0).targetArn)
        .isEqualTo("arn:aws:sns:us-east-1:111122223333:checkout-deployments");
    assertThat(group.triggers.get(0).events)
        .containsExactly(
            TriggerEvent.DeploymentStart,
            TriggerEvent.DeploymentSuccess,
            TriggerEvent.DeploymentFailure,
            TriggerEvent.DeploymentRollback);
    assertThat(group.roleArn).as("the service role stays behind by default").isNull();
    assertThat(group.region).as("on the application").isNull();

    EcsDeployment deployment = only(resources, EcsDeployment.class);
    assertThat(deployment.getSpec().deploymentGroupName).isEqualTo("checkout-production");
    assertThat(deployment.getSpec().description).isEqualTo("Release 118");
    assertThat(deployment.getSpec().revision.appSpecContent.content)
        .isEqualTo(read("appspec.yaml"));
    assertThat(deployment.getSpec().revision.appSpecContent.sha256).isEqualTo(SHA256);
    assertThat(deployment.getSpec().overrides)
        .as("the same configuration and rollback as its group")
        .isNull();
  }

  @Test
  void saysWhatItDidNotCarryOverWhichNamesChangedAndWhatToReplaceOneLineEach() {
    Run run = workedExample();

    assertThat(run.notes())
        .contains(
            "not carried over: deployment group checkout-production: outdatedInstancesStrategy"
                + " (UPDATE): EC2/on-premises deployments only",
            "not carried over: deployment group checkout-production: trigger checkout-deployments:"
                + " triggerEvents InstanceFailure: instance events do not apply to ECS",
            "not carried over: deployment d-7QW2XK4PB: fileExistsBehavior (DISALLOW):"
                + " EC2/on-premises deployments only",
            "renamed: deployment configuration Checkout_Linear20PercentEvery2Minutes is"
                + " checkout-linear20percentevery2minutes (Kubernetes names are lower-case"
                + " letters, digits, '-' and '.')",
            "renamed: deployment d-7QW2XK4PB is d-7qw2xk4pb (Kubernetes names are lower-case"
                + " letters, digits, '-' and '.')",
            "note: deployment configuration CodeDeployDefault.ECSCanary10Percent5Minutes is built"
                + " in; no EcsDeploymentConfig needed")
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith(
                        "not carried over: deployment group checkout-production: serviceRoleArn"
                            + " (arn:aws:iam::111122223333:role/CodeDeployServiceRoleForECS)"))
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith(
                        "placeholder: deployment group checkout-production: target groups"
                            + " checkout-tg-1, checkout-tg-2 have made-up ARNs")
                    .endsWith(
                        "'aws elbv2 describe-target-groups --names checkout-tg-1 checkout-tg-2'"
                            + " prints"))
        .anySatisfy(
            note ->
                assertThat(note).contains("the service production/checkout must use the EXTERNAL"))
        .noneMatch(note -> note.contains("ec2TagFilters") || note.contains("autoScalingGroups"))
        .noneMatch(note -> note.contains("ignoreApplicationStopFailures"))
        .doesNotHaveDuplicates();
  }

  @Test
  void writesAJsonListTheSameResourcesInTheNamespaceGiven() throws IOException {
    Run yaml = workedExample("-n", "team-a");
    Run json = workedExample("-n", "team-a", "-o", "json");

    assertThat(json.exitCode()).isZero();
    JsonNode list = JSON.readTree(json.stdout());
    assertThat(list.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items")).hasSize(5);
    KubernetesList parsed = Serializations.PLAIN.unmarshal(json.stdout(), KubernetesList.class);
    assertThat(parsed.getItems()).hasSize(5);
    assertThat(json.resources())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(yaml.resources());
    assertThat(yaml.resources())
        .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("team-a"));
    assertThat(yaml.stdout()).startsWith("---\n").contains("\n---\napiVersion:");
  }

  @Test
  void anS3RevisionWithTheDeploymentsOwnConfigurationRollbackAndAlarmsAsOverrides() {
    Run run =
        run(
            "import",
            "codedeploy",
            "--deployment-group",
            fixture("get-deployment-group.json"),
            "--deployment",
            fixture("get-deployment-s3.json"),
            "--target-groups",
            fixture("describe-target-groups.json"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    EcsDeploymentGroup group = only(run.resources(), EcsDeploymentGroup.class);
    assertThat(group.getSpec().loadBalancer.targetGroups)
        .extracting(t -> t.arn)
        .containsExactly(
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/checkout-tg-1/5d1c0b2a3e4f6a7b",
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/checkout-tg-2/7b6a4f3e2a0b1c5d");
    assertThat(group.getSpec().region).as("no application: on the group").isEqualTo("us-east-1");
    EcsDeployment deployment = only(run.resources(), EcsDeployment.class);
    var s3 = deployment.getSpec().revision.s3Location;
    assertThat(s3.bucket).isEqualTo("checkout-appspecs");
    assertThat(s3.key).isEqualTo("releases/119/appspec.yaml");
    assertThat(s3.version).isEqualTo("3HL4kqtJvjVBH40Nrjfkd");
    assertThat(s3.eTag).isEqualTo("\"6805f2cfc46c0f04559748bb039d69ae\"");
    assertThat(deployment.getSpec().revision.appSpecContent).isNull();
    var overrides = deployment.getSpec().overrides;
    assertThat(overrides.deploymentConfigName).isEqualTo("checkout-linear20percentevery2minutes");
    assertThat(overrides.autoRollback.events)
        .containsExactly(
            AutoRollbackEvent.DEPLOYMENT_FAILURE,
            AutoRollbackEvent.DEPLOYMENT_STOP_ON_ALARM,
            AutoRollbackEvent.DEPLOYMENT_STOP_ON_REQUEST);
    assertThat(overrides.alarmConfiguration.alarms).containsExactly("checkout-5xx-rate");
    assertThat(overrides.alarmConfiguration.ignorePollAlarmFailure).isTrue();
    assertThat(run.notes())
        .contains(
            "not carried over: deployment d-4HN8RT2ZC: ignoreApplicationStopFailures:"
                + " EC2/on-premises deployments only")
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith(
                        "note: deployment d-4HN8RT2ZC uses the custom configuration"
                            + " Checkout_Linear20PercentEvery2Minutes: import it too"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith(
                        "note: deployment group checkout-production belongs to EcsApplication"
                            + " checkout"))
        .noneMatch(n -> n.startsWith("placeholder:"));
  }

  @Test
  void takesANewTargetGroupPairAndServiceForTheExternalController() {
    String newPair =
        read("describe-target-groups.json")
            .replace("checkout-tg-1/5d1c0b2a3e4f6a7b", "checkout-ext-1/1111222233334444")
            .replace("checkout-tg-2/7b6a4f3e2a0b1c5d", "checkout-ext-2/5555666677778888")
            .replace("\"checkout-tg-", "\"checkout-ext-");

    Run run =
        withStdin(
            newPair,
            "import",
            "codedeploy",
            "--deployment-group",
            fixture("get-deployment-group.json"),
            "--target-groups",
            "-",
            "--service-name",
            "checkout-external");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    EcsDeploymentGroupSpec group = only(run.resources(), EcsDeploymentGroup.class).getSpec();
    assertThat(group.service.serviceName).isEqualTo("checkout-external");
    assertThat(group.service.clusterName).isEqualTo("production");
    assertThat(group.loadBalancer.targetGroups)
        .extracting(t -> t.arn)
        .containsExactly(
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/checkout-ext-1/1111222233334444",
            "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/checkout-ext-2/5555666677778888");
    assertThat(run.notes())
        .contains(
            "note: deployment group checkout-production: target groups checkout-tg-1,"
                + " checkout-tg-2 replaced by checkout-ext-1, checkout-ext-2 of --target-groups, a"
                + " new pair for the EXTERNAL service",
            "note: deployment group checkout-production: the service is checkout-external"
                + " (--service-name), not CodeDeploy's checkout")
        .noneMatch(n -> n.startsWith("placeholder:"));

    Run invalid =
        run(
            "import",
            "codedeploy",
            "--deployment-group",
            fixture("get-deployment-group.json"),
            "--service-name",
            "checkout external");
    assertThat(invalid.exitCode()).isEqualTo(1);
    assertThat(invalid.stderr()).contains("is not an ECS service name");
  }

  @Test
  void reproducesTheMigrationGuidesWorkedExample() throws IOException {
    String newPair =
        read("describe-target-groups.json")
            .replace("targetgroup/checkout-tg-", "targetgroup/checkout-ext-")
            .replace("\"checkout-tg-", "\"checkout-ext-");
    Run run =
        withStdin(
            newPair,
            "import",
            "codedeploy",
            "--application",
            fixture("get-application.json"),
            "--deployment-group",
            fixture("get-deployment-group.json"),
            "--deployment-config",
            fixture("get-deployment-config-canary.json"),
            "--target-groups",
            "-",
            "--service-name",
            "checkout-external");

    List<HasMetadata> sample =
        Manifests.read(
            Serializations.PLAIN,
            Files.readString(
                FIXTURES.resolve("../../../../operator/samples/09-migrated-deployment-group.yaml")),
            "sample");
    assertThat(run.resources()).usingRecursiveFieldByFieldElementComparator().isEqualTo(sample);
  }

  @Test
  void renamesInvalidNamesKeepsTheServiceRoleWhenAskedAndLeavesDisabledAlarmsOut() {
    Run run =
        run(
            "import",
            "codedeploy",
            "--deployment-group",
            fixture("get-deployment-group-payments.json"),
            "--service-role");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    EcsDeploymentGroup group = only(run.resources(), EcsDeploymentGroup.class);
    assertThat(group.getMetadata().getName()).isEqualTo("payments-api.prod");
    assertThat(group.getSpec().applicationName).isEqualTo("payments");
    assertThat(group.getSpec().roleArn)
        .isEqualTo("arn:aws:iam::444455556666:role/ecsCodeDeployRole");
    assertThat(group.getSpec().region).isEqualTo("eu-west-1");
    assertThat(group.getSpec().loadBalancer.testRoute).isNull();
    assertThat(group.getSpec().alarmConfiguration).isNull();
    assertThat(group.getSpec().triggers).isNull();
    assertThat(group.getSpec().autoRollback.enabled).isFalse();
    assertThat(group.getSpec().blueGreen.terminateOriginal.action)
        .isEqualTo(TerminationAction.KEEP_ALIVE);
    assertThat(group.getSpec().blueGreen.deploymentReady.wait).isEqualTo("0m");
    assertThat(run.notes())
        .contains(
            "renamed: deployment group Payments_API.Prod is payments-api.prod (Kubernetes names"
                + " are lower-case letters, digits, '-' and '.')",
            "renamed: application Payments is payments (Kubernetes names are lower-case letters,"
                + " digits, '-' and '.')");
  }

  @Test
  void makesKubernetesNamesOfCodeDeployNames() {
    assertThat(CodeDeployImporter.kubernetesName("checkout-production"))
        .isEqualTo("checkout-production");
    assertThat(CodeDeployImporter.kubernetesName("Checkout_Production"))
        .isEqualTo("checkout-production");
    assertThat(CodeDeployImporter.kubernetesName("_web+api@prod_")).isEqualTo("web-api-prod");
    assertThat(CodeDeployImporter.kubernetesName("a._b..c-")).isEqualTo("a.b.c");
    assertThat(CodeDeployImporter.kubernetesName("___")).isEmpty();
    assertThat(CodeDeployImporter.kubernetesName("x".repeat(300))).hasSize(253);
    assertThat(CodeDeployImporter.kubernetesName("x".repeat(252) + "_y"))
        .isEqualTo("x".repeat(252));
  }

  @Test
  void refusesAnotherComputePlatformOrDeploymentStyle() throws IOException {
    Run server =
        run(
            "import",
            "codedeploy",
            "--deployment-group",
            fixture("get-deployment-group-server.json"));
    assertThat(server.exitCode()).isEqualTo(1);
    assertThat(server.stdout()).isEmpty();
    assertThat(server.stderr())
        .isEqualTo(
            "error: deployment group WordPress_DG is for the Server compute platform; the operator"
                + " deploys to Amazon ECS only\n");

    Run lambda =
        run(
            "import",
            "codedeploy",
            "--deployment-config",
            fixture("get-deployment-config-lambda.json"));
    assertThat(lambda.exitCode()).isEqualTo(1);
    assertThat(lambda.stderr()).contains("is for the Lambda compute platform");

    ObjectNode inPlace = (ObjectNode) JSON.readTree(read("get-deployment-group.json"));
    ((ObjectNode) inPlace.path("deploymentGroupInfo").path("deploymentStyle"))
        .put("deploymentOption", "WITHOUT_TRAFFIC_CONTROL");
    Run style = withStdin(inPlace.toString(), "import", "codedeploy", "--deployment-group", "-");
    assertThat(style.exitCode()).isEqualTo(1);
    assertThat(style.stderr())
        .contains(
            "deploys BLUE_GREEN/WITHOUT_TRAFFIC_CONTROL; the operator does blue/green deployments"
                + " with traffic control (BLUE_GREEN/WITH_TRAFFIC_CONTROL) only");

    ObjectNode lambdaConfig = (ObjectNode) JSON.readTree(read("get-deployment-group.json"));
    ((ObjectNode) lambdaConfig.path("deploymentGroupInfo"))
        .put("deploymentConfigName", "CodeDeployDefault.LambdaAllAtOnce");
    Run builtIn =
        withStdin(lambdaConfig.toString(), "import", "codedeploy", "--deployment-group", "-");
    assertThat(builtIn.exitCode()).isEqualTo(1);
    assertThat(builtIn.stderr())
        .contains("uses CodeDeployDefault.LambdaAllAtOnce, which is not one of the five");
  }

  @Test
  void needsTheAppSpecThatGetDeploymentDoesNotPrintAndChecksItsSha256() {
    Run without = run("import", "codedeploy", "--deployment", fixture("get-deployment.json"));
    assertThat(without.exitCode()).isEqualTo(1);
    assertThat(without.stderr())
        .contains("give the AppSpec with --appspec FILE")
        .contains("appSpecContent={sha256=" + SHA256 + "}");

    Run file =
        withStdin(
            read("appspec.yaml"),
            "import",
            "codedeploy",
            "--deployment",
            fixture("get-deployment.json"),
            "--appspec",
            "-");
    assertThat(file.exitCode()).as(file.stderr()).isZero();
    assertThat(
            only(file.resources(), EcsDeployment.class).getSpec().revision.appSpecContent.content)
        .isEqualTo(read("appspec.yaml"));

    Run other =
        withStdin(
            read("appspec.yaml").replace("checkout:118", "checkout:119"),
            "import",
            "codedeploy",
            "--deployment",
            fixture("get-deployment.json"),
            "--appspec",
            "-");
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.stderr()).contains("it is another revision");
  }

  @Test
  void refusesTheWrongCommandsOutputAndInputsOfTwoApplications() throws IOException {
    Run swapped = run("import", "codedeploy", "--deployment-group", fixture("get-deployment.json"));
    assertThat(swapped.exitCode()).isEqualTo(1);
    assertThat(swapped.stderr())
        .contains("is not what 'aws deploy get-deployment-group' prints")
        .contains("it is what 'aws deploy get-deployment' prints");

    ObjectNode other = (ObjectNode) JSON.readTree(read("get-application.json"));
    ((ObjectNode) other.path("application")).put("applicationName", "payments");
    Run mixed =
        withStdin(
            other.toString(),
            "import",
            "codedeploy",
            "--application",
            "-",
            "--deployment-group",
            fixture("get-deployment-group.json"));
    assertThat(mixed.exitCode()).isEqualTo(1);
    assertThat(mixed.stderr()).contains("the inputs are of two applications");

    Run notJson = withStdin("{", "import", "codedeploy", "--application", "-");
    assertThat(notJson.exitCode()).isEqualTo(1);
    assertThat(notJson.stderr()).startsWith("error: standard input is not the JSON");

    Run missing = run("import", "codedeploy", "--application", "no-such-file.json");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no-such-file.json not found");
  }

  @Test
  void refusesAnEmptyCommandAndTwoInputsFromStandardInput() {
    assertThat(run("import").exitCode()).isEqualTo(2);
    Run nothing = run("import", "codedeploy");
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.stderr()).contains("give at least one of --application");
    Run twice = run("import", "codedeploy", "--application", "-", "--deployment-group", "-");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.stderr()).contains("only one input can be read from standard input");
    assertThat(run("import", "codedeploy", "--application", "a.json", "-o", "wide").exitCode())
        .isEqualTo(2);
  }

  @Test
  void readsTheAppSpecFromGetApplicationRevisionOrAsItIs() {
    assertThat(CodeDeployImporter.appSpec(read("get-application-revision.json")))
        .isEqualTo(read("appspec.yaml"));
    assertThat(CodeDeployImporter.appSpec(read("appspec.yaml"))).isEqualTo(read("appspec.yaml"));
    assertThatThrownBy(
            () ->
                CodeDeployImporter.appSpec(
                    "{\"revision\": {\"revisionType\": \"S3\", \"s3Location\": {}}}"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("it is S3");
  }
}
