package io.capstan.apiserver.apply.fieldpath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Equality, order and text of JSON values as structured-merge-diff's {@code value} package defines
 * them: integers and floats compare numerically, and kinds order numbers, strings, booleans,
 * lists, maps, null. Strings order by code point, which is Go's byte order of UTF-8.
 */
public final class JsonValues {
  private JsonValues() {}

  public static boolean equal(JsonNode a, JsonNode b) {
    if (isFloat(a) || isFloat(b)) {
      return a.isNumber() && b.isNumber() && a.doubleValue() == b.doubleValue();
    }
    if (a.isIntegralNumber() || b.isIntegralNumber()) {
      return a.isIntegralNumber() && b.isIntegralNumber() && a.bigIntegerValue().equals(b.bigIntegerValue());
    }
    if (a.isString() || b.isString()) return a.isString() && b.isString() && a.stringValue().equals(b.stringValue());
    if (a.isBoolean() || b.isBoolean()) return a.isBoolean() && b.isBoolean() && a.booleanValue() == b.booleanValue();
    if (a.isArray() || b.isArray()) {
      if (!a.isArray() || !b.isArray() || a.size() != b.size()) return false;
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) return false;
      }
      return true;
    }
    if (a.isObject() || b.isObject()) {
      if (!a.isObject() || !b.isObject() || a.size() != b.size()) return false;
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !equal(e.getValue(), other)) return false;
      }
      return true;
    }
    return a.isNull() == b.isNull();
  }

  /** A hash consistent with {@link #equal}. */
  public static int hash(JsonNode v) {
    if (v.isNumber()) return Double.hashCode(v.doubleValue());
    if (v.isString()) return v.stringValue().hashCode();
    if (v.isBoolean()) return Boolean.hashCode(v.booleanValue());
    if (v.isArray()) {
      int h = 1;
      for (JsonNode item : v) h = 31 * h + hash(item);
      return h;
    }
    if (v.isObject()) {
      int h = 7;
      for (Map.Entry<String, JsonNode> e : v.properties()) h += e.getKey().hashCode() ^ hash(e.getValue());
      return h;
    }
    return 0;
  }

  public static int compare(JsonNode a, JsonNode b) {
    if (isFloat(a)) {
      if (!isFloat(b)) return b.isIntegralNumber() ? Double.compare(a.doubleValue(), b.doubleValue()) : -1;
      return Double.compare(a.doubleValue(), b.doubleValue());
    } else if (isFloat(b)) {
      return a.isIntegralNumber() ? Double.compare(a.doubleValue(), b.doubleValue()) : 1;
    }
    if (a.isIntegralNumber()) return b.isIntegralNumber() ? a.bigIntegerValue().compareTo(b.bigIntegerValue()) : -1;
    if (b.isIntegralNumber()) return 1;
    if (a.isString()) return b.isString() ? Integer.signum(compareStrings(a.stringValue(), b.stringValue())) : -1;
    if (b.isString()) return 1;
    if (a.isBoolean()) return b.isBoolean() ? Boolean.compare(a.booleanValue(), b.booleanValue()) : -1;
    if (b.isBoolean()) return 1;
    if (a.isArray()) return b.isArray() ? compareLists(a, b) : -1;
    if (b.isArray()) return 1;
    if (a.isObject()) return b.isObject() ? compareMaps(a, b) : -1;
    if (b.isObject()) return 1;
    return 0;
  }

  private static int compareLists(JsonNode a, JsonNode b) {
    for (int i = 0; ; i++) {
      if (i >= a.size() && i >= b.size()) return 0;
      if (i >= a.size()) return -1;
      if (i >= b.size()) return 1;
      int c = compare(a.get(i), b.get(i));
      if (c != 0) return c;
    }
  }

  /** Keys in lexical order; the first difference decides, a missing key orders after a present one. */
  private static int compareMaps(JsonNode a, JsonNode b) {
    if (a.size() == 0 && b.size() == 0) return 0;
    TreeSet<String> keys = new TreeSet<>(JsonValues::compareStrings);
    keys.addAll(a.propertyNames());
    keys.addAll(b.propertyNames());
    int i = 0;
    for (String key : keys) {
      JsonNode l = a.get(key);
      JsonNode r = b.get(key);
      int c;
      if (i == a.size()) c = -1;
      else if (i == b.size()) c = 1;
      else if (l == null) c = 1;
      else if (r == null) c = -1;
      else c = compare(l, r);
      i++;
      if (c != 0) return c;
    }
    return 0;
  }

  /** Go's {@code strings.Compare} on UTF-8: code point order. */
  public static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return ca < cb ? -1 : 1;
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** structured-merge-diff's {@code value.ToString}, used in paths such as {@code [name="web"]}. */
  public static String toGoString(JsonNode v) {
    if (v == null || v.isNull()) return "null";
    if (isFloat(v)) return GoText.goFloat(v.doubleValue());
    if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
    if (v.isString()) return GoText.quote(v.stringValue());
    if (v.isBoolean()) return Boolean.toString(v.booleanValue());
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode item : v) parts.add(toGoString(item));
      return "[" + String.join(",", parts) + "]";
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      sb.append(e.getKey()).append('=').append(toGoString(e.getValue()));
    }
    return sb.toString();
  }

  private static boolean isFloat(JsonNode v) {
    return v.isNumber() && !v.isIntegralNumber();
  }
}
