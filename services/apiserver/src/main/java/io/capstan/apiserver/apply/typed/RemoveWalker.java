package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.FieldPath;
import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.fieldpath.PathElement;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes the members of a field set from a value, with everything under them (upstream's
 * {@code RemoveItems}). A map or associative list left with nothing is removed as well, as a nil
 * map or slice disappears from a typed Kubernetes object.
 */
final class RemoveWalker {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RemoveWalker() {}

  /** The value without the given items; null when nothing remains. */
  static JsonNode remove(JsonNode v, FieldSet toRemove, SchemaType t) {
    switch (t.atomFor(v)) {
      case SCALAR:
        return v;
      case LIST:
        if (v == null || !v.isArray()) return v;
        if (v.size() == 0 || t.isListAtomic()) return null;
        ArrayNode items = NODES.arrayNode();
        for (JsonNode item : v) {
          PathElement pe;
          try {
            pe = ListItems.pathElement(t, item);
          } catch (ListItems.BadItem e) {
            items.add(item);
            continue;
          }
          if (toRemove.has(FieldPath.of(pe))) continue;
          FieldSet sub = toRemove.withPrefix(pe);
          JsonNode kept = sub.isEmpty() ? item : remove(item, sub, t.item());
          if (kept != null) items.add(kept);
        }
        return items.size() == 0 ? null : items;
      default:
        if (v == null || !v.isObject()) return v;
        if (v.size() == 0 || t.isMapAtomic()) return null;
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
          PathElement pe = PathElement.field(e.getKey());
          if (toRemove.has(FieldPath.of(pe))) continue;
          FieldSet sub = toRemove.withPrefix(pe);
          JsonNode kept = sub.isEmpty() ? e.getValue() : remove(e.getValue(), sub, t.field(e.getKey()));
          if (kept != null) out.set(e.getKey(), kept);
        }
        return out.size() == 0 ? null : out;
    }
  }
}
