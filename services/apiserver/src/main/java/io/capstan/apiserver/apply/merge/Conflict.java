package io.capstan.apiserver.apply.merge;

import io.capstan.apiserver.apply.fieldpath.FieldPath;

/** A field an apply would change that another manager owns; {@code manager} is its identifier. */
public record Conflict(String manager, FieldPath path) {}
