package io.capstan.apiserver.apply;

import io.capstan.apiserver.apply.fieldpath.FieldSet;

/**
 * Where a write lands and what its strategy resets. Managers of a subresource are distinct
 * entries ({@code subresource: status}); reset fields (Kubernetes' {@code GetResetFields}, e.g.
 * {@code status} for a Deployment, {@code spec} and {@code metadata.labels} for its status) are
 * never owned or conflicted on by writes through this scope.
 *
 * @param subresource null or empty for the main resource
 */
public record WriteScope(String subresource, FieldSet resetFields) {
  public static final WriteScope MAIN = new WriteScope(null, FieldSet.EMPTY);

  public WriteScope {
    subresource = subresource == null || subresource.isEmpty() ? null : subresource;
    resetFields = resetFields == null ? FieldSet.EMPTY : resetFields;
  }

  /** The main resource, whose strategy resets these fields (e.g. {@code "status"}). */
  public static WriteScope mainResource(String... resetFields) {
    return new WriteScope(null, FieldSet.ofFields(resetFields));
  }

  /** A subresource such as {@code status}, whose strategy resets these fields (e.g. {@code "spec"}). */
  public static WriteScope subresource(String name, String... resetFields) {
    return new WriteScope(name, FieldSet.ofFields(resetFields));
  }

  public boolean isSubresource() {
    return subresource != null;
  }
}
