package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Every write the controllers make, through the apiserver. Updates carry the object's
 * resourceVersion, so a write based on a stale cache fails with a conflict (409) and the key is
 * retried. Kept small so reconciler tests can record writes with a fake.
 */
public interface ApiWriter {
  <T extends HasMetadata> T create(T object);

  /** PUT of the whole object (optimistic: fails on a stale resourceVersion). */
  <T extends HasMetadata> T update(T object);

  /** PUT of the status subresource. */
  <T extends HasMetadata> T updateStatus(T object);

  /**
   * Writes only {@code metadata.ownerReferences} (adoption, release): a merge patch that carries the
   * resourceVersion, so it is as optimistic as {@link #update} but needs only the {@code patch} right
   * Kubernetes' controller roles grant on what a controller adopts. Fakes may record it as an update.
   */
  default <T extends HasMetadata> T patchOwnerReferences(T object) {
    return update(object);
  }

  /** A merge patch of the status subresource with the resourceVersion (roles that grant only {@code patch} on it). */
  default <T extends HasMetadata> T patchStatus(T object) {
    return updateStatus(object);
  }

  /**
   * DELETE with a propagation policy ({@code Background}, {@code Foreground}, {@code Orphan}, or
   * null for the resource's default). Returns false when the object was already gone.
   */
  boolean delete(Class<? extends HasMetadata> type, String namespace, String name, String propagationPolicy);

  /**
   * DELETE with grace period 0: the object goes now, without waiting for a node agent to confirm
   * (PodGC's pods on vanished nodes). Returns false when it was already gone.
   */
  default boolean deleteNow(Class<? extends HasMetadata> type, String namespace, String name) {
    return delete(type, namespace, name, null);
  }

  /** A live read (not the cache), for decisions that must not rest on a lagging cache; null when absent. */
  HasMetadata get(String apiVersion, String kind, String namespace, String name);
}
