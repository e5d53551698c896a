package io.ecsdeploy.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that keeps resources without {@code metadata.managedFields}. The API server
 * sends the field-manager bookkeeping of server-side apply with every resource, often as large as
 * the resource's spec, and nothing in the operator reads it: its status writes are applies of a
 * fresh object, never built from a cached one.
 *
 * <p>JOSDK hands one store to every informer of an event source, and runs one informer per watched
 * namespace; an informer's relist drops whatever its namespace's list lacks, so a store shared by
 * several would lose the other namespaces' resources. Use a new store per event source, and only
 * when it watches all namespaces or one.
 */
public final class WithoutManagedFields<R extends HasMetadata> extends BasicItemStore<R> {
  public WithoutManagedFields() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R resource) {
    resource.getMetadata().setManagedFields(null);
    return super.put(key, resource);
  }
}
