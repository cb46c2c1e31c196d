package io.capstan.apiserver.patch;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.Json;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link SchemaLookup} over a hand-written {@code components.schemas} map, resolving
 * {@code $ref} and the one-element {@code allOf} Kubernetes wraps references in, with the
 * referring node's extensions winning, as the contract says.
 */
final class FakeSchemas implements SchemaLookup {
  private static final String PREFIX = "#/components/schemas/";
  private final JsonNode components;
  private final Map<String, String> roots;

  /** {@code roots}: "apiVersion/kind" → schema name. */
  FakeSchemas(JsonNode components, Map<String, String> roots) {
    this.components = components;
    this.roots = roots;
  }

  /** The v1.32-shaped fragments of {@link KubeSchemaFragments}, rooted at the kinds the tests patch. */
  static FakeSchemas kubernetes() {
    return new FakeSchemas(Json.MAPPER.readTree(KubeSchemaFragments.JSON), Map.of(
        "apps/v1/Deployment", "io.k8s.api.apps.v1.Deployment",
        "v1/Pod", "io.k8s.api.core.v1.Pod",
        "v1/Service", "io.k8s.api.core.v1.Service",
        "v1/ConfigMap", "io.k8s.api.core.v1.ConfigMap"));
  }

  @Override
  public Optional<JsonNode> root(String apiVersion, String kind) {
    String name = roots.get(apiVersion + "/" + kind);
    return name == null ? Optional.empty() : Optional.of(components.get(name));
  }

  @Override
  public JsonNode resolve(JsonNode schema) {
    if (schema == null) return Json.object();
    JsonNode ref = schema.get("$ref");
    JsonNode allOf = schema.get("allOf");
    if (ref == null && allOf != null && allOf.size() == 1) ref = allOf.get(0).get("$ref");
    if (ref == null) return schema;
    JsonNode target = components.get(ref.stringValue().substring(PREFIX.length()));
    if (target == null) return Json.object();
    ObjectNode out = (ObjectNode) resolve(target).deepCopy();
    for (String name : schema.propertyNames()) {
      if (name.startsWith("x-")) out.set(name, schema.get(name));
    }
    return out;
  }
}
