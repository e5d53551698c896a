/**
 * The operator's view of AWS: narrow ports named after what they do for a blue/green deployment
 * ({@link io.ecsdeploy.operator.aws.TaskSets}, {@link io.ecsdeploy.operator.aws.Listeners}, {@link
 * io.ecsdeploy.operator.aws.Hooks}, {@link io.ecsdeploy.operator.aws.Alarms}, {@link
 * io.ecsdeploy.operator.aws.Notifications}, {@link io.ecsdeploy.operator.aws.RevisionStore}), with
 * their own small value types.
 *
 * <p>Nothing here imports the AWS SDK, fabric8 or the lifecycle engine: the SDK implementations
 * live in {@code aws.sdk}, and the executor maps between these types and the resources. A failed
 * AWS call surfaces as {@link io.ecsdeploy.operator.aws.AwsFailure}, which carries the CodeDeploy
 * error code the deployment would fail with and whether trying again later can help.
 */
package io.ecsdeploy.operator.aws;
