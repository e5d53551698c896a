package io.ecsdeploy.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A CodeDeploy deployment group for the ECS compute platform: the ECS service, its two target
 * groups and traffic routes, and how deployments to it behave (traffic configuration, ready wait,
 * termination of the original, alarms, automatic rollback, notifications).
 */
@Described(
    kind =
        "A deployment group, as in CodeDeploy for ECS: the ECS service, its two target groups and listeners, and how deployments to it behave (configuration, ready wait, termination of the original, alarms, automatic rollback, notifications). Setting spec.revision deploys it (GitOps).",
    spec =
        "The service, the load balancer, and the deployment settings; optionally the revision to deploy.",
    status =
        "Whether AWS confirms what the group names (Ready condition), the live target group and primary task set, the deployment allowed to run now, and the current, last attempted and last successful deployments.")
@Group(EcsApplication.GROUP)
@Version(EcsApplication.VERSION)
@ShortNames("ecsdg")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(
    name = "Application",
    jsonPath = ".spec.applicationName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Cluster",
    jsonPath = ".spec.service.clusterName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Service",
    jsonPath = ".spec.service.serviceName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Config",
    jsonPath = ".spec.deploymentConfigName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Current",
    jsonPath = ".status.currentDeployment.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EcsDeploymentGroup
    extends CustomResource<EcsDeploymentGroupSpec, EcsDeploymentGroupStatus>
    implements Namespaced {}
