/**
 * ECS AppSpec revisions: {@link io.ecsdeploy.operator.appspec.AppSpecParser} reads YAML, JSON or
 * structured fields into a validated {@link io.ecsdeploy.operator.appspec.AppSpec}, or throws an
 * {@link io.ecsdeploy.operator.appspec.AppSpecException} listing every problem with its location.
 * Callers map the exception to the deployment error {@code INVALID_REVISION}, and each of the
 * AppSpec's hooks to the lifecycle engine's event of the same name.
 */
package io.ecsdeploy.operator.appspec;
