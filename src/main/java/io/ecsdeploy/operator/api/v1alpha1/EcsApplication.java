package io.ecsdeploy.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A CodeDeploy application for the ECS compute platform: a name that groups deployment groups, and
 * the defaults they share (region, role to assume, tags).
 */
@Described(
    kind =
        "An application, as in CodeDeploy: a name for a set of deployment groups, and defaults they share (AWS region, role to assume, tags).",
    spec = "Defaults shared by the application's deployment groups.",
    status = "How many groups use the application, and whether it is ready.")
@Group(EcsApplication.GROUP)
@Version(EcsApplication.VERSION)
@ShortNames("ecsapp")
@AdditionalPrinterColumn(
    name = "Region",
    jsonPath = ".spec.region",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Groups",
    jsonPath = ".status.deploymentGroups",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EcsApplication extends CustomResource<EcsApplicationSpec, EcsApplicationStatus>
    implements Namespaced {
  public static final String GROUP = "ecsdeploy.io";
  public static final String VERSION = "v1alpha1";
}
