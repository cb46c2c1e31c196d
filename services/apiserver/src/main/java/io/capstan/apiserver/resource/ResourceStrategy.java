package io.capstan.apiserver.resource;

import io.capstan.model.ApiException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kind-specific behaviour of the generic registry (Kubernetes' {@code rest.RESTCreateStrategy}).
 * The registry sets uid, creationTimestamp, resourceVersion, generation and generateName; a
 * strategy only applies what differs per kind. Implementations must be stateless.
 */
public interface ResourceStrategy {

  /**
   * Create-only preparation after defaults (Kubernetes' {@code PrepareForCreate}), e.g. a
   * namespace's "kubernetes" finalizer or a pod's Pending phase; not run on updates.
   */
  default void prepareForCreate(ObjectNode object) {}

  /**
   * Update-only preparation before defaults and validation (Kubernetes' {@code PrepareForUpdate}),
   * e.g. a Service dropping the node ports its new type no longer has.
   */
  default void prepareForUpdate(ObjectNode object, ObjectNode old) {}

  /** Fill the defaults Kubernetes fills on create (e.g. pod restartPolicy, deployment strategy). */
  default void applyDefaults(ObjectNode object) {}

  /**
   * Every field error of a new object (name rules are checked by the registry). Field paths are
   * JSON paths as Kubernetes prints them: {@code spec.replicas}, {@code spec.containers[0].image}.
   */
  default List<ApiException.Cause> validate(ObjectNode object) {
    return List.of();
  }

  /** Every field error of an update; {@code old} is the stored object. */
  default List<ApiException.Cause> validateUpdate(ObjectNode object, ObjectNode old) {
    return validate(object);
  }

  /** True when the kind has a spec/status split (status written only via /status). */
  default boolean hasStatus() {
    return true;
  }
}
