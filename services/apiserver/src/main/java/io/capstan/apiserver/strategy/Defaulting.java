package io.capstan.apiserver.strategy;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small JSON-tree helpers for defaulting. "Unset" follows Go: a missing or null field, and for
 * strings also "" (the zero value Kubernetes defaults over).
 */
final class Defaulting {
  private Defaulting() {}

  static boolean unset(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull();
  }

  static boolean blank(JsonNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() || (n.isString() && n.asString().isEmpty());
  }

  static void stringIfBlank(ObjectNode o, String field, String value) {
    if (blank(o, field)) o.put(field, value);
  }

  static void intIfUnset(ObjectNode o, String field, long value) {
    if (unset(o, field)) putInt(o, field, value);
  }

  /** Stores an int when it fits, as Jackson reads small numbers, so trees compare equal. */
  static void putInt(ObjectNode o, String field, long value) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) o.put(field, (int) value);
    else o.put(field, value);
  }

  /** Deep equality where numbers compare by value (30 equals 30L and 30.0). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a == null || b == null) return a == b;
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) return false;
      for (java.util.Map.Entry<String, JsonNode> e : a.properties()) {
        if (!sameJson(e.getValue(), b.get(e.getKey()))) return false;
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) return false;
      for (int i = 0; i < a.size(); i++) if (!sameJson(a.get(i), b.get(i))) return false;
      return true;
    }
    return a.equals(b);
  }

  /** For Go non-pointer ints, where 0 means "not given". */
  static void intIfZero(ObjectNode o, String field, long value) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull() || (n.isNumber() && n.asLong() == 0)) putInt(o, field, value);
  }

  static void boolIfUnset(ObjectNode o, String field, boolean value) {
    if (unset(o, field)) o.put(field, value);
  }

  /** The object at {@code field}, created when missing or not an object. */
  static ObjectNode child(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n instanceof ObjectNode o) return o;
    return parent.putObject(field);
  }

  /** The object at {@code field}, or null when it is absent or not an object. */
  static ObjectNode childIfPresent(JsonNode parent, String field) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n instanceof ObjectNode o ? o : null;
  }

  /** The object elements of the array at {@code field} (none when absent). */
  static List<ObjectNode> objects(JsonNode parent, String field) {
    List<ObjectNode> out = new ArrayList<>();
    JsonNode n = parent == null ? null : parent.get(field);
    if (n instanceof ArrayNode a) {
      for (JsonNode e : a) if (e instanceof ObjectNode o) out.add(o);
    }
    return out;
  }
}
