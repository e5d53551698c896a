package io.ecsdeploy.operator.aws;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A task definition as ECS describes it: what a deployment checks the AppSpec's container name and
 * port against before it creates the replacement task set.
 *
 * @param arn the task definition's full ARN (with its revision)
 * @param family its family
 * @param revision its revision
 * @param status ACTIVE, INACTIVE or DELETE_IN_PROGRESS, as ECS reports it
 * @param containers its containers, in the task definition's order
 */
public record TaskDefinitionDescription(
    String arn, String family, int revision, String status, List<Container> containers) {

  public TaskDefinitionDescription {
    Objects.requireNonNull(arn, "arn");
    containers = containers == null ? List.of() : List.copyOf(containers);
  }

  /**
   * One container of the task definition.
   *
   * @param name the container's name
   * @param containerPorts the {@code containerPort} of each of its port mappings, in order (a port
   *     range mapping, which has none, is left out)
   */
  public record Container(String name, List<Integer> containerPorts) {
    public Container {
      Objects.requireNonNull(name, "name");
      containerPorts = containerPorts == null ? List.of() : List.copyOf(containerPorts);
    }

    /** Whether one of its port mappings has this container port. */
    public boolean exposes(int containerPort) {
      return containerPorts.contains(containerPort);
    }
  }

  /** The container with this name, if the task definition has one. */
  public Optional<Container> container(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The names of its containers, in order. */
  public List<String> containerNames() {
    return containers.stream().map(Container::name).toList();
  }
}
