package io.capstan.apiserver.strategy;

import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Builds {@link Cause}s exactly as Kubernetes' {@code field.Error} renders them, so that
 * {@code ApiException.invalid} prints {@code spec.replicas: Invalid value: -1: must be greater than
 * or equal to 0}: the cause's message is the error body ({@code Invalid value: -1: ...}), its field
 * the JSON path, its reason the {@code FieldValue*} cause type.
 *
 * <p>Bad values print as Go does: strings quoted ({@code %q}), numbers and booleans bare, anything
 * else as compact JSON.
 */
public final class FieldError {
  private FieldError() {}

  public static Cause invalid(String field, Object value, String detail) {
    return withValue("FieldValueInvalid", "Invalid value", field, value, detail);
  }

  public static Cause required(String field, String detail) {
    return new Cause("FieldValueRequired", withDetail("Required value", detail), field);
  }

  public static Cause required(String field) {
    return required(field, "");
  }

  public static Cause duplicate(String field, Object value) {
    return withValue("FieldValueDuplicate", "Duplicate value", field, value, "");
  }

  public static Cause notFound(String field, Object value) {
    return withValue("FieldValueNotFound", "Not found", field, value, "");
  }

  /** {@code Unsupported value: "x": supported values: "a", "b"}. */
  public static Cause notSupported(String field, Object value, List<String> valid) {
    StringBuilder detail = new StringBuilder();
    if (!valid.isEmpty()) {
      detail.append("supported values: ");
      for (int i = 0; i < valid.size(); i++) {
        if (i > 0) detail.append(", ");
        detail.append(LabelValidation.quote(valid.get(i)));
      }
    }
    return withValue("FieldValueNotSupported", "Unsupported value", field, value, detail.toString());
  }

  public static Cause forbidden(String field, String detail) {
    return new Cause("FieldValueForbidden", withDetail("Forbidden", detail), field);
  }

  /** {@code Too long: may not be more than N bytes}; the value is never printed. */
  public static Cause tooLong(String field, int maxBytes) {
    String unit = maxBytes == 1 ? "byte" : "bytes";
    return new Cause("FieldValueTooLong", "Too long: may not be more than " + maxBytes + " " + unit, field);
  }

  public static Cause tooMany(String field, int actual, int max) {
    return new Cause("FieldValueTooMany",
        "Too many: " + actual + ": must have at most " + max + (max == 1 ? " item" : " items"), field);
  }

  private static Cause withValue(String reason, String type, String field, Object value, String detail) {
    return new Cause(reason, withDetail(type + ": " + render(value), detail), field);
  }

  private static String withDetail(String body, String detail) {
    return detail == null || detail.isEmpty() ? body : body + ": " + detail;
  }

  /** A bad value as Kubernetes prints it. */
  public static String render(Object v) {
    if (v == null) return "null";
    if (v instanceof String s) return LabelValidation.quote(s);
    if (v instanceof Number || v instanceof Boolean) return v.toString();
    if (v instanceof JsonNode n) {
      if (n.isString()) return LabelValidation.quote(n.asString());
      if (n.isNumber() || n.isBoolean()) return n.toString();
      return json(n);
    }
    StringBuilder sb = new StringBuilder();
    writeJava(sb, v);
    return sb.toString();
  }

  /** Compact JSON with Go's string escaping (json.Marshal). */
  public static String json(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    writeNode(sb, n);
    return sb.toString();
  }

  private static void writeNode(StringBuilder sb, JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      sb.append("null");
    } else if (n.isObject()) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (!first) sb.append(',');
        first = false;
        writeString(sb, e.getKey());
        sb.append(':');
        writeNode(sb, e.getValue());
      }
      sb.append('}');
    } else if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) {
        if (i > 0) sb.append(',');
        writeNode(sb, n.get(i));
      }
      sb.append(']');
    } else if (n.isString()) {
      writeString(sb, n.asString());
    } else {
      sb.append(n.toString());
    }
  }

  private static void writeJava(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      writeString(sb, s);
    } else if (v instanceof JsonNode n) {
      writeNode(sb, n);
    } else if (v instanceof Map<?, ?> m) {
      // Go marshals maps with sorted keys.
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
        if (!first) sb.append(',');
        first = false;
        writeString(sb, String.valueOf(e.getKey()));
        sb.append(':');
        writeJava(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) sb.append(',');
        first = false;
        writeJava(sb, o);
      }
      sb.append(']');
    } else {
      sb.append(v);
    }
  }

  private static void writeString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
