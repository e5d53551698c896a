/**
 * The lifecycle engine of an ECS blue/green deployment, as AWS CodeDeploy runs one: pure Java, no
 * Kubernetes client, no AWS SDK, no JSON library.
 *
 * <p>How a caller (the reconciler) uses it, once per reconcile of a deployment:
 *
 * <ol>
 *   <li>Resolve the {@link io.ecsdeploy.operator.lifecycle.DeploymentSettings} (group settings,
 *       deployment overrides, the revision's hooks) and load the stored {@link
 *       io.ecsdeploy.operator.lifecycle.DeploymentState} ({@link
 *       io.ecsdeploy.operator.lifecycle.DeploymentState#created} for a new deployment).
 *   <li>Read AWS into an {@link io.ecsdeploy.operator.lifecycle.Observation}: the service's task
 *       sets, both listeners' weights, the alarm poll, hook reports received, the failure of the
 *       previous action if it failed, and whether the group is busy (another deployment of it runs
 *       or comes first; the caller decides that with the API server).
 *   <li>Call {@link io.ecsdeploy.operator.lifecycle.LifecycleEngine#decide} with those, the user's
 *       {@link io.ecsdeploy.operator.lifecycle.UserOperations}, the time and a fresh hook execution
 *       id.
 *   <li>Perform the decision's {@link io.ecsdeploy.operator.lifecycle.Action}, if any; then store
 *       the decision's state whether or not the action succeeded, and report a failure in the next
 *       observation's {@code actionFailure} (with the action's key).
 *   <li>Reconcile again as the {@link io.ecsdeploy.operator.lifecycle.Recheck} says.
 * </ol>
 *
 * <p>The engine is stateless and thread-safe; one instance serves every deployment.
 */
package io.ecsdeploy.operator.lifecycle;
