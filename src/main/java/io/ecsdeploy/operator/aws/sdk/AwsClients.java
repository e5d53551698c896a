package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.Alarms;
import io.ecsdeploy.operator.aws.DeploymentEvents;
import io.ecsdeploy.operator.aws.Hooks;
import io.ecsdeploy.operator.aws.Listeners;
import io.ecsdeploy.operator.aws.Notifications;
import io.ecsdeploy.operator.aws.RevisionStore;
import io.ecsdeploy.operator.aws.TaskSets;
import io.ecsdeploy.operator.aws.shared.SharedAlarms;
import io.ecsdeploy.operator.aws.shared.SharedTaskSets;
import java.time.Duration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.utils.IoUtils;

/**
 * The SDK clients for one region and identity, and the ports built on them. Made and cached by
 * {@link AwsClientFactory}, which closes them.
 */
public final class AwsClients implements AutoCloseable {

  private final String region;
  private final String roleArn;
  private final EcsClient ecs;
  private final ElasticLoadBalancingV2Client elb;
  private final LambdaClient lambda;
  private final CloudWatchClient cloudWatch;
  private final SnsClient sns;
  private final S3Client s3;
  private final EventBridgeClient eventBridge;
  private final AutoCloseable credentials;

  private final TaskSets taskSets;
  private final Listeners listeners;
  private final Hooks hooks;
  private final Alarms alarms;
  private final Notifications notifications;
  private final RevisionStore revisionStore;
  private final DeploymentEvents events;

  AwsClients(
      String region,
      String roleArn,
      EcsClient ecs,
      ElasticLoadBalancingV2Client elb,
      LambdaClient lambda,
      CloudWatchClient cloudWatch,
      SnsClient sns,
      S3Client s3,
      EventBridgeClient eventBridge,
      AutoCloseable credentials,
      Duration readCacheTtl) {
    this.region = region;
    this.roleArn = roleArn;
    this.ecs = ecs;
    this.elb = elb;
    this.lambda = lambda;
    this.cloudWatch = cloudWatch;
    this.sns = sns;
    this.s3 = s3;
    this.eventBridge = eventBridge;
    this.credentials = credentials;
    boolean shared = !readCacheTtl.isZero();
    this.taskSets =
        shared ? new SharedTaskSets(new SdkTaskSets(ecs), readCacheTtl) : new SdkTaskSets(ecs);
    this.listeners = new SdkListeners(elb, readCacheTtl);
    this.hooks = new SdkHooks(lambda);
    this.alarms =
        shared
            ? new SharedAlarms(new SdkAlarms(cloudWatch), readCacheTtl)
            : new SdkAlarms(cloudWatch);
    this.notifications = new SdkNotifications(sns);
    this.revisionStore = new SdkRevisionStore(s3);
    this.events = new SdkDeploymentEvents(eventBridge);
  }

  public String region() {
    return region;
  }

  /** The role these clients act as, or {@code null} for the operator's own identity. */
  public String roleArn() {
    return roleArn;
  }

  public TaskSets taskSets() {
    return taskSets;
  }

  public Listeners listeners() {
    return listeners;
  }

  public Hooks hooks() {
    return hooks;
  }

  public Alarms alarms() {
    return alarms;
  }

  public Notifications notifications() {
    return notifications;
  }

  public RevisionStore revisionStore() {
    return revisionStore;
  }

  public DeploymentEvents events() {
    return events;
  }

  public EcsClient ecs() {
    return ecs;
  }

  public ElasticLoadBalancingV2Client elb() {
    return elb;
  }

  public LambdaClient lambda() {
    return lambda;
  }

  public CloudWatchClient cloudWatch() {
    return cloudWatch;
  }

  public SnsClient sns() {
    return sns;
  }

  public S3Client s3() {
    return s3;
  }

  public EventBridgeClient eventBridge() {
    return eventBridge;
  }

  @Override
  public void close() {
    IoUtils.closeQuietly(ecs, null);
    IoUtils.closeQuietly(elb, null);
    IoUtils.closeQuietly(lambda, null);
    IoUtils.closeQuietly(cloudWatch, null);
    IoUtils.closeQuietly(sns, null);
    IoUtils.closeQuietly(s3, null);
    IoUtils.closeQuietly(eventBridge, null);
    if (credentials != null) {
      IoUtils.closeQuietly(credentials, null);
    }
  }
}
