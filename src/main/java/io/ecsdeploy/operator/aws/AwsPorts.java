package io.ecsdeploy.operator.aws;

/** The AWS ports for one target (a region, reached with one identity). */
public record AwsPorts(
    TaskSets taskSets,
    Listeners listeners,
    Hooks hooks,
    Alarms alarms,
    Notifications notifications,
    RevisionStore revisions,
    DeploymentEvents events) {}
