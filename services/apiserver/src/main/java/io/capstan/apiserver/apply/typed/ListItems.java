package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.GoText;
import io.capstan.apiserver.apply.fieldpath.PathElement;
import io.capstan.apiserver.apply.fieldpath.PathElement.KeyField;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The path element naming an item of an associative list, with upstream's error texts. */
final class ListItems {
  private ListItems() {}

  /** Thrown when an item cannot be named; the message is upstream's. */
  static final class BadItem extends Exception {
    BadItem(String message) {
      super(message, null, false, false);
    }
  }

  static PathElement pathElement(SchemaType list, JsonNode item) throws BadItem {
    if (list.isListAtomic()) throw new BadItem("invalid indexing of non-associative list");
    if (!list.listKeys().isEmpty()) return keyed(list, item);
    if (item.isObject()) throw new BadItem("associative list without keys has an element that's a map type");
    if (item.isArray()) throw new BadItem("not supported: associative list with lists as elements");
    if (item.isNull()) throw new BadItem("associative list without keys has an element that's an explicit null");
    return PathElement.value(item);
  }

  private static PathElement keyed(SchemaType list, JsonNode item) throws BadItem {
    if (item.isNull()) throw new BadItem("associative list with keys may not have a null element");
    if (!item.isObject()) throw new BadItem("associative list with keys may not have non-map elements");
    SchemaType element = list.item();
    List<KeyField> fields = new ArrayList<>();
    for (String key : list.listKeys()) {
      JsonNode v = item.get(key);
      if (v != null) {
        fields.add(new KeyField(key, v));
        continue;
      }
      if (!element.hasMap()) {
        throw new BadItem("couldn't find default value for " + key + ": associative list may not have non-map types");
      }
      JsonNode def = element.fieldDefault(key);
      if (def != null) fields.add(new KeyField(key, def));
    }
    if (fields.isEmpty()) {
      List<String> quoted = new ArrayList<>();
      for (String k : list.listKeys()) quoted.add(GoText.quote(k));
      throw new BadItem("associative list with keys has an element that omits all key fields ["
          + String.join(" ", quoted) + "] (and doesn't have default values for any key fields)");
    }
    return PathElement.key(fields);
  }
}
