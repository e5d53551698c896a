package io.ecsdeploy.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecsdeploy.operator.testsupport.Commands;
import io.ecsdeploy.operator.testsupport.Helm;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Helm chart, with the real helm client: lint, what it renders for each group of values, and
 * what the real API server makes of it once installed (RBAC decisions for its ServiceAccount, Pod
 * Security admission of its pod). {@code HelmInstallE2E} runs the operator as the installed
 * ServiceAccount.
 */
@ExtendWith(KubeApiServerExtension.class)
class HelmChartIT {
  private static final Path MANIFESTS =
      Helm.chart().resolveSibling("operator/manifests/ecs-deploy-operator.yaml");

  @Test
  void lintsCleanWithDefaultsAndWithEveryOptionSet() {
    Helm.run("lint", "--strict", Helm.chart().toString()).orFail();
    Helm.run(
            "lint",
            "--strict",
            Helm.chart().toString(),
            "--set",
            "watchNamespaces={team-a,team-b}",
            "--set",
            "serviceMonitor.enabled=true",
            "--set",
            "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/x",
            "--set",
            "aws.endpoint=http://aws.internal:4566",
            "--set",
            "aws.endpoints.cloudwatch=http://cloudwatch.internal:4567",
            "--set",
            "logFormat=json",
            "--set",
            "leaderElection.enabled=false")
        .orFail();
  }

  @Test
  void refusesValuesOutsideTheSchemaWithTheFieldNamed() {
    Commands.Result badFormat =
        Helm.run("template", "x", Helm.chart().toString(), "--set", "logFormat=xml");
    assertThat(badFormat.exitCode()).isNotZero();
    assertThat(badFormat.stderr()).contains("logFormat").contains("text").contains("json");

    Commands.Result badRegion =
        Helm.run("template", "x", Helm.chart().toString(), "--set", "aws.region=Frankfurt");
    assertThat(badRegion.exitCode()).isNotZero();
    assertThat(badRegion.stderr()).contains("region");
  }

  @Test
  void runsThePodUnderPodSecurityRestrictedWithLimitsAndProbes() {
    Deployment deployment = only(Helm.template("ops", "ops"), Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getServiceAccountName()).isEqualTo("ops-ecs-deploy-operator");

    Container operator = pod.getContainers().get(0);
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getVolumeMounts())
        .as("a writable /tmp beside the read-only root")
        .anyMatch(m -> m.getMountPath().equals("/tmp"));
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getImage()).isEqualTo("ecs-deploy-operator:0.1.0");
  }

  @Test
  void passesValuesToTheOperatorAsItsEnvironment() {
    Deployment deployment =
        only(
            Helm.template(
                "ops",
                "ops",
                "aws.region=eu-west-1",
                "aws.endpoint=http://aws.internal:4566",
                "aws.endpoints.cloudwatch=http://cloudwatch.internal:4567",
                "watchNamespaces={team-a,team-b}",
                "pollInterval=9",
                "logLevel=DEBUG",
                "logFormat=json"),
            Deployment.class);
    Map<String, String> env =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env)
        .containsEntry("AWS_REGION", "eu-west-1")
        .containsEntry("ECSDEPLOY_AWS_ENDPOINT", "http://aws.internal:4566")
        .containsEntry("ECSDEPLOY_CLOUDWATCH_ENDPOINT", "http://cloudwatch.internal:4567")
        .containsEntry("ECSDEPLOY_WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("ECSDEPLOY_POLL_INTERVAL", "9")
        .containsEntry("ECSDEPLOY_LOG_LEVEL", "DEBUG")
        .containsEntry("ECSDEPLOY_LOG_FORMAT", "json")
        .containsEntry("ECSDEPLOY_LEADER_ELECTION", "true")
        .containsEntry("ECSDEPLOY_LEASE_NAME", "ops-ecs-deploy-operator");
  }

  @Test
  void takesAnIrsaRoleOnTheServiceAccount() {
    ServiceAccount account =
        only(
            Helm.template(
                "ops",
                "ops",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn="
                    + "arn:aws:iam::111122223333:role/ecs-deploy-operator"),
            ServiceAccount.class);
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry(
            "eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/ecs-deploy-operator");
  }

  @Test
  void grantsNoSecretsAndNoWildcardsInEitherMode() {
    List<PolicyRule> rules =
        Stream.concat(
                Helm.template("ops", "ops").stream(),
                Helm.template("ops", "ops", "watchNamespaces={team-a}").stream())
            .flatMap(HelmChartIT::rules)
            .toList();
    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getResources()).doesNotContain("secrets", "*");
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getApiGroups()).doesNotContain("*", "");
            });
  }

  @Test
  void watchingListedNamespacesRendersRolesThereAndNothingClusterWide() {
    List<HasMetadata> resources = Helm.template("ops", "ops", "watchNamespaces={team-a,team-b}");
    assertThat(resources).noneMatch(r -> r instanceof ClusterRole);
    assertThat(
            resources.stream()
                .filter(r -> r instanceof Role)
                .map(r -> r.getMetadata().getNamespace()))
        .containsExactlyInAnyOrder("team-a", "team-b", "ops");
  }

  @Test
  void addsAServiceMonitorOnlyWhenAsked() {
    assertThat(Helm.template("ops", "ops")).noneMatch(r -> r.getKind().equals("ServiceMonitor"));
    assertThat(Helm.template("ops", "ops", "serviceMonitor.enabled=true"))
        .filteredOn(r -> r.getKind().equals("ServiceMonitor"))
        .hasSize(1);
  }

  @Test
  void installedNamespacedChartLetsItsServiceAccountActOnlyInTheWatchedNamespace(
      KubernetesClient admin) {
    createNamespace(admin, "chart-ops", Map.of());
    createNamespace(admin, "chart-team-a", Map.of());
    createNamespace(admin, "chart-team-b", Map.of());
    Helm.run(
            "install",
            "scoped",
            Helm.chart().toString(),
            "-n",
            "chart-ops",
            "--skip-crds",
            "--set",
            "watchNamespaces={chart-team-a}")
        .orFail();
    String account = "system:serviceaccount:chart-ops:scoped-ecs-deploy-operator";

    assertThat(allowed(admin, account, "chart-team-a", "ecsdeploy.io", "ecsdeployments", "watch"))
        .isTrue();
    assertThat(allowed(admin, account, "chart-team-a", "ecsdeploy.io", "ecsdeployments", "create"))
        .isTrue();
    assertThat(
            allowed(
                admin,
                account,
                "chart-team-a",
                "ecsdeploy.io",
                "ecsdeploymentgroups/status",
                "patch"))
        .isTrue();
    assertThat(allowed(admin, account, "chart-team-a", "events.k8s.io", "events", "create"))
        .isTrue();
    assertThat(allowed(admin, account, "chart-team-b", "ecsdeploy.io", "ecsdeployments", "list"))
        .as("a namespace it does not watch")
        .isFalse();
    assertThat(allowed(admin, account, null, "ecsdeploy.io", "ecsdeployments", "list"))
        .as("cluster-wide")
        .isFalse();
    assertThat(allowed(admin, account, "chart-team-a", "", "secrets", "get")).isFalse();
    assertThat(
            allowed(
                admin, account, "chart-team-a", "ecsdeploy.io", "ecsdeploymentgroups", "delete"))
        .as("groups are the user's")
        .isFalse();
    assertThat(allowed(admin, account, "chart-ops", "coordination.k8s.io", "leases", "create"))
        .isTrue();
    assertThat(allowed(admin, account, "chart-team-a", "coordination.k8s.io", "leases", "create"))
        .isFalse();
  }

  @Test
  void installedPodTemplateIsAdmittedByPodSecurityRestricted(KubernetesClient admin) {
    createNamespace(
        admin,
        "chart-restricted",
        Map.of(
            "pod-security.kubernetes.io/enforce", "restricted",
            "pod-security.kubernetes.io/enforce-version", "latest"));
    Helm.run("install", "psa", Helm.chart().toString(), "-n", "chart-restricted", "--skip-crds")
        .orFail();
    Deployment installed =
        admin
            .apps()
            .deployments()
            .inNamespace("chart-restricted")
            .withName("psa-ecs-deploy-operator")
            .get();
    assertThat(installed).as("the chart's Deployment in the API server").isNotNull();

    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("operator-pod")
            .withLabels(installed.getSpec().getTemplate().getMetadata().getLabels())
            .endMetadata()
            .withSpec(installed.getSpec().getTemplate().getSpec())
            .build();
    Pod admitted = admin.pods().inNamespace("chart-restricted").resource(pod).dryRun().create();
    assertThat(admitted.getSpec().getServiceAccountName()).isEqualTo("psa-ecs-deploy-operator");

    // The same pod without its container hardening is refused: the namespace really enforces.
    Pod loosened =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withAllowPrivilegeEscalation(true)
            .withNewCapabilities()
            .withAdd("NET_ADMIN")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(
            () -> admin.pods().inNamespace("chart-restricted").resource(loosened).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity");
  }

  @Test
  void plainManifestsAreTheChartRenderedWithItsDefaults() throws Exception {
    Path rendered = Files.createTempFile("manifests", ".yaml");
    Commands.Result script =
        Commands.run(List.of("bash", "hack/manifests.sh", rendered.toString())).orFail();
    assertThat(script.exitCode()).isZero();
    assertThat(Files.readString(rendered))
        .as("operator/manifests/ecs-deploy-operator.yaml is stale: run `make manifests`")
        .isEqualTo(Files.readString(MANIFESTS));
  }

  @Test
  void plainManifestsApplyWithKubectl(KubernetesClient admin) {
    Commands.kubectl("apply", "-f", MANIFESTS.toString()).orFail();
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace("ecs-deploy-operator")
                .withName("ecs-deploy-operator")
                .get())
        .isNotNull();
    assertThat(
            allowed(
                admin,
                "system:serviceaccount:ecs-deploy-operator:ecs-deploy-operator",
                "anywhere",
                "ecsdeploy.io",
                "ecsdeployments",
                "watch"))
        .isTrue();
  }

  private static Stream<PolicyRule> rules(HasMetadata resource) {
    if (resource instanceof ClusterRole role) {
      return role.getRules().stream();
    }
    if (resource instanceof Role role) {
      return role.getRules().stream();
    }
    return Stream.empty();
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
    List<T> matching = resources.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static void createNamespace(
      KubernetesClient admin, String name, Map<String, String> labels) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  /**
   * What the API server's RBAC authorizer decides for the user, asked with a SubjectAccessReview.
   */
  private static boolean allowed(
      KubernetesClient admin,
      String user,
      String namespace,
      String group,
      String resource,
      String verb) {
    String[] parts = resource.split("/", 2);
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups("system:serviceaccounts", "system:authenticated")
            .withNewResourceAttributes()
            .withNamespace(namespace)
            .withGroup(group)
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withVerb(verb)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }
}
