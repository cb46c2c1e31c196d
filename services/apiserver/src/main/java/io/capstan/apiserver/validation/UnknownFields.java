package io.capstan.apiserver.validation;

import io.capstan.apiserver.openapi.SchemaLookup;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds the fields of an object that its schema does not declare, with the paths Kubernetes'
 * strict decoder prints ({@code spec.template.spec.containers[0].foo}). A schema that declares
 * properties and neither preserves unknown fields nor allows additional properties rejects every
 * other field; schemas without properties (IntOrString, RawExtension, untyped JSON) accept anything.
 */
final class UnknownFields {
  private final SchemaLookup schemas;

  UnknownFields(SchemaLookup schemas) {
    this.schemas = schemas;
  }

  /**
   * Adds the path of every unknown field under {@code value} to {@code out}; with {@code prune},
   * also removes those fields, as Kubernetes drops them from what it stores.
   */
  void walk(JsonNode value, JsonNode schema, String path, List<String> out, boolean prune) {
    if (value == null || schema == null) return;
    JsonNode s = schemas.resolve(schema);
    if (value.isObject()) {
      JsonNode props = s.get("properties");
      JsonNode additional = s.get("additionalProperties");
      boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
      if (props != null && props.isObject()) {
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String field = e.getKey();
          JsonNode p = props.get(field);
          String fieldPath = path.isEmpty() ? field : path + "." + field;
          if (p != null) {
            walk(e.getValue(), p, fieldPath, out, prune);
          } else if (additional != null && additional.isObject()) {
            walk(e.getValue(), additional, fieldPath, out, prune);
          } else if (!preserve && !additional(additional) && !(embedded && isTypeMeta(field))) {
            out.add(fieldPath);
            if (prune) it.remove();
          }
        }
      } else if (additional != null && additional.isObject()) {
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          walk(e.getValue(), additional, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out, prune);
        }
      }
    } else if (value.isArray()) {
      JsonNode items = s.get("items");
      if (items == null || !items.isObject()) return;
      for (int i = 0; i < value.size(); i++) walk(value.get(i), items, path + "[" + i + "]", out, prune);
    }
  }

  private static boolean additional(JsonNode additional) {
    return additional != null && additional.asBoolean(false);
  }

  private static boolean isTypeMeta(String field) {
    return field.equals("apiVersion") || field.equals("kind") || field.equals("metadata");
  }
}
