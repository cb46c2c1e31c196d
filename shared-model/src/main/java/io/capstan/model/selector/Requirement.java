package io.capstan.model.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One term of a label selector: a key, an operator and its values. Build it with {@link #of},
 * which applies Kubernetes' {@code labels.NewRequirement} rules.
 *
 * @param values as given (set-based parsing passes them sorted and de-duplicated)
 */
public record Requirement(String key, Operator operator, List<String> values) {

  public Requirement {
    values = List.copyOf(values);
  }

  /**
   * A validated requirement. Throws {@link SelectorSyntaxException} carrying every field error,
   * formatted as Kubernetes aggregates them ({@code key: Invalid value: ...}).
   */
  public static Requirement of(String key, Operator op, List<String> values) {
    List<String> errs = validate(key, op, values);
    if (!errs.isEmpty()) throw new SelectorSyntaxException(aggregate(errs));
    return new Requirement(key, op, values);
  }

  static List<String> validate(String key, Operator op, List<String> vals) {
    List<String> errs = new ArrayList<>();
    List<String> keyErrs = LabelValidation.isQualifiedName(key);
    if (!keyErrs.isEmpty()) errs.add(invalid("key", LabelValidation.quote(key), String.join("; ", keyErrs)));
    switch (op) {
      case IN, NOT_IN -> {
        if (vals.isEmpty()) {
          errs.add(invalid("values", jsonList(vals), "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (vals.size() != 1) {
          errs.add(invalid("values", jsonList(vals), "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!vals.isEmpty()) {
          errs.add(invalid("values", jsonList(vals), "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (vals.size() != 1) {
          errs.add(invalid("values", jsonList(vals), "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; i < vals.size(); i++) {
          if (parseLong(vals.get(i)) == null) {
            errs.add(invalid("values[" + i + "]", LabelValidation.quote(vals.get(i)),
                "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < vals.size(); i++) {
      List<String> valueErrs = LabelValidation.isLabelValue(vals.get(i));
      if (!valueErrs.isEmpty()) {
        errs.add(invalid("values[" + i + "][" + key + "]", LabelValidation.quote(vals.get(i)),
            String.join("; ", valueErrs)));
      }
    }
    return errs;
  }

  public boolean matches(Map<String, String> labels) {
    String val = labels.get(key);
    boolean exists = labels.containsKey(key);
    return switch (operator) {
      case IN, EQUALS, DOUBLE_EQUALS -> exists && values.contains(val);
      case NOT_IN, NOT_EQUALS -> !exists || !values.contains(val);
      case EXISTS -> exists;
      case DOES_NOT_EXIST -> !exists;
      case GREATER_THAN, LESS_THAN -> {
        if (!exists || values.size() != 1) yield false;
        Long have = parseLong(val);
        Long want = parseLong(values.get(0));
        if (have == null || want == null) yield false;
        yield operator == Operator.GREATER_THAN ? have > want : have < want;
      }
    };
  }

  /** Canonical form, values sorted: {@code a in (x,y)}, {@code !a}, {@code a!=b}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (operator == Operator.DOES_NOT_EXIST) sb.append('!');
    sb.append(key);
    switch (operator) {
      case EQUALS -> sb.append('=');
      case DOUBLE_EQUALS -> sb.append("==");
      case NOT_EQUALS -> sb.append("!=");
      case IN -> sb.append(" in ");
      case NOT_IN -> sb.append(" notin ");
      case GREATER_THAN -> sb.append('>');
      case LESS_THAN -> sb.append('<');
      case EXISTS, DOES_NOT_EXIST -> {
        return sb.toString();
      }
    }
    boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
    if (set) sb.append('(');
    sb.append(String.join(",", values.stream().sorted().toList()));
    if (set) sb.append(')');
    return sb.toString();
  }

  static Long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String invalid(String field, String renderedValue, String detail) {
    return field + ": Invalid value: " + renderedValue + ": " + detail;
  }

  /** utilerrors.Aggregate's text: one error as is, several as {@code [a, b]} without duplicates. */
  static String aggregate(List<String> errs) {
    List<String> distinct = errs.stream().distinct().toList();
    return distinct.size() == 1 ? distinct.get(0) : "[" + String.join(", ", distinct) + "]";
  }

  /** Go's json.Marshal of a []string (nil and empty both come from "no values": null). */
  static String jsonList(List<String> vals) {
    if (vals.isEmpty()) return "null";
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < vals.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(LabelValidation.quote(vals.get(i)));
    }
    return sb.append(']').toString();
  }
}
