package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.PathElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The structural checks upstream makes when it types an applied configuration: fields a closed
 * schema does not declare, associative-list items without keys, duplicate items. Scalar types are
 * left to field validation. Messages are upstream's, prefixed by the path: {@code .spec.foo: field
 * not declared in schema}.
 */
final class ValidateWalker {
  private final List<String> errors = new ArrayList<>();

  private ValidateWalker() {}

  static List<String> validate(JsonNode value, SchemaType type) {
    ValidateWalker w = new ValidateWalker();
    w.walk(value, type, "");
    return w.errors;
  }

  private void walk(JsonNode v, SchemaType t, String prefix) {
    if (v == null || v.isNull()) return;
    switch (t.atomFor(v)) {
      case LIST -> {
        if (v.isArray()) listItems(v, t, prefix);
      }
      case MAP -> {
        if (v.isObject()) mapItems(v, t, prefix);
      }
      default -> { }
    }
  }

  private void listItems(JsonNode list, SchemaType t, String prefix) {
    TreeSet<PathElement> seen = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String name;
      if (t.isListAtomic()) {
        name = "[" + i + "]";
      } else {
        PathElement pe;
        try {
          pe = ListItems.pathElement(t, item);
        } catch (ListItems.BadItem e) {
          errors.add(prefix + ": element " + i + ": " + e.getMessage());
          return;
        }
        if (!seen.add(pe)) errors.add(prefix + ": duplicate entries for key " + pe);
        name = pe.toString();
      }
      walk(item, t.item(), prefix + name);
    }
  }

  private void mapItems(JsonNode m, SchemaType t, String prefix) {
    for (Map.Entry<String, JsonNode> e : m.properties()) {
      String path = prefix + "." + e.getKey();
      if (!t.declares(e.getKey()) && !t.allowsUndeclared()) {
        errors.add(path + ": field not declared in schema");
        return;
      }
      walk(e.getValue(), t.field(e.getKey()), path);
    }
  }
}
