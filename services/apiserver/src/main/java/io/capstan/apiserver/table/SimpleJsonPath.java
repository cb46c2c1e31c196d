package io.capstan.apiserver.table;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The JSONPath subset CRD printer columns use in practice: {@code .a.b}, {@code .a['x.y']},
 * {@code .a[0]}, {@code .a[*]} and the filter {@code .a[?(@.type=="Ready")]} (also {@code !=}).
 * Like Kubernetes' CRD table convertor, callers use the first result only.
 */
final class SimpleJsonPath {

  private sealed interface Step permits Field, Index, Wildcard, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record Wildcard() implements Step {}

  private record Filter(List<String> path, String value, boolean equal) implements Step {}

  private final List<Step> steps;

  private SimpleJsonPath(List<Step> steps) {
    this.steps = steps;
  }

  /** Parses a path such as {@code .status.replicas}; braces ({@code {.a}}) are accepted too. */
  static SimpleJsonPath parse(String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) p = p.substring(1, p.length() - 1).trim();
    if (p.startsWith("$")) p = p.substring(1);
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        int j = i + 1;
        while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') j++;
        if (j > i + 1) steps.add(new Field(p.substring(i + 1, j)));
        i = j;
      } else if (c == '[') {
        int end = closingBracket(p, i);
        steps.add(bracket(p.substring(i + 1, end).trim()));
        i = end + 1;
      } else {
        int j = i;
        while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') j++;
        steps.add(new Field(p.substring(i, j)));
        i = j;
      }
    }
    return new SimpleJsonPath(steps);
  }

  private static int closingBracket(String p, int open) {
    char quote = 0;
    for (int k = open + 1; k < p.length(); k++) {
      char c = p.charAt(k);
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ']') {
        return k;
      }
    }
    throw new IllegalArgumentException("unclosed [ in JSONPath " + p);
  }

  private static Step bracket(String inner) {
    if (inner.equals("*")) return new Wildcard();
    if (inner.startsWith("'") || inner.startsWith("\"")) return new Field(unquote(inner));
    if (inner.startsWith("?(") && inner.endsWith(")")) {
      String expr = inner.substring(2, inner.length() - 1).trim();
      boolean equal = !expr.contains("!=");
      String[] sides = expr.split(equal ? "==" : "!=", 2);
      if (sides.length != 2 || !sides[0].trim().startsWith("@")) {
        throw new IllegalArgumentException("unsupported JSONPath filter " + inner);
      }
      List<String> path = new ArrayList<>();
      for (String part : sides[0].trim().substring(1).split("\\.")) {
        if (!part.isEmpty()) path.add(part);
      }
      return new Filter(path, unquote(sides[1].trim()), equal);
    }
    try {
      return new Index(Integer.parseInt(inner));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unsupported JSONPath subscript [" + inner + "]");
    }
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  /** The first value the path selects, or null when it selects nothing. */
  JsonNode first(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) apply(step, n, next);
      if (next.isEmpty()) return null;
      current = next;
    }
    return current.get(0);
  }

  private static void apply(Step step, JsonNode n, List<JsonNode> out) {
    if (n == null || n.isNull()) return;
    if (step instanceof Field f) {
      JsonNode v = n.isObject() ? n.get(f.name()) : null;
      if (v != null) out.add(v);
    } else if (step instanceof Index ix) {
      if (n.isArray()) {
        int i = ix.index() < 0 ? n.size() + ix.index() : ix.index();
        if (i >= 0 && i < n.size()) out.add(n.get(i));
      }
    } else if (step instanceof Wildcard) {
      if (n.isContainer()) n.values().forEach(out::add);
    } else if (step instanceof Filter flt) {
      if (!n.isArray()) return;
      for (JsonNode item : n) {
        JsonNode v = item;
        for (String part : flt.path()) v = v != null && v.isObject() ? v.get(part) : null;
        boolean matches = v != null && !v.isContainer() && Fields.goText(v).equals(flt.value());
        if (matches == flt.equal()) out.add(item);
      }
    }
  }
}
