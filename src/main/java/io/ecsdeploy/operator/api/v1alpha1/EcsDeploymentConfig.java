package io.ecsdeploy.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A custom deployment configuration, referenced by name from deployment groups and deployments. The
 * five CodeDeployDefault.ECS* configurations are built in and need no resource.
 */
@Described(
    kind =
        "A deployment configuration, as in CodeDeploy: how production traffic moves to the replacement task set (all at once, canary, linear, or explicit steps). The five CodeDeployDefault.ECS* configurations are built in.",
    spec = "The traffic routing.",
    status = "Whether the configuration is valid, and its schedule in words.")
@Group(EcsApplication.GROUP)
@Version(EcsApplication.VERSION)
@ShortNames("ecsdc")
@ValidationRule(
    value = "!self.metadata.name.lowerAscii().startsWith('codedeploydefault.')",
    message =
        "metadata.name: the prefix CodeDeployDefault. is reserved for the built-in configurations")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@AdditionalPrinterColumn(
    name = "Type",
    jsonPath = ".spec.trafficRouting.type",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EcsDeploymentConfig
    extends CustomResource<EcsDeploymentConfigSpec, EcsDeploymentConfigStatus>
    implements Namespaced {}
