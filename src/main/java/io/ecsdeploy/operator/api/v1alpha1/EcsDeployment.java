package io.ecsdeploy.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A blue/green deployment of a revision to an ECS deployment group, moved one lifecycle event at a
 * time: BeforeInstall, Install, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic,
 * BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic.
 */
@Described(
    kind =
        "A blue/green deployment of a revision to a deployment group, as in CodeDeploy for ECS: it moves one lifecycle event at a time and ends Succeeded, Failed or Stopped. Its status values are CodeDeploy's (Ready is the ready wait); the Ready condition is True only once it succeeded.",
    spec =
        "The group to deploy to, the revision, overrides for this deployment only, and operations (stop, continue).",
    status =
        "What CodeDeploy's GetDeployment would show (status, lifecycle events, task sets, traffic, error and rollback information), what the deployment was started with (run record), and conditions.")
@Group(EcsApplication.GROUP)
@Version(EcsApplication.VERSION)
@ShortNames({"ecsdeploy", "ecsd"})
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(
    name = "Group",
    jsonPath = ".spec.deploymentGroupName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Id",
    jsonPath = ".status.deploymentId",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Event",
    jsonPath = ".status.currentEvent",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Traffic",
    jsonPath = ".status.trafficSplit",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Paused",
    jsonPath = ".status.pause.since",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Error",
    jsonPath = ".status.errorInformation.code",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EcsDeployment extends CustomResource<EcsDeploymentSpec, EcsDeploymentStatus>
    implements Namespaced {}
