package io.capstan.apiserver.table;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Null-safe readers with Go's zero-value semantics (a missing string is "", a missing number 0),
 * and the small formatters Kubernetes' printers share (labels, selectors, container lists).
 */
final class Fields {
  private Fields() {}

  /** The node at a dotted path, or null when absent or JSON null. */
  static JsonNode node(JsonNode root, String dottedPath) {
    JsonNode cur = root;
    for (String part : dottedPath.split("\\.")) {
      if (cur == null || !cur.isObject()) return null;
      cur = cur.get(part);
    }
    return cur == null || cur.isNull() || cur.isMissingNode() ? null : cur;
  }

  static boolean has(JsonNode root, String dottedPath) {
    return node(root, dottedPath) != null;
  }

  /** A scalar as text, "" when absent. */
  static String str(JsonNode root, String dottedPath) {
    JsonNode n = node(root, dottedPath);
    return n == null || n.isContainer() ? "" : n.asString();
  }

  /** An integer, 0 when absent or not a number. */
  static long num(JsonNode root, String dottedPath) {
    return num(root, dottedPath, 0);
  }

  static long num(JsonNode root, String dottedPath, long dflt) {
    JsonNode n = node(root, dottedPath);
    if (n == null) return dflt;
    if (n.isNumber()) return n.numberValue().longValue();
    if (n.isString()) {
      try {
        return Long.parseLong(n.asString().trim());
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    return dflt;
  }

  static boolean bool(JsonNode root, String dottedPath) {
    JsonNode n = node(root, dottedPath);
    return n != null && n.isBoolean() && n.booleanValue();
  }

  /** Elements of an array, empty when absent. */
  static List<JsonNode> list(JsonNode root, String dottedPath) {
    JsonNode n = node(root, dottedPath);
    List<JsonNode> out = new ArrayList<>();
    if (n != null && n.isArray()) n.values().forEach(out::add);
    return out;
  }

  /** Number of entries of an object or array, 0 when absent. */
  static int size(JsonNode root, String dottedPath) {
    JsonNode n = node(root, dottedPath);
    return n == null || !n.isContainer() ? 0 : n.size();
  }

  static Instant time(JsonNode root, String dottedPath) {
    return parseTime(str(root, dottedPath));
  }

  /** RFC 3339 (with or without fraction or offset), null when empty or unparsable. */
  static Instant parseTime(String s) {
    if (s == null || s.isEmpty()) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** The AGE cell: time since metadata.creationTimestamp. */
  static String age(JsonNode object, Instant now) {
    return HumanDuration.since(time(object, "metadata.creationTimestamp"), now);
  }

  static String name(JsonNode object) {
    return str(object, "metadata.name");
  }

  static String orDefault(String s, String dflt) {
    return s == null || s.isEmpty() ? dflt : s;
  }

  /** Kubernetes' {@code labels.FormatLabels}: "k=v,k2=v2" sorted by key, "<none>" when empty. */
  static String formatLabels(JsonNode map) {
    if (map == null || !map.isObject() || map.isEmpty()) return "<none>";
    TreeMap<String, String> sorted = new TreeMap<>();
    map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString()));
    List<String> parts = new ArrayList<>();
    sorted.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }

  /**
   * A LabelSelector rendered as Kubernetes' {@code labels.Selector.String()}: requirements sorted by
   * key, values of set operators sorted. Empty for a missing or empty selector.
   */
  static String selectorString(JsonNode selector) {
    if (selector == null || !selector.isObject()) return "";
    List<String[]> reqs = new ArrayList<>(); // [key, rendered]
    JsonNode ml = selector.get("matchLabels");
    if (ml != null && ml.isObject()) {
      ml.properties().forEach(e -> reqs.add(new String[] {e.getKey(), e.getKey() + "=" + e.getValue().asString()}));
    }
    JsonNode exprs = selector.get("matchExpressions");
    if (exprs != null && exprs.isArray()) {
      for (JsonNode x : exprs) {
        String key = str(x, "key");
        String op = str(x, "operator");
        TreeSet<String> values = new TreeSet<>();
        for (JsonNode v : list(x, "values")) values.add(v.asString());
        String joined = String.join(",", values);
        String rendered = switch (op) {
          case "In" -> key + " in (" + joined + ")";
          case "NotIn" -> key + " notin (" + joined + ")";
          case "Exists" -> key;
          case "DoesNotExist" -> "!" + key;
          default -> key + " " + op + " (" + joined + ")";
        };
        reqs.add(new String[] {key, rendered});
      }
    }
    reqs.sort((a, b) -> a[0].compareTo(b[0]));
    List<String> parts = new ArrayList<>();
    for (String[] r : reqs) parts.add(r[1]);
    return String.join(",", parts);
  }

  /** Kubernetes' {@code metav1.FormatLabelSelector}: the selector string, "<none>" when empty. */
  static String formatLabelSelector(JsonNode selector) {
    String s = selectorString(selector);
    return s.isEmpty() ? "<none>" : s;
  }

  /** Container names and images, each joined with ",". */
  static String[] containerCells(JsonNode containers) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    if (containers != null && containers.isArray()) {
      for (JsonNode c : containers) {
        names.add(str(c, "name"));
        images.add(str(c, "image"));
      }
    }
    return new String[] {String.join(",", names), String.join(",", images)};
  }

  /** A JSON scalar printed as Go's fmt prints the decoded value; containers as compact JSON. */
  static String goText(JsonNode n) {
    if (n == null || n.isNull()) return "";
    if (n.isString()) return n.asString();
    if (n.isIntegralNumber()) return n.numberValue().toString();
    if (n.isNumber()) {
      BigDecimal b = new BigDecimal(n.numberValue().toString()).stripTrailingZeros();
      return b.toPlainString();
    }
    if (n.isBoolean()) return String.valueOf(n.booleanValue());
    return n.toString();
  }

  static Instant later(Instant a, Instant b) {
    if (a == null) return b;
    if (b == null) return a;
    return b.isAfter(a) ? b : a;
  }
}
