package io.capstan.apiserver.patch;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.Json;
import tools.jackson.databind.JsonNode;

/**
 * A position in a kind's OpenAPI v3 schema, read the way strategic merge patch reads it
 * (upstream's {@code PatchMetaFromOpenAPIV3}): a field's {@code x-kubernetes-patch-strategy} and
 * {@code x-kubernetes-patch-merge-key} sit on the property that refers to the field's type. A field
 * the schema does not describe is untyped: no strategy, no merge key, so its lists are replaced.
 */
final class PatchSchema {
  static final String MERGE = "merge";
  static final String REPLACE = "replace";
  private static final String RETAIN_KEYS = "retainKeys";

  /** Patch metadata of one field, and the schema of its value. */
  record Field(String strategy, String mergeKey, PatchSchema schema) {
    boolean merges() {
      return MERGE.equals(strategy);
    }

    boolean replaces() {
      return REPLACE.equals(strategy);
    }

    /** The schema of the field's list elements. */
    PatchSchema elements() {
      return schema.elements();
    }
  }

  private final SchemaLookup lookup;
  private final JsonNode node;

  private PatchSchema(SchemaLookup lookup, JsonNode resolved) {
    this.lookup = lookup;
    this.node = resolved;
  }

  static PatchSchema of(SchemaLookup lookup, JsonNode schema) {
    return new PatchSchema(lookup, lookup.resolve(schema == null ? Json.object() : schema));
  }

  Field field(String name) {
    JsonNode raw = node.path("properties").get(name);
    if (raw == null && node.path("additionalProperties").isObject()) raw = node.get("additionalProperties");
    if (raw == null) return new Field("", "", of(lookup, null));
    JsonNode resolved = lookup.resolve(raw);
    return new Field(strategy(extension(raw, resolved, "x-kubernetes-patch-strategy")),
        extension(raw, resolved, "x-kubernetes-patch-merge-key"), new PatchSchema(lookup, resolved));
  }

  PatchSchema elements() {
    return of(lookup, node.get("items"));
  }

  /** For messages: the schema's type, as upstream names it. */
  String name() {
    JsonNode type = node.get("type");
    return type != null && type.isString() ? type.stringValue() : "Struct";
  }

  /** Extensions on the referring property win; a resolver that merged them in is read second. */
  private static String extension(JsonNode raw, JsonNode resolved, String name) {
    JsonNode v = raw.get(name);
    if (v == null) v = resolved.get(name);
    return v != null && v.isString() ? v.stringValue().trim() : "";
  }

  /** "merge,retainKeys" is a merge list whose elements take $retainKeys; retainKeys alone merges as a map does. */
  private static String strategy(String declared) {
    for (String s : declared.split(",")) {
      String t = s.trim();
      if (!t.isEmpty() && !t.equals(RETAIN_KEYS)) return t;
    }
    return "";
  }
}
