package io.ecsdeploy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a deployment configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsDeploymentConfigStatus extends ConditionedStatus {}
