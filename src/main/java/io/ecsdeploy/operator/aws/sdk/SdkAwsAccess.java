package io.ecsdeploy.operator.aws.sdk;

import io.ecsdeploy.operator.aws.AwsAccess;
import io.ecsdeploy.operator.aws.AwsPorts;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The AWS ports over the SDK clients of an {@link AwsClientFactory}, one set per target. */
public final class SdkAwsAccess implements AwsAccess {
  private final AwsClientFactory factory;
  private final Map<String, AwsPorts> ports = new ConcurrentHashMap<>();

  public SdkAwsAccess(AwsClientFactory factory) {
    this.factory = factory;
  }

  @Override
  public AwsPorts forTarget(String region, Optional<String> roleArn) {
    String role = roleArn.filter(r -> !r.isBlank()).orElse(null);
    return ports.computeIfAbsent(
        region + "|" + (role == null ? "" : role),
        key -> {
          AwsClients clients = factory.clients(region, role);
          return new AwsPorts(
              clients.taskSets(),
              clients.listeners(),
              clients.hooks(),
              clients.alarms(),
              clients.notifications(),
              clients.revisionStore(),
              clients.events());
        });
  }
}
