package io.capstan.apiserver.apply.typed;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills in the fields a Go object always has. Kubernetes compares compiled-in kinds as Go structs,
 * where a non-pointer struct ({@code "default": {}} in OpenAPI) exists even when empty and a field
 * without {@code omitempty} ({@code required}) is null or zero when unset. So a create does not
 * "add" {@code spec}, {@code spec.template} or {@code containers}: their FieldsV1 has no {@code "."}.
 * Comparing JSON with those fields filled in on both sides gives the same answer. Custom resources
 * are compared as they are, as upstream compares unstructured objects.
 */
final class ZeroStructs {
  private ZeroStructs() {}

  static JsonNode fill(JsonNode v, SchemaType t) {
    if (v == null) return null;
    if (v.isObject() && t.hasMap()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : v.properties()) out.set(e.getKey(), fill(e.getValue(), t.field(e.getKey())));
      if (!t.isGoStruct()) return out;
      for (Iterator<String> it = t.declaredFields(); it.hasNext(); ) {
        String name = it.next();
        if (out.has(name)) continue;
        JsonNode zero = t.goZeroValue(name);
        if (zero != null) out.set(name, fill(zero.deepCopy(), t.field(name)));
      }
      return out;
    }
    if (v.isArray() && t.hasList()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : v) out.add(fill(item, t.item()));
      return out;
    }
    return v;
  }
}
