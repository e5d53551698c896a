package io.ecsdeploy.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;

/**
 * Sets up a controller's secondary informers like its primary one: without {@code managedFields}
 * when the primary's store drops them ({@link WithoutManagedFields}), and, for the kinds an
 * installation's label selector splits (deployment groups and deployments), with that selector.
 * Applications and deployment configurations are shared by every installation and watched whole.
 */
final class Informers {
  private Informers() {}

  /** A secondary informer of the groups or deployments this installation acts on. */
  static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> selected(
      InformerEventSourceConfiguration.Builder<R> informer,
      LabelSelector selector,
      EventSourceContext<?> context) {
    if (!selector.isEverything()) {
      informer.withLabelSelector(selector.text());
    }
    return shared(informer, context);
  }

  /** A secondary informer of every resource of its kind. */
  static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> shared(
      InformerEventSourceConfiguration.Builder<R> informer, EventSourceContext<?> context) {
    if (context.getControllerConfiguration().getInformerConfig().getItemStore() != null) {
      informer.withItemStore(new WithoutManagedFields<>());
    }
    return informer;
  }
}
