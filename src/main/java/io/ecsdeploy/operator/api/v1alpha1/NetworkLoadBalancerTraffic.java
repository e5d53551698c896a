package io.ecsdeploy.operator.api.v1alpha1;

/** How production traffic may move when the production listener is a Network Load Balancer's. */
public enum NetworkLoadBalancerTraffic {
  /**
   * Any configuration: canary, linear and explicit steps set weighted forward actions on the NLB
   * listener, as Amazon ECS's own blue/green deployments do since February 2026.
   */
  Gradual,
  /**
   * CodeDeploy's rule: only all-at-once configurations; a deployment with another one waits with
   * reason DeploymentConfigNotAllowed.
   */
  AllAtOnceOnly
}
