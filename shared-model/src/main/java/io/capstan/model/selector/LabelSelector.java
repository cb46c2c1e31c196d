package io.capstan.model.selector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A Kubernetes label selector: an AND of {@link Requirement}s, kept sorted by key as upstream
 * does so that {@link #toString()} is canonical. Immutable and thread-safe.
 *
 * <p>Two ways in: {@link #parse} for the string form of {@code ?labelSelector=} and kubectl
 * {@code -l}, and {@link #fromJson} for a {@code metav1.LabelSelector} object as found in
 * {@code spec.selector} of workloads.
 */
public final class LabelSelector {
  private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  private final List<Requirement> requirements;
  private final boolean nothing;

  private LabelSelector(List<Requirement> requirements, boolean nothing) {
    this.requirements = requirements;
    this.nothing = nothing;
  }

  /** Matches every object. */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /** Matches no object (what a missing {@code metav1.LabelSelector} means). */
  public static LabelSelector nothing() {
    return NOTHING;
  }

  /**
   * Parses the string syntax ({@code a=b,c!=d,e in (f,g),!h}), validating keys and values as
   * {@code labels.Parse} does. Null or blank input selects everything.
   *
   * @throws SelectorSyntaxException (400 BadRequest) with Kubernetes' message
   */
  public static LabelSelector parse(String selector) {
    if (selector == null) return EVERYTHING;
    List<Requirement> reqs = LabelSelectorParser.parse(selector);
    return reqs.isEmpty() ? EVERYTHING : new LabelSelector(sorted(reqs), false);
  }

  /** Equality on every entry, without validation (Kubernetes' {@code SelectorFromSet}). */
  public static LabelSelector fromMap(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) return EVERYTHING;
    List<Requirement> reqs = new ArrayList<>();
    labels.forEach((k, v) -> reqs.add(new Requirement(k, Operator.EQUALS, List.of(v))));
    return new LabelSelector(sorted(reqs), false);
  }

  /**
   * Converts a {@code metav1.LabelSelector} ({@code matchLabels}, {@code matchExpressions} with
   * In/NotIn/Exists/DoesNotExist) as {@code LabelSelectorAsSelector} does: null or JSON null
   * selects nothing, an empty object selects everything.
   *
   * @throws SelectorSyntaxException when an operator is unknown or a key or value is invalid
   */
  public static LabelSelector fromJson(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) return NOTHING;
    JsonNode matchLabels = selector.get("matchLabels");
    JsonNode matchExpressions = selector.get("matchExpressions");
    int n = (matchLabels != null && matchLabels.isObject() ? matchLabels.size() : 0)
        + (matchExpressions != null && matchExpressions.isArray() ? matchExpressions.size() : 0);
    if (n == 0) return EVERYTHING;
    List<Requirement> reqs = new ArrayList<>();
    if (matchLabels != null && matchLabels.isObject()) {
      for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
        reqs.add(Requirement.of(e.getKey(), Operator.EQUALS, List.of(text(e.getValue()))));
      }
    }
    if (matchExpressions != null && matchExpressions.isArray()) {
      for (JsonNode expr : matchExpressions) {
        String opName = text(expr.get("operator"));
        Operator op = switch (opName) {
          case "In" -> Operator.IN;
          case "NotIn" -> Operator.NOT_IN;
          case "Exists" -> Operator.EXISTS;
          case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
          default -> throw new SelectorSyntaxException(
              LabelValidation.quote(opName) + " is not a valid label selector operator");
        };
        List<String> values = new ArrayList<>();
        JsonNode vals = expr.get("values");
        if (vals != null && vals.isArray()) vals.forEach(v -> values.add(text(v)));
        reqs.add(Requirement.of(text(expr.get("key")), op, values));
      }
    }
    return new LabelSelector(sorted(reqs), false);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? "" : n.asString();
  }

  private static List<Requirement> sorted(List<Requirement> reqs) {
    List<Requirement> copy = new ArrayList<>(reqs);
    copy.sort(Comparator.comparing(Requirement::key));
    return List.copyOf(copy);
  }

  public boolean matches(Map<String, String> labels) {
    if (nothing) return false;
    Map<String, String> ls = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      if (!r.matches(ls)) return false;
    }
    return true;
  }

  /** Matches a {@code metadata.labels} object (null or missing means no labels). */
  public boolean matches(JsonNode labels) {
    return matches(labelsOf(labels));
  }

  /** The labels of a {@code metadata.labels} JSON object as a map (non-text values as their text). */
  public static Map<String, String> labelsOf(JsonNode labels) {
    Map<String, String> m = new LinkedHashMap<>();
    if (labels != null && labels.isObject()) {
      for (Map.Entry<String, JsonNode> e : labels.properties()) m.put(e.getKey(), text(e.getValue()));
    }
    return m;
  }

  /** True when the selector does not restrict anything ({@link #nothing()} is not empty). */
  public boolean isEmpty() {
    return !nothing && requirements.isEmpty();
  }

  /** True only for {@link #nothing()}. */
  public boolean matchesNothing() {
    return nothing;
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  /**
   * The single value {@code key} must have (from {@code =}, {@code ==} or a one-value {@code in}),
   * so callers can use an index instead of a scan.
   */
  public Optional<String> requiresExactMatch(String key) {
    for (Requirement r : requirements) {
      if (!r.key().equals(key)) continue;
      return switch (r.operator()) {
        case EQUALS, DOUBLE_EQUALS, IN -> r.values().size() == 1 ? Optional.of(r.values().get(0)) : Optional.empty();
        default -> Optional.empty();
      };
    }
    return Optional.empty();
  }

  /** Canonical form: requirements sorted by key, joined by commas; "" for everything and nothing. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Requirement r : requirements) {
      if (!sb.isEmpty()) sb.append(',');
      sb.append(r);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector other && nothing == other.nothing && requirements.equals(other.requirements);
  }

  @Override
  public int hashCode() {
    return requirements.hashCode() * 31 + (nothing ? 1 : 0);
  }
}
