package io.capstan.apiserver.registry;

import io.capstan.apiserver.resource.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kind-specific side effects around the generic registry: allocators (service cluster IPs) run
 * before a create, and watchers of the served set (CRDs) after a write. Hooks must be idempotent:
 * a write may be retried, and an after-hook may see the same object twice.
 */
public interface RegistryHook {

  /** Called with the defaulted, validated object before it is stored; may throw an ApiException. */
  default void beforeCreate(ResourceType type, ObjectNode object, boolean dryRun) {}

  /** Undo what {@link #beforeCreate} reserved when the create failed after it. */
  default void createFailed(ResourceType type, ObjectNode object) {}

  /** Called with the new and the stored object before an update; may adjust or refuse it. */
  default void beforeUpdate(ResourceType type, ObjectNode object, ObjectNode old) {}

  /** Called with the stored object before a delete (or the mark for deletion); may refuse it. */
  default void beforeDelete(ResourceType type, ObjectNode current) {}

  default void afterWrite(ResourceType type, ObjectNode stored) {}

  default void afterDelete(ResourceType type, ObjectNode last) {}
}
