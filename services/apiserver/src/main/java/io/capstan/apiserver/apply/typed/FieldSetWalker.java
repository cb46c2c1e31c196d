package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.FieldPath;
import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.fieldpath.PathElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The fields a value sets (upstream's {@code ToFieldSet}): every scalar, every atomic list or
 * map, every associative-list item, and every map entry that is not a declared struct field —
 * so {@code labels.app} owns the label, and {@code labels} itself is only owned when empty.
 */
final class FieldSetWalker {
  private final FieldSet.Builder set = new FieldSet.Builder();

  private FieldSetWalker() {}

  static FieldSet toFieldSet(JsonNode value, SchemaType type) {
    FieldSetWalker w = new FieldSetWalker();
    w.walk(value, type, FieldPath.ROOT);
    return w.set.build();
  }

  private void walk(JsonNode v, SchemaType t, FieldPath path) {
    switch (t.atomFor(v)) {
      case SCALAR -> set.insert(path);
      case LIST -> {
        if (t.isListAtomic()) {
          set.insert(path);
        } else if (v != null && v.isArray()) {
          listItems(v, t, path);
        }
      }
      case MAP -> {
        if (t.isMapAtomic()) {
          set.insert(path);
        } else if (v != null && v.isObject()) {
          mapItems(v, t, path);
        }
      }
    }
  }

  private void listItems(JsonNode list, SchemaType t, FieldPath path) {
    List<PathElement> pes = new ArrayList<>();
    TreeSet<PathElement> seen = new TreeSet<>();
    TreeSet<PathElement> duplicates = new TreeSet<>();
    for (JsonNode item : list) {
      PathElement pe = named(t, item);
      pes.add(pe);
      if (pe != null && !seen.add(pe) && duplicates.add(pe)) {
        // A duplicated item is owned whole: its parts cannot be told apart.
        set.insert(path.append(pe));
      }
    }
    for (int i = 0; i < list.size(); i++) {
      PathElement pe = pes.get(i);
      if (pe == null || duplicates.contains(pe)) continue;
      FieldPath child = path.append(pe);
      walk(list.get(i), t.item(), child);
      set.insert(child);
    }
  }

  private void mapItems(JsonNode m, SchemaType t, FieldPath path) {
    for (Map.Entry<String, JsonNode> e : m.properties()) {
      String key = e.getKey();
      JsonNode val = e.getValue();
      FieldPath child = path.append(PathElement.field(key));
      walk(val, t.field(key), child);
      if (val.isNull() || (val.isObject() && val.size() == 0) || !t.declares(key)) set.insert(child);
    }
  }

  /** Items that cannot be named (invalid live data) are left out rather than failing the write. */
  private static PathElement named(SchemaType t, JsonNode item) {
    try {
      return ListItems.pathElement(t, item);
    } catch (ListItems.BadItem e) {
      return null;
    }
  }
}
