package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.FieldSet;
import io.capstan.apiserver.apply.fieldpath.PathElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Structured-merge operations on JSON trees of a known {@link SchemaType}, as
 * structured-merge-diff's {@code typed} package offers them. Inputs are never modified.
 */
public final class Typed {
  private Typed() {}

  /** The fields the value sets. */
  public static FieldSet toFieldSet(JsonNode value, SchemaType type) {
    return FieldSetWalker.toFieldSet(value, type);
  }

  /** What changed from {@code lhs} to {@code rhs}. */
  public static Comparison compare(JsonNode lhs, JsonNode rhs, SchemaType type) {
    return CompareWalker.compare(lhs, rhs, type);
  }

  /**
   * What changed between two objects as Kubernetes compares them once typed: with the empty
   * non-pointer structs (fields whose schema defaults to {@code {}}) present on both sides.
   */
  public static Comparison compareObjects(JsonNode lhs, JsonNode rhs, SchemaType type) {
    return CompareWalker.compare(ZeroStructs.fill(lhs, type), ZeroStructs.fill(rhs, type), type);
  }

  /** {@code config} merged into {@code live}; the configuration wins at every leaf. */
  public static JsonNode merge(JsonNode live, JsonNode config, SchemaType type) {
    return MergeWalker.merge(live, config, type);
  }

  /** The value without the set's members and what is under them; null when nothing remains. */
  public static JsonNode removeItems(JsonNode value, FieldSet toRemove, SchemaType type) {
    return toRemove.isEmpty() ? value : RemoveWalker.remove(value, toRemove, type);
  }

  /** Upstream's structural errors for an applied configuration; empty when it can be typed. */
  public static List<String> validate(JsonNode value, SchemaType type) {
    return ValidateWalker.validate(value, type);
  }

  /**
   * Adds, as members, the declared struct fields that only appear as parents, so that removing
   * such a member removes the whole struct (upstream's {@code EnsureNamedFieldsAreMembers}).
   */
  public static FieldSet ensureNamedFieldsAreMembers(FieldSet set, SchemaType type) {
    if (set.isEmpty()) return set;
    List<PathElement> members = new ArrayList<>(set.members());
    Map<PathElement, FieldSet> children = new TreeMap<>();
    set.children().forEach((pe, sub) -> {
      SchemaType childType = null;
      if (pe.isField() && type.hasMap()) {
        if (type.declares(pe.fieldName())) members.add(pe);
        childType = type.field(pe.fieldName());
      } else if (pe.isKey() && type.hasList()) {
        childType = type.item();
      }
      children.put(pe, childType == null ? sub : ensureNamedFieldsAreMembers(sub, childType));
    });
    return FieldSet.of(members, children);
  }
}
