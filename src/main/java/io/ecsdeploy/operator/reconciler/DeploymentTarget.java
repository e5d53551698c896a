package io.ecsdeploy.operator.reconciler;

import io.ecsdeploy.operator.api.v1alpha1.EcsDeploymentGroupSpec;
import io.ecsdeploy.operator.api.v1alpha1.TrafficRoute;
import io.ecsdeploy.operator.aws.AwsPorts;
import io.ecsdeploy.operator.aws.Route;
import io.ecsdeploy.operator.aws.ServiceId;
import io.ecsdeploy.operator.lifecycle.Listener;
import java.util.Optional;

/**
 * Everything one deployment touches in AWS: the ports for its group's region and role, the ECS
 * service and the two routes.
 */
record DeploymentTarget(
    AwsPorts aws,
    String region,
    String applicationName,
    String groupName,
    ServiceId service,
    Route productionRoute,
    Optional<Route> testRoute) {

  static DeploymentTarget of(
      AwsPorts aws,
      String region,
      String applicationName,
      String groupName,
      EcsDeploymentGroupSpec group) {
    return new DeploymentTarget(
        aws,
        region,
        applicationName,
        groupName,
        new ServiceId(group.service.clusterName, group.service.serviceName),
        route(group.loadBalancer.productionRoute),
        Optional.ofNullable(group.loadBalancer.testRoute).map(DeploymentTarget::route));
  }

  static Route route(TrafficRoute route) {
    return route.listenerArn != null
        ? Route.listener(route.listenerArn)
        : Route.rule(route.listenerRuleArn);
  }

  Route route(Listener listener) {
    return switch (listener) {
      case PRODUCTION -> productionRoute;
      case TEST ->
          testRoute.orElseThrow(() -> new IllegalStateException("the group has no test route"));
    };
  }
}
