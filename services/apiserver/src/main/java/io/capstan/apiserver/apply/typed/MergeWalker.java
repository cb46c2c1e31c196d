package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.PathElement;
import io.capstan.apiserver.apply.typed.SchemaType.Atom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges an applied configuration (rhs) into the live object (lhs), upstream's {@code Merge} with
 * the keep-rhs rule: leaves take the configuration's value, granular maps merge by key,
 * associative lists by item name, keeping live items the configuration does not mention in place.
 * A null in the configuration unsets the field (typed Kubernetes objects drop nil fields).
 */
final class MergeWalker {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final class Node {
    final JsonNode lhs;
    final JsonNode rhs;
    final SchemaType type;
    boolean inLeaf;
    JsonNode out;

    Node(JsonNode lhs, JsonNode rhs, SchemaType type) {
      this.lhs = lhs;
      this.rhs = rhs;
      this.type = type;
    }
  }

  private MergeWalker() {}

  /** The merged value; null when nothing remains. */
  static JsonNode merge(JsonNode lhs, JsonNode rhs, SchemaType type) {
    Node n = new Node(lhs, rhs, type);
    merge(n);
    return n.out;
  }

  private static void merge(Node n) {
    Atom l = n.type.atomFor(n.lhs);
    Atom r = n.type.atomFor(n.rhs);
    if (n.rhs == null) {
      handle(l, n);
    } else if (n.lhs == null || l == r) {
      handle(r, n);
    } else {
      handle(l, new Node(n.lhs, n.rhs, n.type));
      handle(r, n);
    }
  }

  private static void handle(Atom atom, Node n) {
    switch (atom) {
      case SCALAR -> leaf(n);
      case LIST -> list(n);
      case MAP -> map(n);
    }
  }

  private static void leaf(Node n) {
    if (n.inLeaf) return;
    n.inLeaf = true;
    n.out = (n.rhs != null ? n.rhs : n.lhs).deepCopy();
  }

  private static void list(Node n) {
    JsonNode l = n.lhs != null && n.lhs.isArray() ? n.lhs : null;
    JsonNode r = n.rhs != null && n.rhs.isArray() ? n.rhs : null;
    boolean bothEmpty = (l == null || l.size() == 0) && (r == null || r.size() == 0);
    if (n.type.isListAtomic() || bothEmpty) {
      leaf(n);
      return;
    }
    List<PathElement> rPEs = new ArrayList<>();
    TreeMap<PathElement, JsonNode> rObserved = new TreeMap<>();
    List<PathElement> lPEs = new ArrayList<>();
    TreeMap<PathElement, JsonNode> lObserved = new TreeMap<>();
    if (!index(n.type, r, rPEs, rObserved, false) || !index(n.type, l, lPEs, lObserved, true)) {
      // The configuration was validated, so only live data can get here: replace it whole.
      leaf(n);
      return;
    }
    Deque<PathElement> sharedOrder = new ArrayDeque<>();
    for (PathElement pe : rPEs) {
      if (lObserved.containsKey(pe)) sharedOrder.add(pe);
    }
    PathElement nextShared = sharedOrder.poll();
    Set<PathElement> mergedRhs = new HashSet<>();
    ArrayNode out = NODES.arrayNode();
    int lLen = lPEs.size();
    int rLen = rPEs.size();
    for (int li = 0, ri = 0; li < lLen || ri < rLen; ) {
      if (li < lLen && ri < rLen) {
        PathElement pe = lPEs.get(li);
        if (pe.equals(rPEs.get(ri))) {
          mergedRhs.add(pe);
          addItem(out, n.type, lObserved.get(pe), rObserved.get(pe));
          li++;
          ri++;
          nextShared = sharedOrder.poll();
          continue;
        }
        if (rObserved.containsKey(pe) && nextShared != null && !nextShared.equals(pe)) {
          li++;
          continue;
        }
      }
      if (li < lLen) {
        PathElement pe = lPEs.get(li);
        if (!rObserved.containsKey(pe)) {
          addItem(out, n.type, l.get(li), null);
          li++;
          continue;
        } else if (mergedRhs.contains(pe)) {
          li++;
        }
      }
      if (ri < rLen) {
        PathElement pe = rPEs.get(ri);
        mergedRhs.add(pe);
        addItem(out, n.type, lObserved.get(pe), rObserved.get(pe));
        ri++;
        if (nextShared != null && nextShared.equals(pe)) nextShared = sharedOrder.poll();
      }
    }
    if (out.size() > 0) n.out = out;
  }

  /**
   * Names the items in order. A name the live list repeats maps to null, so the configuration's
   * item replaces all of them (upstream keeps duplicates only where the configuration is silent).
   */
  private static boolean index(SchemaType t, JsonNode list, List<PathElement> pes,
      TreeMap<PathElement, JsonNode> observed, boolean allowDuplicates) {
    if (list == null) return true;
    for (JsonNode item : list) {
      PathElement pe;
      try {
        pe = ListItems.pathElement(t, item);
      } catch (ListItems.BadItem e) {
        return false;
      }
      if (observed.containsKey(pe)) {
        if (!allowDuplicates) throw new IllegalStateException("duplicate entries for key " + pe);
        observed.put(pe, NullNode.getInstance());
      } else {
        observed.put(pe, item);
      }
      pes.add(pe);
    }
    return true;
  }

  private static void addItem(ArrayNode out, SchemaType list, JsonNode lhs, JsonNode rhs) {
    Node item = new Node(lhs, rhs, list.item());
    merge(item);
    if (item.out != null) out.add(item.out);
  }

  private static void map(Node n) {
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
    ObjectNode out = NODES.objectNode();
    for (String key : keys) {
      Node child = new Node(l == null ? null : l.get(key), r == null ? null : r.get(key), n.type.field(key));
      merge(child);
      if (child.out != null && !child.out.isNull()) out.set(key, child.out);
    }
    if (out.size() > 0) n.out = out;
  }
}
