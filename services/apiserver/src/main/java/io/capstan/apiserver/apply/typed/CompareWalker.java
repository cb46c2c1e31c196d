package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.FieldPath;
import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.fieldpath.JsonValues;
import io.capstan.apiserver.apply.fieldpath.PathElement;
import io.capstan.apiserver.apply.typed.SchemaType.Atom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Compares two values of one type (upstream's {@code compareWalker}). Leaves (scalars, atomic
 * lists and maps, empty containers) are added, removed or modified; a granular node that appears
 * or disappears is itself added or removed too, which FieldsV1 shows as {@code ".": {}}.
 */
final class CompareWalker {
  private final FieldSet.Builder removed = new FieldSet.Builder();
  private final FieldSet.Builder modified = new FieldSet.Builder();
  private final FieldSet.Builder added = new FieldSet.Builder();

  /** One node being compared; {@code lhs}/{@code rhs} are null when absent. */
  private static final class Node {
    final JsonNode lhs;
    final JsonNode rhs;
    final SchemaType type;
    final FieldPath path;
    boolean inLeaf;

    Node(JsonNode lhs, JsonNode rhs, SchemaType type, FieldPath path) {
      this.lhs = lhs;
      this.rhs = rhs;
      this.type = type;
      this.path = path;
    }
  }

  private CompareWalker() {}

  static Comparison compare(JsonNode lhs, JsonNode rhs, SchemaType type) {
    CompareWalker w = new CompareWalker();
    w.compare(new Node(lhs, rhs, type, FieldPath.ROOT));
    return new Comparison(w.removed.build(), w.modified.build(), w.added.build());
  }

  private void compare(Node n) {
    Atom l = n.type.atomFor(n.lhs);
    Atom r = n.type.atomFor(n.rhs);
    if (n.rhs == null) {
      handle(l, n);
    } else if (n.lhs == null || l == r) {
      handle(r, n);
    } else {
      // The value changed kind: walk it as the old kind too (on a copy, as upstream does).
      handle(l, new Node(n.lhs, n.rhs, n.type, n.path));
      handle(r, n);
    }
    if (!n.inLeaf) {
      if (n.lhs == null) added.insert(n.path);
      else if (n.rhs == null) removed.insert(n.path);
    }
  }

  private void handle(Atom atom, Node n) {
    switch (atom) {
      case SCALAR -> leaf(n);
      case LIST -> list(n);
      case MAP -> map(n);
    }
  }

  private void leaf(Node n) {
    if (n.inLeaf) return;
    n.inLeaf = true;
    if (n.lhs == null) added.insert(n.path);
    else if (n.rhs == null) removed.insert(n.path);
    else if (!JsonValues.equal(n.lhs, n.rhs)) modified.insert(n.path);
  }

  private void list(Node n) {
    JsonNode l = n.lhs != null && n.lhs.isArray() ? n.lhs : null;
    JsonNode r = n.rhs != null && n.rhs.isArray() ? n.rhs : null;
    boolean bothEmpty = (l == null || l.size() == 0) && (r == null || r.size() == 0);
    if (n.type.isListAtomic() || bothEmpty) {
      leaf(n);
      return;
    }
    TreeMap<PathElement, List<JsonNode>> lValues = new TreeMap<>();
    TreeMap<PathElement, List<JsonNode>> rValues = new TreeMap<>();
    Set<PathElement> all = new LinkedHashSet<>();
    if (!index(n.type, l, lValues, all) || !index(n.type, r, rValues, all)) {
      leaf(n);
      return;
    }
    for (PathElement pe : all) {
      List<JsonNode> ls = lValues.getOrDefault(pe, List.of());
      List<JsonNode> rs = rValues.getOrDefault(pe, List.of());
      FieldPath itemPath = n.path.append(pe);
      if (ls.size() <= 1 && rs.size() <= 1) {
        compare(new Node(ls.isEmpty() ? null : ls.get(0), rs.isEmpty() ? null : rs.get(0), n.type.item(), itemPath));
      } else if (ls.size() >= 2 && rs.size() >= 2) {
        if (!sameItems(ls, rs)) modified.insert(itemPath);
      } else if (ls.size() >= 2) {
        if (!rs.isEmpty()) compare(new Node(null, rs.get(0), n.type.item(), itemPath));
        removed.insert(itemPath);
      } else {
        if (!ls.isEmpty()) compare(new Node(ls.get(0), null, n.type.item(), itemPath));
        added.insert(itemPath);
      }
    }
  }

  /** Groups items by name; false when an item cannot be named, and then the list is compared whole. */
  private static boolean index(SchemaType t, JsonNode list, TreeMap<PathElement, List<JsonNode>> values,
      Set<PathElement> order) {
    if (list == null) return true;
    for (JsonNode item : list) {
      PathElement pe;
      try {
        pe = ListItems.pathElement(t, item);
      } catch (ListItems.BadItem e) {
        return false;
      }
      values.computeIfAbsent(pe, k -> new ArrayList<>()).add(item);
      order.add(pe);
    }
    return true;
  }

  private static boolean sameItems(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) {
      if (!JsonValues.equal(a.get(i), b.get(i))) return false;
    }
    return true;
  }

  private void map(Node n) {
    JsonNode l = n.lhs != null && n.lhs.isObject() ? n.lhs : null;
    JsonNode r = n.rhs != null && n.rhs.isObject() ? n.rhs : null;
    boolean bothEmpty = (l == null || l.size() == 0) && (r == null || r.size() == 0);
    if (n.type.isMapAtomic() || bothEmpty) {
      leaf(n);
      return;
    }
    Set<String> keys = new LinkedHashSet<>();
    if (l != null) keys.addAll(l.propertyNames());
    if (r != null) keys.addAll(r.propertyNames());
    for (String key : keys) {
      compare(new Node(l == null ? null : l.get(key), r == null ? null : r.get(key), n.type.field(key),
          n.path.append(PathElement.field(key))));
    }
  }
}
