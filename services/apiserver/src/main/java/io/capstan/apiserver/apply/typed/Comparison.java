package io.capstan.apiserver.apply.typed;

import io.capstan.apiserver.apply.fieldpath.FieldSet;

/** The fields a change removed, modified and added (upstream's {@code typed.Comparison}). */
public record Comparison(FieldSet removed, FieldSet modified, FieldSet added) {

  public boolean isSame() {
    return removed.isEmpty() && modified.isEmpty() && added.isEmpty();
  }

  /** Without the given fields and everything under them, as reset fields are ignored. */
  public Comparison excludeFields(FieldSet fields) {
    if (fields == null || fields.isEmpty()) return this;
    return new Comparison(removed.recursiveDifference(fields), modified.recursiveDifference(fields),
        added.recursiveDifference(fields));
  }
}
