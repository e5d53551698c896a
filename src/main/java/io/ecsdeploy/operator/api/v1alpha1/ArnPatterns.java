package io.ecsdeploy.operator.api.v1alpha1;

/** Regular expressions for the ARNs the resources accept; the CRD schema enforces them. */
public final class ArnPatterns {
  private ArnPatterns() {}

  private static final String PARTITION = "arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?";
  private static final String REGION = "[a-z]{2}(-[a-z]+)+-[0-9]";
  private static final String ACCOUNT = "[0-9]{12}";

  public static final String TARGET_GROUP =
      "^"
          + PARTITION
          + ":elasticloadbalancing:"
          + REGION
          + ":"
          + ACCOUNT
          + ":targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$";

  public static final String LISTENER =
      "^"
          + PARTITION
          + ":elasticloadbalancing:"
          + REGION
          + ":"
          + ACCOUNT
          + ":listener/(app|net)/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}$";

  public static final String LISTENER_RULE =
      "^"
          + PARTITION
          + ":elasticloadbalancing:"
          + REGION
          + ":"
          + ACCOUNT
          + ":listener-rule/(app|net)/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}/[0-9a-f]{16}$";

  public static final String SNS_TOPIC =
      "^" + PARTITION + ":sns:" + REGION + ":" + ACCOUNT + ":[A-Za-z0-9_-]{1,256}(\\.fifo)?$";

  public static final String IAM_ROLE =
      "^"
          + PARTITION
          + ":iam::"
          + ACCOUNT
          + ":role/([\\x21-\\x7E]{1,510}/)?[A-Za-z0-9+=,.@_-]{1,64}$";

  public static final String TASK_DEFINITION =
      "^("
          + PARTITION
          + ":ecs:"
          + REGION
          + ":"
          + ACCOUNT
          + ":task-definition/)?[A-Za-z0-9_-]{1,255}(:[0-9]+)?$";

  public static final String AWS_REGION = "^" + REGION + "$";
}
