package io.capstan.apiserver.openapi;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI v3 schemas of served kinds, as the patch engines and field validation read them.
 * Schemas use the standard shape ({@code type}, {@code properties}, {@code items},
 * {@code additionalProperties}, {@code $ref}/{@code allOf}) plus Kubernetes' extensions:
 * {@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-patch-strategy} ("merge",
 * "retainKeys", "merge,retainKeys", "replace"), {@code x-kubernetes-list-type} ("atomic", "set",
 * "map"), {@code x-kubernetes-list-map-keys}, {@code x-kubernetes-map-type},
 * {@code x-kubernetes-preserve-unknown-fields}, {@code x-kubernetes-int-or-string}.
 */
public interface SchemaLookup {

  /** The schema of a kind's top-level object, or empty when the kind has none (then patch as untyped). */
  Optional<JsonNode> root(String apiVersion, String kind);

  /**
   * The schema with {@code $ref} (and a single-element {@code allOf} wrapping a {@code $ref}, as
   * Kubernetes writes referenced fields) followed; extensions on the referring node win over the
   * referenced schema's. Never null: an unknown reference resolves to an empty (untyped) schema.
   */
  JsonNode resolve(JsonNode schema);
}
