package io.capstan.apiserver.apply.fieldpath;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Text exactly as Go's standard library writes it, where Kubernetes' output depends on it: the
 * {@code k:}/{@code v:} keys of FieldsV1 and the last-applied annotation ({@code encoding/json},
 * which escapes {@code < > &} and sorts map keys), and conflict paths ({@code %q}, {@code %v}).
 */
public final class GoText {
  private GoText() {}

  /** Go's {@code encoding/json} of a tree; {@code sortKeys} as Go does for maps. */
  public static String json(JsonNode node, boolean sortKeys) {
    StringBuilder out = new StringBuilder();
    writeJson(node, sortKeys, out);
    return out.toString();
  }

  /** A JSON string literal as Go's {@code encoding/json} writes it (HTML-safe). */
  public static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    writeJsonString(s, out);
    return out.toString();
  }

  private static void writeJson(JsonNode node, boolean sortKeys, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isString()) {
      writeJsonString(node.stringValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      out.append(jsonFloat(node.doubleValue()));
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) out.append(',');
        writeJson(node.get(i), sortKeys, out);
      }
      out.append(']');
    } else if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
      if (sortKeys) entries.sort((a, b) -> JsonValues.compareStrings(a.getKey(), b.getKey()));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : entries) {
        if (!first) out.append(',');
        first = false;
        writeJsonString(e.getKey(), out);
        out.append(':');
        writeJson(e.getValue(), sortKeys, out);
      }
      out.append('}');
    } else {
      writeJsonString(node.asString(), out);
    }
  }

  private static void writeJsonString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c) && !validSurrogatePair(s, i)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean validSurrogatePair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  /** A float64 as {@code encoding/json} writes it: shortest form, exponent outside [1e-6, 1e21). */
  static String jsonFloat(double d) {
    if (d == 0) return "0";
    double abs = Math.abs(d);
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (abs >= 1e-6 && abs < 1e21) return shortest.toPlainString();
    String sci = exponentForm(shortest);
    return sci.replaceFirst("e-0(\\d)$", "e-$1");
  }

  /** Go's {@code %v} of a float64 ({@code strconv 'g'} with the shortest precision). */
  static String goFloat(double d) {
    if (d == 0) return "0";
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    // strconv's 'g' with the shortest precision switches to an exponent at 1e-4 and 1e+06.
    if (exponent < -4 || exponent >= 6) return exponentForm(shortest);
    return shortest.toPlainString();
  }

  private static String exponentForm(BigDecimal shortest) {
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = shortest.precision() - shortest.scale() - 1;
    StringBuilder sb = new StringBuilder();
    if (shortest.signum() < 0) sb.append('-');
    sb.append(digits.charAt(0));
    if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    if (e < 10) sb.append('0');
    sb.append(e);
    return sb.toString();
  }

  /** Go's {@code %q} ({@code strconv.Quote}). */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> {
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> {
          if (isPrint(cp)) {
            out.appendCodePoint(cp);
          } else if (cp < 0x80) {
            out.append(String.format("\\x%02x", cp));
          } else if (cp < 0x10000) {
            out.append(String.format("\\u%04x", cp));
          } else {
            out.append(String.format("\\U%08x", cp));
          }
        }
      }
    });
    return out.append('"').toString();
  }

  /** Go's {@code unicode.IsPrint}: graphic characters and the ASCII space. */
  public static boolean isPrint(int cp) {
    if (cp == ' ') return true;
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }
}
