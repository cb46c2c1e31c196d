package io.capstan.apiserver.query;

import io.capstan.model.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A {@code fieldSelector} ({@code a=b}, {@code a==b}, {@code a!=b}, comma = AND), parsed as
 * Kubernetes' {@code fields.ParseSelector} does, values unescaped ({@code \,} {@code \=}
 * {@code \\}). Immutable and thread-safe.
 *
 * <p>Use: {@code parse} the query parameter, {@code validate(group, plural)} it against the
 * fields the resource supports (a 400 with Kubernetes' message otherwise), then
 * {@code matches(object, group, plural)} per object.
 */
public final class FieldSelector {

  /** One term: {@code field=value} ({@code equals}) or {@code field!=value}. */
  public record Term(String field, boolean equals, String value) {
    @Override
    public String toString() {
      return field + (equals ? "=" : "!=") + escapeValue(value);
    }
  }

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  /**
   * Parses the string form; null or empty selects everything. Terms are kept sorted by their
   * text, as upstream sorts them before parsing.
   *
   * @throws ApiException 400 BadRequest with Kubernetes' message for malformed input
   */
  public static FieldSelector parse(String selector) {
    if (selector == null || selector.isEmpty()) return EVERYTHING;
    List<String> parts = splitTerms(selector);
    Collections.sort(parts);
    List<Term> terms = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty()) continue;
      int[] op = findOperator(part);
      if (op == null) {
        throw ApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
      }
      String lhs = part.substring(0, op[0]);
      String rhs = unescapeValue(part.substring(op[0] + op[1]));
      boolean equals = !part.startsWith("!=", op[0]);
      terms.add(new Term(lhs, equals, rhs));
    }
    return terms.isEmpty() ? EVERYTHING : new FieldSelector(terms);
  }

  /** The fields {@code ?fieldSelector=} may use on a resource (upstream's field label conversions). */
  public static Set<String> forResource(String group, String plural) {
    return SelectableFields.of(group, plural).accepted();
  }

  /**
   * Checks every term against the fields the resource supports, in term order, failing on the first
   * unsupported one with the message Kubernetes gives for that kind (e.g.
   * {@code field label not supported: spec.foo}).
   *
   * @return this selector with legacy aliases (pods' {@code spec.host}, {@code name}) rewritten
   * @throws ApiException 400 BadRequest
   */
  public FieldSelector validate(String group, String plural) {
    SelectableFields fields = SelectableFields.of(group, plural);
    List<Term> out = new ArrayList<>(terms.size());
    for (Term t : terms) {
      String canonical = fields.canonical(t.field());
      if (canonical == null) throw ApiException.badRequest(fields.unsupportedMessage(t.field()));
      out.add(new Term(canonical, t.equals(), t.value()));
    }
    return new FieldSelector(out);
  }

  /**
   * True when the object satisfies every term. Fields are read as Kubernetes' {@code GetAttrs}
   * renders them (absent strings as "", booleans as "true"/"false", counters as decimal); a field
   * the kind does not define is read from the object's JSON at that dotted path.
   */
  public boolean matches(JsonNode object, String group, String plural) {
    if (terms.isEmpty()) return true;
    SelectableFields fields = SelectableFields.of(group, plural);
    for (Term t : terms) {
      String field = fields.canonical(t.field());
      List<String> values = fields.values(object, field != null ? field : t.field());
      boolean hit = values.contains(t.value());
      if (hit != t.equals()) return false;
    }
    return true;
  }

  public List<Term> terms() {
    return terms;
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /** The value an {@code =} term demands of {@code field}, so callers can use an index. */
  public Optional<String> requiresExactMatch(String field) {
    for (Term t : terms) {
      if (t.equals() && t.field().equals(field)) return Optional.of(t.value());
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Term t : terms) {
      if (!sb.isEmpty()) sb.append(',');
      sb.append(t);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSelector other && terms.equals(other.terms);
  }

  @Override
  public int hashCode() {
    return terms.hashCode();
  }

  // ---- syntax, as in k8s.io/apimachinery/pkg/fields/selector.go ----

  /** Splits on commas not preceded by a backslash escape. */
  private static List<String> splitTerms(String s) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean inSlash = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inSlash) {
        inSlash = false;
      } else if (c == '\\') {
        inSlash = true;
      } else if (c == ',') {
        terms.add(s.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(s.substring(start));
    return terms;
  }

  /** Position and length of the first operator; "!=" and "==" win over "=" at the same place. */
  private static int[] findOperator(String term) {
    for (int i = 0; i < term.length(); i++) {
      if (term.startsWith("!=", i) || term.startsWith("==", i)) return new int[] {i, 2};
      if (term.charAt(i) == '=') return new int[] {i, 1};
    }
    return null;
  }

  static String unescapeValue(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) return s;
    StringBuilder v = new StringBuilder(s.length());
    boolean inSlash = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (inSlash) {
        if (c != '\\' && c != ',' && c != '=') {
          throw ApiException.badRequest("invalid field selector: invalid escape sequence: \\" + Character.toString(c));
        }
        v.appendCodePoint(c);
        inSlash = false;
        continue;
      }
      switch (c) {
        case '\\' -> inSlash = true;
        // Upstream prints the rune with %v, i.e. as its number ("61" for '=').
        case ',', '=' -> throw ApiException.badRequest("invalid field selector: unescaped character in value: " + c);
        default -> v.appendCodePoint(c);
      }
    }
    if (inSlash) throw ApiException.badRequest("invalid field selector: invalid escape sequence: \\");
    return v.toString();
  }

  static String escapeValue(String s) {
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }
}
