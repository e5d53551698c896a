package io.ecsdeploy.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecsdeploy.operator.testsupport.Commands;
import io.ecsdeploy.operator.testsupport.Helm;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.TestPeers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    List<String> everything = new ArrayList<>(List.of("lint", "--strict", Helm.chart().toString()));
    for (String value : EVERY_OPTION) {
      everything.add("--set");
      everything.add(value);
    }
    everything.addAll(List.of("--set", "serviceMonitor.enabled=true"));
    everything.addAll(List.of("--set", "prometheusRule.enabled=true"));
    Helm.run(everything.toArray(String[]::new)).orFail();
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
  void refusesUnknownKeysAtEveryLevelNamingThem() {
    Commands.Result topLevel =
        Helm.run("template", "x", Helm.chart().toString(), "--set", "replicaCont=2");
    assertThat(topLevel.exitCode()).isNotZero();
    assertThat(topLevel.stderr()).contains("additional properties 'replicaCont' not allowed");

    Commands.Result moved =
        Helm.run("template", "x", Helm.chart().toString(), "--set", "service.hooksPort=9091");
    assertThat(moved.exitCode()).as("the hook port moved to hookService.port").isNotZero();
    assertThat(moved.stderr()).contains("/service").contains("'hooksPort'");

    Commands.Result nested =
        Helm.run(
            "template",
            "x",
            Helm.chart().toString(),
            "--set",
            "networkPolicy.egress.restric=true",
            "--set",
            "securityContext.readOnlyRootFileSystem=true");
    assertThat(nested.exitCode()).isNotZero();
    assertThat(nested.stderr())
        .contains("/networkPolicy/egress")
        .contains("'restric'")
        .contains("/securityContext")
        .contains("'readOnlyRootFileSystem'");
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
                "groupCheckInterval=120",
                "labelSelector=ecsdeploy.io/shard=a",
                "logLevel=DEBUG",
                "logFormat=json",
                "leaderElection.leaseDurationSeconds=20"),
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
        .containsEntry("ECSDEPLOY_GROUP_CHECK_INTERVAL", "120")
        .containsEntry("ECSDEPLOY_LABEL_SELECTOR", "ecsdeploy.io/shard=a")
        .containsEntry("ECSDEPLOY_LOG_LEVEL", "DEBUG")
        .containsEntry("ECSDEPLOY_LOG_FORMAT", "json")
        .containsEntry("ECSDEPLOY_LEADER_ELECTION", "true")
        .containsEntry("ECSDEPLOY_LEASE_NAME", "ops-ecs-deploy-operator")
        .containsEntry("ECSDEPLOY_LEASE_DURATION", "20");
  }

  @Test
  void passesTheReadSharingAndRateLimitsToTheOperator() {
    Map<String, String> defaults = environment(only(Helm.template("ops", "ops"), Deployment.class));
    assertThat(defaults)
        .containsEntry("ECSDEPLOY_READ_CACHE_TTL", "2s")
        .containsEntry("ECSDEPLOY_AWS_RATE_LIMITS_ENABLED", "true")
        .containsEntry("ECSDEPLOY_AWS_RATE_LIMIT_SHARE", "0.95")
        .doesNotContainKey("ECSDEPLOY_AWS_RATE_LIMITS");

    Map<String, String> lowered =
        environment(
            only(
                Helm.template(
                    "ops",
                    "ops",
                    "aws.readCacheTtl=1500ms",
                    "aws.rateLimits.enabled=false",
                    "aws.rateLimits.perClass.elb-write=1/10",
                    "aws.rateLimits.perClass.cloudwatch-describe-alarms=4"),
                Deployment.class));
    assertThat(lowered)
        .containsEntry("ECSDEPLOY_READ_CACHE_TTL", "1500ms")
        .containsEntry("ECSDEPLOY_AWS_RATE_LIMITS_ENABLED", "false")
        .containsEntry("ECSDEPLOY_AWS_RATE_LIMITS", "cloudwatch-describe-alarms=4,elb-write=1/10");
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
  void hookSigningSecretsAreReadableOnlyByNameInTheListedNamespaces() {
    List<HasMetadata> resources =
        Helm.template(
            "ops",
            "ops",
            "rbac.hookSigningSecrets.namespaces={team-a,team-b}",
            "rbac.hookSigningSecrets.names={hook-signing}");
    List<Role> secretRoles =
        resources.stream()
            .filter(r -> r instanceof Role)
            .map(Role.class::cast)
            .filter(
                role ->
                    role.getRules().stream().anyMatch(r -> r.getResources().contains("secrets")))
            .toList();
    assertThat(secretRoles)
        .extracting(role -> role.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(secretRoles)
        .flatExtracting(Role::getRules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getVerbs()).containsExactly("get");
              assertThat(rule.getResourceNames()).containsExactly("hook-signing");
            });
    assertThat(resources)
        .filteredOn(r -> r instanceof ClusterRole)
        .flatExtracting(r -> ((ClusterRole) r).getRules())
        .noneMatch(rule -> rule.getResources().contains("secrets"));
  }

  @Test
  void watchingListedNamespacesRendersRolesThereAndNothingClusterWide() {
    List<HasMetadata> resources = Helm.template("ops", "ops", "watchNamespaces={team-a,team-b}");
    assertThat(resources).noneMatch(r -> r instanceof ClusterRoleBinding);
    assertThat(resources)
        .filteredOn(r -> r instanceof ClusterRole)
        .as("only the users' aggregated roles, bound to nobody")
        .allSatisfy(r -> assertThat(r.getMetadata().getLabels()).containsValue("true"))
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "ops-ecs-deploy-operator-view",
            "ops-ecs-deploy-operator-edit",
            "ops-ecs-deploy-operator-admin");
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
  void metricsServiceServesOnlyMetricsAndTheHookServiceOnlyHooks() {
    List<HasMetadata> resources = Helm.template("ops", "ops");
    Service metrics = named(resources, Service.class, "ops-ecs-deploy-operator");
    assertThat(metrics.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http");
              assertThat(port.getPort()).isEqualTo(8080);
            });
    Service hooks = named(resources, Service.class, "ops-ecs-deploy-operator-hooks");
    assertThat(hooks.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(hooks.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("hooks");
              assertThat(port.getPort()).isEqualTo(8081);
              assertThat(port.getTargetPort().getStrVal()).isEqualTo("hooks");
            });
    assertThat(hooks.getSpec().getSelector()).isEqualTo(metrics.getSpec().getSelector());

    GenericKubernetesResource monitor =
        only(
            Helm.template("ops", "ops", "serviceMonitor.enabled=true"),
            GenericKubernetesResource.class);
    assertThat(tree(monitor).at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText())
        .as("the ServiceMonitor scrapes the metrics Service only")
        .isEqualTo("metrics");
    assertThat(metrics.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "metrics");
    assertThat(hooks.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/component", "hooks");
  }

  @Test
  void hookServiceBecomesAnInternalLoadBalancerOrANodePortWhenAsked() {
    Service balancer =
        named(
            Helm.template(
                "ops",
                "ops",
                "hookService.type=LoadBalancer",
                "hookService.loadBalancerClass=service.k8s.aws/nlb",
                "hookService.annotations.service\\.beta\\.kubernetes\\.io/aws-load-balancer-scheme=internal",
                "hookService.loadBalancerSourceRanges={10.0.32.0/20,10.0.48.0/20}",
                "hookService.port=9443"),
            Service.class,
            "ops-ecs-deploy-operator-hooks");
    assertThat(balancer.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(balancer.getSpec().getLoadBalancerClass()).isEqualTo("service.k8s.aws/nlb");
    assertThat(balancer.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal");
    assertThat(balancer.getSpec().getLoadBalancerSourceRanges())
        .containsExactly("10.0.32.0/20", "10.0.48.0/20");
    assertThat(balancer.getSpec().getPorts().get(0).getPort()).isEqualTo(9443);

    List<HasMetadata> nodePort =
        Helm.template("ops", "ops", "hookService.type=NodePort", "hookService.nodePort=30081");
    Service hooks = named(nodePort, Service.class, "ops-ecs-deploy-operator-hooks");
    assertThat(hooks.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30081);
    assertThat(hooks.getSpec().getLoadBalancerSourceRanges()).isNullOrEmpty();
    assertThat(named(nodePort, Service.class, "ops-ecs-deploy-operator").getSpec().getType())
        .as("the metrics Service stays inside the cluster")
        .isEqualTo("ClusterIP");

    Map<String, String> env =
        environment(only(Helm.template("ops", "ops", "hookService.port=9443"), Deployment.class));
    assertThat(env).containsEntry("ECSDEPLOY_HOOKS_PORT", "9443");
  }

  @Test
  void podDisruptionBudgetComesWithASecondReplica() {
    assertThat(Helm.template("ops", "ops")).noneMatch(r -> r instanceof PodDisruptionBudget);

    PodDisruptionBudget budget =
        only(Helm.template("ops", "ops", "replicaCount=2"), PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getMinAvailable()).isNull();
    assertThat(budget.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    Deployment deployment = only(Helm.template("ops", "ops", "replicaCount=2"), Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());

    PodDisruptionBudget minimum =
        only(
            Helm.template("ops", "ops", "replicaCount=3", "podDisruptionBudget.minAvailable=2"),
            PodDisruptionBudget.class);
    assertThat(minimum.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
    assertThat(minimum.getSpec().getMaxUnavailable()).as("minAvailable replaces it").isNull();

    PodDisruptionBudget percentage =
        only(
            Helm.template("ops", "ops", "replicaCount=4", "podDisruptionBudget.maxUnavailable=25%"),
            PodDisruptionBudget.class);
    assertThat(percentage.getSpec().getMaxUnavailable().getStrVal()).isEqualTo("25%");

    assertThat(Helm.template("ops", "ops", "replicaCount=2", "podDisruptionBudget.enabled=false"))
        .noneMatch(r -> r instanceof PodDisruptionBudget);
    Commands.Result notAPercentage =
        Helm.run(
            "template",
            "x",
            Helm.chart().toString(),
            "--set",
            "replicaCount=2",
            "--set",
            "podDisruptionBudget.maxUnavailable=half");
    assertThat(notAPercentage.exitCode()).isNotZero();
    assertThat(notAPercentage.stderr()).contains("maxUnavailable");
  }

  @Test
  void networkPolicyLetsScrapersReachMetricsAndTheFunctionsSubnetsReachHooks() {
    assertThat(Helm.template("ops", "ops")).noneMatch(r -> r instanceof NetworkPolicy);

    NetworkPolicy open =
        only(Helm.template("ops", "ops", "networkPolicy.enabled=true"), NetworkPolicy.class);
    assertThat(open.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(open.getSpec().getEgress()).as("egress left open").isNullOrEmpty();
    assertThat(open.getSpec().getIngress())
        .as("without CIDRs, nothing reaches the hook port")
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getStrVal())
                    .containsExactly("http"));

    NetworkPolicy policy =
        only(
            Helm.template(
                "ops",
                "ops",
                "networkPolicy.enabled=true",
                "networkPolicy.metrics.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=monitoring",
                "networkPolicy.metrics.podSelector.matchLabels.app\\.kubernetes\\.io/name=prometheus",
                "networkPolicy.hooks.cidrs={10.0.32.0/20,10.0.48.0/20}"),
            NetworkPolicy.class);
    Deployment deployment = only(Helm.template("ops", "ops"), Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    NetworkPolicyIngressRule metrics = policy.getSpec().getIngress().get(0);
    assertThat(metrics.getPorts()).extracting(p -> p.getPort().getStrVal()).containsExactly("http");
    assertThat(metrics.getFrom())
        .singleElement()
        .satisfies(
            peer -> {
              assertThat(peer.getNamespaceSelector().getMatchLabels())
                  .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
              assertThat(peer.getPodSelector().getMatchLabels())
                  .containsExactly(Map.entry("app.kubernetes.io/name", "prometheus"));
            });
    NetworkPolicyIngressRule hooks = policy.getSpec().getIngress().get(1);
    assertThat(hooks.getPorts()).extracting(p -> p.getPort().getStrVal()).containsExactly("hooks");
    assertThat(hooks.getFrom())
        .extracting(peer -> peer.getIpBlock().getCidr())
        .containsExactly("10.0.32.0/20", "10.0.48.0/20");
  }

  @Test
  void restrictedEgressAllowsDnsAndTheListedDestinationsOnly() {
    NetworkPolicy policy =
        only(
            Helm.template(
                "ops",
                "ops",
                "networkPolicy.enabled=true",
                "networkPolicy.egress.restrict=true",
                "networkPolicy.egress.cidrs={10.0.0.0/16}",
                "networkPolicy.egress.ports={443,6443}"),
            NetworkPolicy.class);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getEgress()).hasSize(2);
    NetworkPolicyEgressRule dns = policy.getSpec().getEgress().get(0);
    assertThat(dns.getTo()).isNullOrEmpty();
    assertThat(dns.getPorts())
        .extracting(p -> p.getPort().getIntVal() + "/" + p.getProtocol())
        .containsExactly("53/UDP", "53/TCP");
    NetworkPolicyEgressRule apis = policy.getSpec().getEgress().get(1);
    assertThat(apis.getTo())
        .extracting(peer -> peer.getIpBlock().getCidr())
        .containsExactly("10.0.0.0/16");
    assertThat(apis.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443, 6443);

    Commands.Result nowhere =
        Helm.run(
            "template",
            "x",
            Helm.chart().toString(),
            "--set",
            "networkPolicy.enabled=true",
            "--set",
            "networkPolicy.egress.restrict=true");
    assertThat(nowhere.exitCode()).as("restricted egress with no destination").isNotZero();
    assertThat(nowhere.stderr()).contains("networkPolicy.egress.cidrs");
  }

  @Test
  void prometheusRuleAlertsOnThisReleasesSeriesWithPublishedMetrics() throws Exception {
    assertThat(Helm.template("ops", "ops")).noneMatch(r -> r.getKind().equals("PrometheusRule"));

    JsonNode rule =
        tree(
            only(
                Helm.template(
                    "ops",
                    "ops",
                    "prometheusRule.enabled=true",
                    "prometheusRule.labels.release=kps"),
                GenericKubernetesResource.class));
    assertThat(rule.at("/kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kps");
    Map<String, JsonNode> alerts = alerts(rule);
    assertThat(alerts)
        .containsOnlyKeys(
            "EcsDeploymentFailed",
            "EcsDeploymentStuckInReadyWait",
            "EcsDeployAwsErrors",
            "EcsDeployOperatorDown",
            "EcsDeployOperatorNoLeader");

    String failed = alerts.get("EcsDeploymentFailed").path("expr").asText();
    assertThat(failed)
        .contains(
            "increase(ecsdeploy_deployments_finished_total{outcome!=\"Succeeded\",job=\"ops-ecs-deploy-operator\",namespace=\"ops\"}[15m])")
        .as("a failure that creates its outcome's series counts too")
        .contains(" unless ecsdeploy_deployments_finished_total{")
        .contains("offset 15m");
    assertThat(alerts.get("EcsDeploymentStuckInReadyWait").path("expr").asText())
        .contains(
            "time() - max by (namespace, exported_namespace, group, deployment)"
                + " (ecsdeploy_ready_wait_start_time_seconds{job=\"ops-ecs-deploy-operator\",namespace=\"ops\"})"
                + " > 3600");
    assertThat(alerts.get("EcsDeployAwsErrors").path("expr").asText())
        .contains(
            "rate(ecsdeploy_aws_errors_total{job=\"ops-ecs-deploy-operator\",namespace=\"ops\"}[10m])")
        .contains("rate(ecsdeploy_aws_calls_total{")
        .contains("> 0.05");
    assertThat(alerts.get("EcsDeployAwsErrors").path("for").asText()).isEqualTo("15m");
    assertThat(alerts.get("EcsDeployOperatorDown").path("expr").asText())
        .isEqualTo("absent(up{job=\"ops-ecs-deploy-operator\",namespace=\"ops\"} == 1)");
    assertThat(alerts.get("EcsDeployOperatorNoLeader").path("expr").asText())
        .contains("kube_lease_renew_time{namespace=\"ops\",lease=\"ops-ecs-deploy-operator\"}")
        .contains("> 60");
    assertThat(alerts.values())
        .allSatisfy(
            alert -> {
              assertThat(alert.path("labels").path("severity").asText()).isNotEmpty();
              assertThat(alert.path("annotations").path("summary").asText()).isNotEmpty();
            });

    Set<String> known = documentedMetrics();
    known.addAll(Set.of("up", "kube_lease_renew_time"));
    for (Map.Entry<String, JsonNode> alert : alerts.entrySet()) {
      assertThat(metricNames(alert.getValue().path("expr").asText()))
          .as(
              "metrics of %s: the README's (which GrafanaDashboardTest checks are published)",
              alert.getKey())
          .isNotEmpty()
          .isSubsetOf(known);
    }

    Map<String, JsonNode> tuned =
        alerts(
            tree(
                only(
                    Helm.template(
                        "ops",
                        "ops",
                        "prometheusRule.enabled=true",
                        "leaderElection.enabled=false",
                        "prometheusRule.awsErrors.enabled=false",
                        "prometheusRule.stuckInReadyWait.enabled=false",
                        "prometheusRule.selector=job=\"ecs\"",
                        "prometheusRule.deploymentFailed.window=1h"),
                    GenericKubernetesResource.class)));
    assertThat(tuned)
        .as("no Lease without leader election")
        .containsOnlyKeys("EcsDeploymentFailed", "EcsDeployOperatorDown");
    assertThat(tuned.get("EcsDeploymentFailed").path("expr").asText())
        .contains("{outcome!=\"Succeeded\",job=\"ecs\"}[1h]");
  }

  @Test
  void grafanaDashboardConfigMapHoldsTheRepositorysDashboardForTheSidecar() throws Exception {
    assertThat(Helm.template("ops", "ops")).noneMatch(r -> r instanceof ConfigMap);

    ConfigMap dashboard =
        only(
            Helm.template(
                "ops",
                "ops",
                "grafanaDashboard.enabled=true",
                "grafanaDashboard.namespace=monitoring",
                "grafanaDashboard.annotations.grafana_folder=ECS"),
            ConfigMap.class);
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "ECS");
    assertThat(dashboard.getData()).containsOnlyKeys("ecs-deploy-operator.json");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(dashboard.getData().get("ecs-deploy-operator.json")))
        .isEqualTo(json.readTree(DASHBOARD.toFile()));
  }

  @Test
  void userRolesAggregateIntoViewEditAndAdmin() {
    List<ClusterRole> roles =
        Helm.template("ops", "ops").stream()
            .filter(r -> r instanceof ClusterRole)
            .map(ClusterRole.class::cast)
            .filter(
                r -> r.getMetadata().getName().matches("ops-ecs-deploy-operator-(view|edit|admin)"))
            .toList();
    assertThat(roles).hasSize(3);
    for (ClusterRole role : roles) {
      String level = role.getMetadata().getName().replaceAll(".*-", "");
      assertThat(role.getMetadata().getLabels())
          .containsEntry("rbac.authorization.k8s.io/aggregate-to-" + level, "true");
    }
    assertThat(
            Helm.template("ops", "ops", "rbac.aggregateToUserRoles=false").stream()
                .filter(r -> r instanceof ClusterRole)
                .map(r -> r.getMetadata().getName()))
        .containsExactly("ops-ecs-deploy-operator");
  }

  @Test
  void installedWithEveryOptionTheApiServerAcceptsEveryObject(KubernetesClient admin) {
    createNamespace(admin, "chart-full", Map.of());
    List<String> install =
        new ArrayList<>(
            List.of("install", "full", Helm.chart().toString(), "-n", "chart-full", "--skip-crds"));
    for (String value : EVERY_OPTION) {
      install.add("--set");
      install.add(value);
    }
    Commands.Result installed = Helm.run(install.toArray(String[]::new)).orFail();
    assertThat(installed.stdout())
        .as("NOTES name the hook Service")
        .contains("full-ecs-deploy-operator-hooks, port 8081");

    String namespace = "chart-full";
    assertThat(
            admin
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withName("full-ecs-deploy-operator")
                .get())
        .isNotNull();
    NetworkPolicy policy =
        admin
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(namespace)
            .withName("full-ecs-deploy-operator")
            .get();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    Service hooks =
        admin.services().inNamespace(namespace).withName("full-ecs-deploy-operator-hooks").get();
    assertThat(hooks.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(hooks.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30081);
    assertThat(
            admin
                .services()
                .inNamespace(namespace)
                .withName("full-ecs-deploy-operator")
                .get()
                .getSpec()
                .getType())
        .isEqualTo("ClusterIP");
    assertThat(
            admin
                .configMaps()
                .inNamespace(namespace)
                .withName("full-ecs-deploy-operator-dashboard")
                .get())
        .isNotNull();
    for (String level : List.of("view", "edit", "admin")) {
      assertThat(admin.rbac().clusterRoles().withName("full-ecs-deploy-operator-" + level).get())
          .as(level)
          .isNotNull();
    }
  }

  /**
   * Users bound to Kubernetes' own roles get the chart's rules through aggregation. The test API
   * server runs no kube-controller-manager, whose clusterrole-aggregation controller fills in the
   * aggregated roles: {@link #aggregateClusterRoles} does what it does.
   */
  @Test
  void usersWithViewCanListDeploymentsButNotPatchThemAndWithEditCan(KubernetesClient admin) {
    createNamespace(admin, "chart-users", Map.of());
    createNamespace(admin, "chart-users-elsewhere", Map.of());
    Helm.run("install", "users", Helm.chart().toString(), "-n", "chart-users", "--skip-crds")
        .orFail();
    aggregateClusterRoles(admin);
    bind(admin, "chart-users", "view", "viewer");
    bind(admin, "chart-users", "edit", "editor");
    bind(admin, "chart-users", "admin", "owner");

    assertThat(allowed(admin, "viewer", "chart-users", "ecsdeploy.io", "ecsdeployments", "list"))
        .isTrue();
    assertThat(
            allowed(admin, "viewer", "chart-users", "ecsdeploy.io", "ecsdeploymentgroups", "watch"))
        .isTrue();
    assertThat(allowed(admin, "viewer", "chart-users", "ecsdeploy.io", "ecsdeployments", "patch"))
        .as("view cannot stop or continue a deployment")
        .isFalse();
    assertThat(
            allowed(
                admin, "viewer", "chart-users-elsewhere", "ecsdeploy.io", "ecsdeployments", "list"))
        .as("only where the binding is")
        .isFalse();

    assertThat(allowed(admin, "editor", "chart-users", "ecsdeploy.io", "ecsdeployments", "patch"))
        .isTrue();
    assertThat(allowed(admin, "editor", "chart-users", "ecsdeploy.io", "ecsdeployments", "create"))
        .isTrue();
    assertThat(allowed(admin, "editor", "chart-users", "ecsdeploy.io", "ecsdeployments", "delete"))
        .isTrue();
    assertThat(allowed(admin, "editor", "chart-users", "ecsdeploy.io", "ecsapplications", "list"))
        .isTrue();
    assertThat(
            allowed(
                admin, "editor", "chart-users", "ecsdeploy.io", "ecsdeploymentgroups", "update"))
        .as("groups name AWS resources: admin's")
        .isFalse();
    assertThat(
            allowed(
                admin, "editor", "chart-users", "ecsdeploy.io", "ecsdeployments/status", "patch"))
        .as("status is the operator's")
        .isFalse();

    assertThat(
            allowed(admin, "owner", "chart-users", "ecsdeploy.io", "ecsdeploymentgroups", "create"))
        .isTrue();
    assertThat(allowed(admin, "owner", "chart-users", "ecsdeploy.io", "ecsdeployments", "patch"))
        .isTrue();
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
    Path target = TestPeers.repoDir().resolve("target");
    Files.createDirectories(target);
    Path rendered = target.resolve("manifests-rendered.yaml");
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

  /** Every optional template on, with values the API server can take without any CRD. */
  private static final List<String> EVERY_OPTION =
      List.of(
          "replicaCount=2",
          "podDisruptionBudget.minAvailable=1",
          "networkPolicy.enabled=true",
          "networkPolicy.metrics.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=monitoring",
          "networkPolicy.hooks.cidrs={10.0.32.0/20}",
          "networkPolicy.egress.restrict=true",
          "networkPolicy.egress.cidrs={10.0.0.0/16,0.0.0.0/0}",
          "hookService.type=LoadBalancer",
          "hookService.nodePort=30081",
          "hookService.loadBalancerClass=service.k8s.aws/nlb",
          "hookService.loadBalancerSourceRanges={10.0.32.0/20}",
          "hookService.annotations.service\\.beta\\.kubernetes\\.io/aws-load-balancer-scheme=internal",
          "grafanaDashboard.enabled=true",
          "watchNamespaces={chart-full}",
          "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/x");

  private static final Path DASHBOARD =
      Helm.chart().resolveSibling("operator/grafana/ecs-deploy-operator.json");

  /** Metric names as the README's metrics table and text name them. */
  private static final Pattern DOCUMENTED_METRIC =
      Pattern.compile(
          "`((?:ecsdeploy_|reconciliations_|custom_resources|events_received|jvm_memory_)[a-z_]*)");

  private static final Pattern PROMQL_NOISE =
      Pattern.compile(
          "\"(?:[^\"\\\\]|\\\\.)*\"|\\{[^}]*}|\\[[^]]*]|\\b(?:by|without|on|ignoring)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.])([A-Za-z_:][\\w:]*)(\\s*\\()?");
  private static final Set<String> PROMQL_KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "group_left", "group_right");

  private static Set<String> documentedMetrics() throws Exception {
    Set<String> named = new TreeSet<>();
    Matcher metric =
        DOCUMENTED_METRIC.matcher(Files.readString(Helm.chart().resolveSibling("README.md")));
    while (metric.find()) {
      named.add(metric.group(1));
    }
    return named;
  }

  /** The metric names in a PromQL expression: identifiers that are not functions or keywords. */
  private static Set<String> metricNames(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher identifier = IDENTIFIER.matcher(PROMQL_NOISE.matcher(promql).replaceAll(" "));
    while (identifier.find()) {
      if (identifier.group(2) == null && !PROMQL_KEYWORDS.contains(identifier.group(1))) {
        names.add(identifier.group(1));
      }
    }
    return names;
  }

  private static Map<String, JsonNode> alerts(JsonNode prometheusRule) {
    Map<String, JsonNode> alerts = new TreeMap<>();
    for (JsonNode group : prometheusRule.at("/spec/groups")) {
      for (JsonNode rule : group.path("rules")) {
        alerts.put(rule.path("alert").asText(), rule);
      }
    }
    return alerts;
  }

  private static JsonNode tree(HasMetadata resource) {
    return Serialization.jsonMapper().valueToTree(resource);
  }

  private static Map<String, String> environment(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> resources, Class<T> type, String name) {
    return resources.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /**
   * What kube-controller-manager's clusterrole-aggregation controller does: each aggregated role
   * gets the rules of every ClusterRole its selectors match. view first, then edit (which takes in
   * view's), then admin (which takes in edit's), as the controller reaches after a few passes.
   */
  private static void aggregateClusterRoles(KubernetesClient admin) {
    for (String name : List.of("view", "edit", "admin")) {
      ClusterRole role = admin.rbac().clusterRoles().withName(name).get();
      List<PolicyRule> rules = new ArrayList<>();
      for (LabelSelector selector : role.getAggregationRule().getClusterRoleSelectors()) {
        for (ClusterRole member :
            admin.rbac().clusterRoles().withLabelSelector(selector).list().getItems()) {
          if (!member.getMetadata().getName().equals(name)) {
            member.getRules().stream().filter(r -> !rules.contains(r)).forEach(rules::add);
          }
        }
      }
      role.setRules(rules);
      admin.rbac().clusterRoles().resource(role).update();
    }
  }

  private static void bind(
      KubernetesClient admin, String namespace, String clusterRole, String user) {
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(user + "-" + clusterRole)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(clusterRole)
                .endRoleRef()
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .create();
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
            .withGroups(
                user.startsWith("system:serviceaccount:")
                    ? List.of("system:serviceaccounts", "system:authenticated")
                    : List.of("system:authenticated"))
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
