/**
 * The custom resources of API group {@code ecsdeploy.io}, version {@code v1alpha1}: {@link
 * EcsApplication}, {@link EcsDeploymentConfig}, {@link EcsDeploymentGroup} and {@link
 * EcsDeployment}. The CRDs under {@code crds/} are generated from these classes; each field's
 * {@code @JsonPropertyDescription} is what {@code kubectl explain} shows, and the validation
 * annotations (OpenAPI and CEL) are what the API server enforces at {@code kubectl apply}.
 */
package io.ecsdeploy.operator.api.v1alpha1;
