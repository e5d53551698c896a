/**
 * ECS AppSpec revisions: {@link io.ecsdeploy.operator.appspec.AppSpecParser} reads YAML, JSON or
 * structured fields into a validated {@link io.ecsdeploy.operator.appspec.AppSpec}, or throws an
 * {@link io.ecsdeploy.operator.appspec.AppSpecException} listing every problem with its location.
 * Callers map the exception to the deployment error {@code INVALID_REVISION}, and the AppSpec's
 * hooks to the lifecycle engine's events by name ({@code LifecycleEvent.fromName(hook.name())}).
 */
package io.ecsdeploy.operator.appspec;
