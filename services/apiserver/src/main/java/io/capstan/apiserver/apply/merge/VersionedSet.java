package io.capstan.apiserver.apply.merge;

import io.capstan.apiserver.apply.fieldpath.FieldSet;

/** The fields one manager owns, the API version it wrote them in, and whether it applied them. */
public record VersionedSet(FieldSet set, String apiVersion, boolean applied) {}
